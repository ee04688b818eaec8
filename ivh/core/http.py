"""Request types for the views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from ivh.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view that needs a login (every view not marked @login_not_required,
    LoginRequiredMiddleware): `request.user` is a `User`, never the anonymous user. For the
    type checker only; Django builds the requests."""

    user: User
