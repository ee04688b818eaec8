"""Why: the reason a user gives before opening a dossier that their role alone does not explain
(NEN 7513 asks for the "why" where the access is not routine).

Two kinds of access ask for it (docs/security.md, "Access log"):

- a substitute opening the dossier of the casemanager they cover for (casemanagement.access);
- a functioneel beheerder who also holds a dossier role, opening any dossier
  (`dossier_access_reason` below): configuration rights and dossier access in one person.

The reason is asked once per dossier per session (a login starts a new session), kept in the
session, and written on every access-log entry of that dossier in that session. A view that
needs one and finds none raises `AccessReasonRequired`; the view's `@asks_reason` decorator
turns that into the question page. Without the decorator it is a plain 403 (it is a
`PermissionDenied`): nothing is shown or changed without the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ivh.accounts.constants import DOSSIER_ROLES, Role
from ivh.accounts.models import User

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

SESSION_KEY = "ivh_toegang_redenen"
# A session keeps the reasons of this many dossiers at most (the oldest go first): a bound on
# the session row, far above what one working day opens.
MAX_REASONS = 200
SIGNING_SALT = "ivh.audit.reasons"
# The question page's form is valid this long (seconds).
QUESTION_MAX_AGE = 60 * 60


@dataclass(frozen=True)
class ReasonQuestion:
    """What to ask: for which dossier (`key`, e.g. "casemanagement.traject:12"), why the
    application asks (`why`, shown above the field), a suggestion the user confirms or changes
    (may be empty), and where to go back to when the request that asked was not a GET."""

    key: str
    why: str
    suggestion: str = ""
    back: str = ""


class AccessReasonRequired(PermissionDenied):
    """The dossier opens only after the user has said why."""

    def __init__(self, question: ReasonQuestion) -> None:
        super().__init__(question.why)
        self.question = question


def reason_key(obj: Any) -> str:
    """The key of one dossier object: its model label and primary key."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _reasons(request: HttpRequest) -> dict[str, str]:
    session = getattr(request, "session", None)
    if session is None:
        return {}
    stored = session.get(SESSION_KEY)
    return stored if isinstance(stored, dict) else {}


def access_reason(request: HttpRequest, key: str) -> str:
    """The reason given in this session for dossier `key`, or ""."""
    return _reasons(request).get(key, "")


def access_reason_store(*, request: HttpRequest, key: str, reason: str) -> None:
    """Keep `reason` for dossier `key` for the rest of the session."""
    reasons = {k: v for k, v in _reasons(request).items() if k != key}
    reasons[key] = reason.strip()
    # Dicts keep their order: the oldest reasons are the first ones.
    request.session[SESSION_KEY] = dict(list(reasons.items())[-MAX_REASONS:])


def access_reason_require(request: HttpRequest, question: ReasonQuestion) -> str:
    """The reason given for `question.key`; raises `AccessReasonRequired` when there is none."""
    reason = access_reason(request, question.key)
    if not reason:
        raise AccessReasonRequired(question)
    return reason


def holds_beheer_and_dossier_role(user: User) -> bool:
    """A functioneel beheerder who also holds a role that opens dossiers: every dossier they
    open needs a reason (the grant of that role needed one too, ivh.accounts.services)."""
    return user.has_role(Role.BEHEERDER) and user.has_role(*DOSSIER_ROLES)


BEHEERDER_WHY = _(
    "U bent functioneel beheerder en hebt ook een rol waarmee u dossiers opent. Schrijf "
    "kort op waarom u dit dossier opent."
)


def dossier_access_reason(request: HttpRequest, obj: Any, *, back: str = "") -> str:
    """The reason for opening `obj` when the user's access needs one beyond their role (a
    beheerder who also holds a dossier role), else "". Raises `AccessReasonRequired` when one is
    needed and not yet given. The casemanagement app adds substitution (its own rule)."""
    user = request.user
    if not isinstance(user, User) or not holds_beheer_and_dossier_role(user):
        return ""
    return access_reason_require(
        request, ReasonQuestion(key=reason_key(obj), why=str(BEHEERDER_WHY), back=back)
    )


# --- the question -------------------------------------------------------------------------


def sign_question(user: User, question: ReasonQuestion) -> str:
    """The question, signed for this user: the answer form can only store a reason for a
    question the application asked this user (and shows its text again with an error)."""
    return signing.dumps(
        {"u": user.pk, "k": question.key, "w": str(question.why)}, salt=SIGNING_SALT
    )


def unsign_question(user: User, signed: str) -> ReasonQuestion | None:
    """The signed question for this user, or None (forged, expired, or for someone else)."""
    try:
        data = signing.loads(signed, salt=SIGNING_SALT, max_age=QUESTION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    key, why = data.get("k"), data.get("w")
    if not isinstance(key, str) or not isinstance(why, str):
        return None
    return ReasonQuestion(key=key, why=why)


def reason_question_response(request: HttpRequest, question: ReasonQuestion) -> HttpResponse:
    """The question page: why the application asks, and the reason field (with the suggestion
    filled in). It shows nothing of the dossier."""
    from .forms import AccessReasonForm

    # Back to this page after a GET; a POST (a change) is not repeated: back to the dossier.
    back = request.get_full_path() if request.method in ("GET", "HEAD") else question.back or "/"
    # Only raised for a logged-in user (`access_reason_require` is reached through one).
    user = cast(User, request.user)
    form = AccessReasonForm(
        initial={
            "sleutel": sign_question(user, question),
            "volgende": back,
            "reden": question.suggestion,
        }
    )
    return render(request, "audit/access_reason.html", {"form": form, "question": question})


def asks_reason(view: Callable[P, R]) -> Callable[P, R | HttpResponse]:
    """Shows the question page when the view needs a reason it was not given yet."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
        try:
            return view(*args, **kwargs)
        except AccessReasonRequired as needed:
            # A view's first argument is its request.
            return reason_question_response(cast(HttpRequest, args[0]), needed.question)

    return wrapper
