"""The mails of the signals: one signal (the rule, how far over, the reference and a link), and
the daily overview per person. No child's name or concerns. A signal mail whose signal was
resolved before its turn came (e.g. at night) is not sent."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ivh.accounts.models import User
from ivh.outbox.models import DigestItem, OutboxMessage
from ivh.outbox.registry import Rendered, get_staff_kind, renderer, staff_kind
from ivh.termijnen.constants import Niveau, Regel

from .models import Signaal
from .selectors import signal_counts
from .subjects import subjects

SIGNAAL_MAIL = "signalen.signaal"
DIGEST_MAIL = "signalen.dagoverzicht"


def signaal_mail_key(signaal_id: int, user_id: int) -> str:
    return f"{SIGNAAL_MAIL}:{signaal_id}:{user_id}"


def digest_mail_key(user_id: int, day: str) -> str:
    return f"{DIGEST_MAIL}:{user_id}:{day}"


def _about(signaal: Signaal) -> tuple[str, str] | None:
    key = (signaal.termijn.subject_kind, signaal.termijn.subject_id)
    subject = subjects({key}).get(key)
    if subject is None:
        return None
    return subject.reference, settings.IVH_BASE_URL.rstrip("/") + subject.path


def _signaal(signaal_id: object) -> Signaal | None:
    if not isinstance(signaal_id, int):
        return None
    return Signaal.objects.select_related("termijn", "region").filter(pk=signaal_id).first()


def _signaal_line(context: dict[str, object]) -> str:
    signaal = _signaal(context.get("signaal_id"))
    if signaal is None or signaal.resolved_at is not None:
        return ""
    about = _about(signaal)
    return _("%(regel)s: %(level)s (%(reference)s)") % {
        "regel": capfirst(signaal.get_regel_display()),
        "level": signaal.get_level_display(),
        "reference": about[0] if about else "–",
    }


# A signal is the safety net of the waiting times: it may go to the overview, never nowhere.
staff_kind(
    SIGNAAL_MAIL,
    label=gettext_lazy("Een termijn is over de norm"),
    line=_signaal_line,
    safety=True,
)


@renderer(SIGNAAL_MAIL)
def render_signaal(message: OutboxMessage) -> Rendered | None:
    signaal = _signaal(message.context["signaal_id"])
    if signaal is None or signaal.resolved_at is not None:
        return None
    about = _about(signaal)
    if about is None:
        return None
    reference, url = about
    return Rendered(
        subject=_("Signaal %(level)s: %(regel)s (%(reference)s)")
        % {
            "level": signaal.get_level_display(),
            "regel": signaal.get_regel_display(),
            "reference": reference,
        },
        body=render_to_string(
            "signalen/email/signaal.txt", {"signaal": signaal, "reference": reference, "url": url}
        ),
    )


@renderer(DIGEST_MAIL)
def render_digest(message: OutboxMessage) -> Rendered | None:
    """Counts of the open signals the person may see, and the messages they chose to receive
    here; nothing to say, nothing sent."""
    user = User.objects.filter(pk=message.context["user_id"], is_active=True).first()
    if user is None:
        return None
    counts = sorted(signal_counts(user).items())
    items = list(
        DigestItem.objects.filter(user=user, digested_at__isnull=True).order_by("created_at")
    )
    lines = [line for line in (_item_line(item) for item in items) if line]
    if not counts and not lines:
        return None
    base = settings.IVH_BASE_URL.rstrip("/")
    body = render_to_string(
        "signalen/email/dagoverzicht.txt",
        {
            "counts": [
                (Regel(regel).label, Niveau(level).label, n) for (regel, level), n in counts
            ],
            "lines": lines,
            "signalen_url": base + reverse("signalen:overzicht"),
            "voorkeuren_url": base + reverse("outbox:voorkeuren"),
        },
    )
    ids = [item.pk for item in items]
    return Rendered(
        subject=_("Dagoverzicht IVH-coördinatie"),
        body=body,
        after_send=_mark_digested(ids),
    )


def _item_line(item: DigestItem) -> str:
    try:
        return get_staff_kind(item.kind).line(item.context)
    except LookupError:
        return ""


def _mark_digested(ids: list[int]) -> Callable[[], None]:
    def mark() -> None:
        DigestItem.objects.filter(pk__in=ids).update(digested_at=timezone.now())

    return mark


# The bundle mail is rendered in `digest` (beside the daily overview); importing it here registers
# its renderer wherever the outbox modules are discovered.
from . import digest  # noqa: E402, F401
