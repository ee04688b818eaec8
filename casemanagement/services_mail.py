"""E-mails to parents: their personal link, and the satisfaction survey after closure. Never a
child's name, age, concerns or plan: a greeting, a link, and who to call."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OuderLink, Tevredenheid

logger = logging.getLogger(__name__)

REMINDER_AFTER = timedelta(days=7)


def _link_url(token: str) -> str:
    return settings.IVH_BASE_URL.rstrip("/") + reverse("casemanagement:ouder", args=[token])


def ouderlink_send_mail(*, link_id: int, token: str) -> bool:
    link = OuderLink.objects.select_related("gezin__region").filter(pk=link_id).first()
    if link is None or not link.usable:
        return False
    region = link.gezin.region
    body = render_to_string(
        "casemanagement/email/ouderlink.txt",
        {"url": _link_url(token), "region": region, "days": settings.IVH_OUDERLINK_DAYS},
    )
    send_mail(_("Uw persoonlijke link voor Integrale Vroeghulp"), body, None, [link.email])
    return True


def survey_send(*, traject_id: int) -> bool:
    """Invite the parents to the survey, or remind them once a week later. Idempotent: the
    timestamps, set in the same locked transaction, make a repeat a no-op."""
    from .services import ouderlink_create

    with transaction.atomic():
        survey = (
            Tevredenheid.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("traject__gezin__region")
            .filter(traject_id=traject_id, answered_at__isnull=True)
            .first()
        )
        if survey is None:
            return False
        now = timezone.now()
        if survey.uitgenodigd_op is None:
            field = "uitgenodigd_op"
        elif survey.herinnerd_op is None and now - survey.uitgenodigd_op >= REMINDER_AFTER:
            field = "herinnerd_op"
        else:
            return False
        gezin = survey.traject.gezin
        if not gezin.ouder_email:
            return False
        _link, token = ouderlink_create(gezin=gezin, by=None, email=gezin.ouder_email)
        body = render_to_string(
            "casemanagement/email/tevredenheid.txt",
            {
                "url": _link_url(token),
                "region": gezin.region,
                "herinnering": field == "herinnerd_op",
            },
        )
        send_mail(_("Hoe was de hulp van Integrale Vroeghulp?"), body, None, [gezin.ouder_email])
        setattr(survey, field, now)
        survey.save(update_fields=[field])
    return True


def survey_sweep() -> int:
    """Invitations not sent yet (broker down, task lost) and reminders that are due."""
    now = timezone.now()
    due = Tevredenheid.objects.filter(
        answered_at__isnull=True, traject__gezin__ouder_email__gt=""
    ).filter(
        Q(uitgenodigd_op__isnull=True)
        | Q(herinnerd_op__isnull=True, uitgenodigd_op__lte=now - REMINDER_AFTER)
    )
    sent = 0
    for traject_id in due.values_list("traject_id", flat=True):
        try:
            sent += survey_send(traject_id=traject_id)
        except Exception:
            logger.exception("Survey mail for traject %s failed; retried next sweep.", traject_id)
    return sent
