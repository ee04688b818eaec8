"""The project's URLs plus the bench's bare view (bench settings only; never in ivh.urls)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from ivh.urls import urlpatterns as project_urlpatterns


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """The floor: every middleware, no database work of its own, a few bytes of text."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
