"""Staff sessions for the benchmark, made in the database the server reads: Django's own
login() on a request object (the login signals run, so the session has its login stamp), with a
confirmed TOTP device recorded as passed, as after the code page. No URL is involved."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from ivh.accounts.models import User

BACKEND = "django.contrib.auth.backends.ModelBackend"


def staff_session_key(user: User) -> str:
    """A new session of `user` with the second factor passed; returns its key (the cookie)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    request = HttpRequest()
    request.META.update(
        REMOTE_ADDR="127.0.0.1",
        SERVER_NAME="127.0.0.1",
        SERVER_PORT="443",
        HTTP_USER_AGENT="ivh-bench",
    )
    request.session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    request.user = AnonymousUser()
    # django-otp's own receiver records the device as verified when login() sees this.
    user.otp_device = device  # type: ignore[attr-defined]
    login(request, user, backend=BACKEND)
    request.session.save()
    assert request.session.session_key
    return request.session.session_key
