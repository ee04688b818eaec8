from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .logsafe import SECRET_ARGUMENT


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: no powerful browser features, no caching of pages
    that may hold personal data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        # No other site may embed or read this site's responses (pages, files, images).
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        # A page reached with a secret in its URL (a parent's link, an answer link, an account
        # link) sends only the origin as Referer, never its path, so the token reaches no log.
        # Not "no-referrer": browsers then send "Origin: null" with the page's own forms, which
        # the CSRF check rightly refuses.
        match = getattr(request, "resolver_match", None)
        if match is not None and any(SECRET_ARGUMENT.search(name) for name in match.kwargs):
            response.headers["Referrer-Policy"] = "strict-origin"
        return response
