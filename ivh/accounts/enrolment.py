"""Who may set up a first second factor: only a session that came through an invitation or a
reset link (see `services.account_link_redeem`). A password alone is never enough, so a
stolen password of an account without a device cannot be turned into full access."""

from __future__ import annotations

import time

from django.http import HttpRequest

SESSION_KEY = "ivh_enrolment"
# The grant lasts as long as a person needs to scan a QR code, not a working day.
GRANT_SECONDS = 30 * 60


def enrolment_grant(request: HttpRequest) -> None:
    """Call after logging the user in (login() cycles the session, the grant must come after)."""
    request.session[SESSION_KEY] = {
        "user": request.user.pk,
        "until": int(time.time()) + GRANT_SECONDS,
    }


def enrolment_allowed(request: HttpRequest) -> bool:
    grant = request.session.get(SESSION_KEY)
    return (
        isinstance(grant, dict)
        and request.user.is_authenticated
        and grant.get("user") == request.user.pk
        and isinstance(grant.get("until"), int)
        and grant["until"] > time.time()
    )


def enrolment_end(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
