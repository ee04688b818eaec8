"""The confirmation e-mail of a registration: a reference and what happens next, never the
child's name, age or concerns."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Aanmelding

logger = logging.getLogger(__name__)

# The sweep leaves fresh registrations to their own task, and gives up on very old ones (a
# confirmation weeks late helps nobody; the coordinator contacts the family anyway).
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_MAX_AGE = timedelta(days=7)


def confirmation_recipients(aanmelding: Aanmelding) -> list[str]:
    return [email for email in (aanmelding.ouder_email, aanmelding.verwijzer_email) if email]


def aanmelding_send_confirmation(*, aanmelding_id: int) -> bool:
    """Send the confirmation once. The row lock and the sent timestamp, set in the same
    transaction, make a second task or the sweep a no-op. Returns whether a mail was sent."""
    with transaction.atomic():
        aanmelding = (
            Aanmelding.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("region")
            .filter(pk=aanmelding_id, confirmation_sent_at__isnull=True)
            .first()
        )
        if aanmelding is None:
            return False
        recipients = confirmation_recipients(aanmelding)
        if not recipients:
            return False
        with translation.override(aanmelding.taal or settings.LANGUAGE_CODE):
            context = {
                "aanmelding": aanmelding,
                "region": aanmelding.region,
                "base_url": settings.IVH_BASE_URL,
            }
            subject = _("Wij hebben uw aanmelding ontvangen (%(ref)s)") % {
                "ref": aanmelding.reference
            }
            body = render_to_string("aanmelding/email/bevestiging.txt", context)
        send_mail(subject, body, None, recipients)
        aanmelding.confirmation_sent_at = timezone.now()
        aanmelding.save(update_fields=["confirmation_sent_at"])
    return True


def aanmelding_sweep_unsent_confirmations() -> int:
    now = timezone.now()
    pending = (
        Aanmelding.objects.filter(
            confirmation_sent_at__isnull=True,
            received_at__lt=now - SWEEP_GRACE,
            received_at__gte=now - SWEEP_MAX_AGE,
        )
        .exclude(ouder_email="", verwijzer_email="")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in pending:
        try:
            sent += aanmelding_send_confirmation(aanmelding_id=pk)
        except Exception:  # one bad address must not stop the others
            logger.exception("Confirmation for registration %s failed; retried next sweep.", pk)
    return sent
