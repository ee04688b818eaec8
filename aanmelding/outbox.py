"""E-mail content of the registration: the confirmation. A reference and what happens next,
never the child's name, age or concerns. Sent through the outbox (ivh.outbox)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ivh.outbox.models import OutboxMessage
from ivh.outbox.registry import Rendered, renderer

from .constants import Kanaal
from .models import Aanmelding
from .selectors import first_contact_promise

CONFIRMATION = "aanmelding.bevestiging"


def confirmation_recipients(aanmelding: Aanmelding) -> list[tuple[str, str]]:
    """(role, address) of everyone who gets the confirmation: the parent and the referrer."""
    return [
        (role, email)
        for role, email in (
            ("ouder", aanmelding.ouder_email),
            ("verwijzer", aanmelding.verwijzer_email),
        )
        if email
    ]


@renderer(CONFIRMATION)
def render_confirmation(message: OutboxMessage) -> Rendered | None:
    aanmelding = (
        Aanmelding.objects.select_related("region")
        .filter(pk=message.context["aanmelding_id"])
        .first()
    )
    if aanmelding is None:
        return None
    context = {
        "aanmelding": aanmelding,
        "region": aanmelding.region,
        "days": first_contact_promise(aanmelding)[0],
        "rol": message.context.get("rol", "ouder"),
        "base_url": settings.IVH_BASE_URL,
    }

    def stamp() -> None:
        Aanmelding.objects.filter(pk=aanmelding.pk, confirmation_sent_at__isnull=True).update(
            confirmation_sent_at=timezone.now()
        )

    if context["rol"] == "ouder" and aanmelding.kanaal == Kanaal.PROFESSIONAL:
        # A professional registered their child: the parent did not send anything themselves.
        subject = _("Uw kind is aangemeld bij Integrale Vroeghulp (%(ref)s)")
    else:
        subject = _("Wij hebben uw aanmelding ontvangen (%(ref)s)")
    return Rendered(
        subject=subject % {"ref": aanmelding.reference},
        body=render_to_string("aanmelding/email/bevestiging.txt", context),
        after_send=stamp,
    )
