"""MDO invitations, updates, cancellations and reminders by e-mail, each with an iCalendar
(RFC 5545) attachment. Never a child's name or concerns: the date, the place, a link to the
agenda (behind the login) and a link to answer."""

from __future__ import annotations

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .constants import Antwoord, DeelnemerSoort, MdoStatus
from .models import Deelnemer
from .services import antwoord_token

logger = logging.getLogger(__name__)


def _url(path: str) -> str:
    return settings.IVH_BASE_URL.rstrip("/") + path


def _answer_url(deelnemer: Deelnemer) -> str:
    return _url(reverse("mdo:antwoord", args=[antwoord_token(deelnemer)]))


def _organizer() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@ivh.example"


def build_ics(deelnemer: Deelnemer, *, cancel: bool) -> bytes:
    """One VEVENT for this person: the whole meeting, or for parents their own agenda item.
    The UID stays the same for every update; SEQUENCE follows the MDO's."""
    mdo = deelnemer.mdo
    item = deelnemer.agendapunt if deelnemer.soort == DeelnemerSoort.OUDER else None
    start, end = deelnemer.slot
    uid = f"mdo-{mdo.uid}" + (f"-punt-{item.pk}" if item else "") + "@ivh-coordinatie"

    cal = Calendar()
    cal.add("prodid", "-//IVH-coördinatie//MDO//NL")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", mdo.sequence + (1 if cancel and mdo.status == MdoStatus.GEPLAND else 0))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(start))
    event.add("dtend", timezone.localtime(end))
    summary = (
        _("Gesprek over uw kind met Integrale Vroeghulp")
        if item
        else _("MDO Integrale Vroeghulp %(region)s") % {"region": mdo.region.name}
    )
    event.add("summary", summary)
    if mdo.locatie:
        event.add("location", mdo.locatie)
    elif mdo.video_link:
        event.add("location", mdo.video_link)
    description = [_("Laat weten of u komt: %(url)s") % {"url": _answer_url(deelnemer)}]
    if deelnemer.user_id:
        description.append(
            _("Agenda: %(url)s") % {"url": _url(reverse("mdo:detail", args=[mdo.pk]))}
        )
    if mdo.video_link:
        description.append(_("Beeldbellen: %(url)s") % {"url": mdo.video_link})
    event.add("description", "\n".join(description))
    if mdo.video_link:
        event.add("url", mdo.video_link)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_organizer()}")
    organizer.params["cn"] = vText(mdo.region.aanmeldpunt_naam)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{deelnemer.email}")
    attendee.params["cn"] = vText(deelnemer.naam)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee)
    cal.add_component(event)
    cal.add_missing_timezones()  # VTIMEZONE for Europe/Amsterdam, so times are local
    return cal.to_ical()


def _due_action(deelnemer: Deelnemer) -> str | None:
    """'request' (invitation or update), 'cancel', or None when this person is up to date."""
    mdo = deelnemer.mdo
    if deelnemer.verwijderd_op is not None or mdo.status == MdoStatus.GEANNULEERD:
        if deelnemer.sent_sequence is not None and deelnemer.cancel_sent_at is None:
            return "cancel"
        return None
    if mdo.status != MdoStatus.GEPLAND or mdo.starts_at < timezone.now():
        return None
    if deelnemer.sent_sequence is None or deelnemer.sent_sequence < mdo.sequence:
        return "request"
    return None


