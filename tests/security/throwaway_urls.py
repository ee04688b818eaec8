"""The project's URLs plus one new view that nobody wrote an access rule for (the matrix must
report it), for tests/security/test_url_matrix.py."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def forgotten(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Een nieuwe pagina")


urlpatterns = [
    path("nieuw-zonder-regel/", forgotten, name="forgotten_view"),
    path("", include("ivh.urls")),
]
