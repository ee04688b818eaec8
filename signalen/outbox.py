"""The mail about a signal: the rule, how far over, the reference and a link. No child's name or
concerns. Not sent when the signal was resolved before the mail's turn came (e.g. at night)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ivh.outbox.models import OutboxMessage
from ivh.outbox.registry import Rendered, renderer

from .models import Signaal
from .subjects import subjects

SIGNAAL_MAIL = "signalen.signaal"


def signaal_mail_key(signaal_id: int, user_id: int) -> str:
    return f"{SIGNAAL_MAIL}:{signaal_id}:{user_id}"


@renderer(SIGNAAL_MAIL)
def render_signaal(message: OutboxMessage) -> Rendered | None:
    signaal = (
        Signaal.objects.select_related("termijn", "region")
        .filter(pk=message.context["signaal_id"])
        .first()
    )
    if signaal is None or signaal.resolved_at is not None:
        return None
    key = (signaal.termijn.subject_kind, signaal.termijn.subject_id)
    subject = subjects({key}).get(key)
    if subject is None:
        return None
    context = {
        "signaal": signaal,
        "reference": subject.reference,
        "url": settings.IVH_BASE_URL.rstrip("/") + subject.path,
    }
    return Rendered(
        subject=_("Signaal %(level)s: %(regel)s (%(reference)s)")
        % {
            "level": signaal.get_level_display(),
            "regel": signaal.get_regel_display(),
            "reference": subject.reference,
        },
        body=render_to_string("signalen/email/signaal.txt", context),
    )
