"""Server-side session limits: a session ends after IVH_SESSION_IDLE_SECONDS without activity and
IVH_SESSION_ABSOLUTE_HOURS after the login, whatever the browser does. The login time is stamped
into the session when Django logs someone in (every path: the login form, an account link, the
test client's force_login); a session without the stamp is ended, so nothing is exempt.

The browser is warned before the inactivity limit (static/js/sessie.js): the page carries the
seconds left, the script asks the server again before it warns (another tab may have been in
use) and offers "Blijf ingelogd", which posts to a small endpoint that counts as activity."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

LOGIN_AT = "ivh_login_at"
SEEN_AT = "ivh_seen_at"


def _now() -> float:
    # timezone.now(), not time.time(): tests move the clock with time-machine, and the database
    # session backend compares expiry dates with timezone.now() too.
    return timezone.now().timestamp()


def idle_seconds() -> int:
    return settings.IVH_SESSION_IDLE_SECONDS


def absolute_seconds() -> int:
    return settings.IVH_SESSION_ABSOLUTE_HOURS * 3600


def session_stamp_login(session: SessionBase) -> None:
    """Called when a user logs in (after login() gave the session a new key)."""
    now = _now()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


@dataclass(frozen=True)
class SessionState:
    expired: bool
    # Seconds until the session ends if nothing happens (the smaller of the two limits).
    remaining: int


def session_check(session: SessionBase, *, activity: bool) -> SessionState:
    """Whether the session is over either limit; if not, and `activity`, this request counts as
    activity. A session without a login stamp counts as expired."""
    now = _now()
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if not isinstance(login_at, int | float) or not isinstance(seen_at, int | float):
        return SessionState(expired=True, remaining=0)
    absolute_left = login_at + absolute_seconds() - now
    idle_left = seen_at + idle_seconds() - now
    if absolute_left <= 0 or idle_left <= 0:
        return SessionState(expired=True, remaining=0)
    if activity:
        session[SEEN_AT] = now
        idle_left = idle_seconds()
    # Rounded up: 0 only once the session has really ended, so the warning script never reloads
    # the page (which would count as activity) a fraction of a second too early.
    return SessionState(expired=False, remaining=math.ceil(min(absolute_left, idle_left)))
