"""The project's URLs plus one view that fails, for the error page and error log tests."""

from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from ivh.urls import urlpatterns as project_urlpatterns


@login_not_required
def boom(request: HttpRequest, token: str) -> HttpResponse:
    # What Postgres says about a refused row: every value of the row, a parent's address too.
    raise IntegrityError(
        'new row for relation "aanmelding_aanmelding" violates check constraint '
        '"kind_leeftijd"\nDETAIL:  Failing row contains (12, Noor, 2015-05-01, '
        "fatima@example.org, 06 12345678).\n"
        "Key (ouder_email)=(fatima@example.org) already exists."
    )


urlpatterns = [path("kapot/<str:token>/", boom), *project_urlpatterns]