def invitation_send(*, deelnemer_id: int) -> str | None:
    """Send what this person is due, once: the row lock and the stored sequence make a repeat
    (a retried task, the sweep) a no-op. Returns what was sent."""
    with transaction.atomic():
        deelnemer = (
            Deelnemer.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("mdo", "mdo__region", "agendapunt")
            .filter(pk=deelnemer_id)
            .first()
        )
        if deelnemer is None:
            return None
        action = _due_action(deelnemer)
        if action is None:
            return None
        mdo = deelnemer.mdo
        cancel = action == "cancel"
        # Parents read Dutch unless they filled in the form in English; staff read Dutch.
        language = "nl"
        if deelnemer.agendapunt_id and deelnemer.agendapunt.traject.aanmelding_id:
            language = deelnemer.agendapunt.traject.aanmelding.taal or "nl"
        with translation.override(language):
            context = {
                "mdo": mdo,
                "deelnemer": deelnemer,
                "ouder": deelnemer.soort == DeelnemerSoort.OUDER,
                "cancel": cancel,
                "update": not cancel and deelnemer.sent_sequence is not None,
                "start": timezone.localtime(deelnemer.slot[0]),
                "answer_url": _answer_url(deelnemer),
                "agenda_url": _url(reverse("mdo:detail", args=[mdo.pk]))
                if deelnemer.user_id
                else "",
            }
            subject = (
                _("Afgezegd: MDO Integrale Vroeghulp")
                if cancel
                else _("Gewijzigd: MDO Integrale Vroeghulp")
                if context["update"]
                else _("Uitnodiging: MDO Integrale Vroeghulp")
            )
            body = render_to_string("mdo/email/uitnodiging.txt", context)
            ics = build_ics(deelnemer, cancel=cancel)
        message = EmailMessage(subject, body, None, [deelnemer.email])
        method = "CANCEL" if cancel else "REQUEST"
        message.attach("uitnodiging.ics", ics, f"text/calendar; charset=utf-8; method={method}")
        message.send()
        now = timezone.now()
        if cancel:
            deelnemer.cancel_sent_at = now
            deelnemer.save(update_fields=["cancel_sent_at"])
        else:
            deelnemer.sent_sequence = mdo.sequence
            deelnemer.sent_at = now
            deelnemer.save(update_fields=["sent_sequence", "sent_at"])
    return action


def reminder_send(*, deelnemer_id: int) -> bool:
    """One reminder shortly before the meeting to everyone who did not decline."""
    with transaction.atomic():
        deelnemer = (
            Deelnemer.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("mdo", "mdo__region", "agendapunt")
            .filter(pk=deelnemer_id, herinnerd_op__isnull=True)
            .first()
        )
        if deelnemer is None or not _reminders_due().filter(pk=deelnemer.pk).exists():
            return False
        mdo = deelnemer.mdo
        context = {
            "mdo": mdo,
            "ouder": deelnemer.soort == DeelnemerSoort.OUDER,
            "start": timezone.localtime(deelnemer.slot[0]),
            "answer_url": _answer_url(deelnemer),
        }
        body = render_to_string("mdo/email/herinnering.txt", context)
        EmailMessage(
            _("Herinnering: MDO Integrale Vroeghulp"), body, None, [deelnemer.email]
        ).send()
        deelnemer.herinnerd_op = timezone.now()
        deelnemer.save(update_fields=["herinnerd_op"])
    return True


def _reminders_due():  # noqa: ANN202 - a queryset
    now = timezone.now()
    return Deelnemer.objects.filter(
        mdo__status=MdoStatus.GEPLAND,
        mdo__starts_at__gt=now,
        mdo__starts_at__lte=now + timedelta(hours=settings.IVH_MDO_HERINNERING_UREN),
        verwijderd_op__isnull=True,
        herinnerd_op__isnull=True,
        sent_sequence__isnull=False,
    ).exclude(antwoord=Antwoord.KOMT_NIET)


def invitation_sweep() -> int:
    """Invitations, updates and cancellations not sent yet (broker down, task lost), and the
    reminders that are due. One query each for what is due."""
    now = timezone.now()
    due = Deelnemer.objects.filter(
        Q(
            mdo__status=MdoStatus.GEPLAND,
            mdo__starts_at__gt=now,
            verwijderd_op__isnull=True,
        )
        & (Q(sent_sequence__isnull=True) | Q(sent_sequence__lt=F("mdo__sequence")))
        | (
            (Q(verwijderd_op__isnull=False) | Q(mdo__status=MdoStatus.GEANNULEERD))
            & Q(sent_sequence__isnull=False, cancel_sent_at__isnull=True)
        )
    )
    sent = 0
    for deelnemer_id in due.values_list("pk", flat=True):
        try:
            sent += invitation_send(deelnemer_id=deelnemer_id) is not None
        except Exception:
            logger.exception("MDO mail for deelnemer %s failed; retried next sweep.", deelnemer_id)
    for deelnemer_id in _reminders_due().values_list("pk", flat=True):
        try:
            sent += reminder_send(deelnemer_id=deelnemer_id)
        except Exception:
            logger.exception("MDO reminder for %s failed; retried next sweep.", deelnemer_id)
    return sent
