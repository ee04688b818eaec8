"""Receivers for the two events that only libraries announce: Django logging someone in (the
session gets its login stamp for the absolute time limit) and django-axes locking an account."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .services import account_lockout_record
from .sessions import session_stamp_login


@receiver(user_logged_in, dispatch_uid="ivh.accounts.session_stamp_login")
def _stamp_login(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_stamp_login(request.session)


@receiver(user_locked_out, dispatch_uid="ivh.accounts.lockout_record")
def _record_lockout(
    sender: object, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    # axes announces a lockout again on every attempt while it lasts (each one is counted);
    # the security record gets the moment the account was locked, once.
    failures = getattr(request, "axes_failures_since_start", None)
    if username and failures == settings.AXES_FAILURE_LIMIT:
        account_lockout_record(username=username)
