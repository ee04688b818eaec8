"""MDO invitations, updates, cancellations and reminders by e-mail, each with an iCalendar
(RFC 5545) attachment. Never a child's name or concerns: the date, the place, a link to the
agenda (behind the login) and a link to answer. Rows are written by `mdo.services`; these
renderers check the state again at sending time, so a superseded row is skipped."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, vCalAddress, vText

from ivh.outbox.models import OutboxMessage
from ivh.outbox.registry import Attachment, Rendered, renderer, staff_kind

from .constants import AdviesactieStatus, Antwoord, DeelnemerSoort, MdoStatus
from .models import Adviesactie, Deelnemer
from .tokens import antwoord_token

INVITATION = "mdo.uitnodiging"
CANCELLATION = "mdo.afzegging"
REMINDER = "mdo.herinnering"


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
    organizer.params["cn"] = vText(mdo.region.aanmeldpunt_name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{deelnemer.email}")
    attendee.params["cn"] = vText(deelnemer.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee)
    cal.add_component(event)
    cal.add_missing_timezones()  # VTIMEZONE for Europe/Amsterdam, so times are local
    return cal.to_ical()


def _deelnemer(message: OutboxMessage) -> Deelnemer | None:
    """The participant of the row, unless their address was corrected since it was written."""
    deelnemer = (
        Deelnemer.objects.select_related("mdo", "mdo__region", "agendapunt")
        .filter(pk=message.context["deelnemer_id"])
        .first()
    )
    if deelnemer is None or deelnemer.email.lower() != message.recipient.lower():
        return None
    return deelnemer


def _current(deelnemer: Deelnemer, sequence: int) -> bool:
    """The invitation for this sequence still stands: invited, meeting planned, not moved
    since, not begun."""
    mdo = deelnemer.mdo
    return (
        deelnemer.withdrawn_at is None
        and mdo.status == MdoStatus.GEPLAND
        and mdo.sequence == sequence
        and mdo.starts_at > timezone.now()
    )


def _invitation(deelnemer: Deelnemer, *, cancel: bool) -> tuple[str, str, bytes]:
    update = not cancel and deelnemer.sent_sequence is not None
    context = {
        "mdo": deelnemer.mdo,
        "deelnemer": deelnemer,
        "ouder": deelnemer.soort == DeelnemerSoort.OUDER,
        "cancel": cancel,
        "update": update,
        "start": timezone.localtime(deelnemer.slot[0]),
        "answer_url": _answer_url(deelnemer),
        "agenda_url": _url(reverse("mdo:detail", args=[deelnemer.mdo_id]))
        if deelnemer.user_id
        else "",
    }
    subject = (
        _("Afgezegd: MDO Integrale Vroeghulp")
        if cancel
        else _("Gewijzigd: MDO Integrale Vroeghulp")
        if update
        else _("Uitnodiging: MDO Integrale Vroeghulp")
    )
    body = render_to_string("mdo/email/uitnodiging.txt", context)
    return subject, body, build_ics(deelnemer, cancel=cancel)


def _ics(content: bytes, *, cancel: bool) -> Attachment:
    method = "CANCEL" if cancel else "REQUEST"
    return Attachment("uitnodiging.ics", content, f"text/calendar; charset=utf-8; method={method}")


@renderer(INVITATION)
def render_invitation(message: OutboxMessage) -> Rendered | None:
    deelnemer = _deelnemer(message)
    sequence = message.context["sequence"]
    if deelnemer is None or not _current(deelnemer, sequence):
        return None
    if deelnemer.sent_sequence is not None and deelnemer.sent_sequence >= sequence:
        return None
    subject, body, ics = _invitation(deelnemer, cancel=False)

    def stamp() -> None:
        Deelnemer.objects.filter(pk=deelnemer.pk).update(
            sent_sequence=sequence, sent_at=timezone.now()
        )

    return Rendered(subject, body, [_ics(ics, cancel=False)], after_send=stamp)


@renderer(CANCELLATION)
def render_cancellation(message: OutboxMessage) -> Rendered | None:
    deelnemer = _deelnemer(message)
    # Only someone who received an invitation needs a cancellation for their calendar.
    if deelnemer is None or deelnemer.sent_sequence is None or deelnemer.cancel_sent_at:
        return None
    if deelnemer.withdrawn_at is None and deelnemer.mdo.status != MdoStatus.GEANNULEERD:
        return None
    subject, body, ics = _invitation(deelnemer, cancel=True)

    def stamp() -> None:
        Deelnemer.objects.filter(pk=deelnemer.pk).update(cancel_sent_at=timezone.now())

    return Rendered(subject, body, [_ics(ics, cancel=True)], after_send=stamp)


@renderer(REMINDER)
def render_reminder(message: OutboxMessage) -> Rendered | None:
    """One reminder shortly before the meeting to everyone invited who did not decline."""
    deelnemer = _deelnemer(message)
    sequence = message.context["sequence"]
    if deelnemer is None or not _current(deelnemer, sequence):
        return None
    if deelnemer.sent_sequence != sequence or deelnemer.antwoord == Antwoord.KOMT_NIET:
        return None
    context = {
        "mdo": deelnemer.mdo,
        "ouder": deelnemer.soort == DeelnemerSoort.OUDER,
        "start": timezone.localtime(deelnemer.slot[0]),
        "answer_url": _answer_url(deelnemer),
    }

    def stamp() -> None:
        Deelnemer.objects.filter(pk=deelnemer.pk).update(reminded_at=timezone.now())

    return Rendered(
        _("Herinnering: MDO Integrale Vroeghulp"),
        render_to_string("mdo/email/herinnering.txt", context),
        after_send=stamp,
    )


ADVICE_WAITING = "mdo.advies_wacht"


def _proposed(context: dict[str, object]) -> Adviesactie | None:
    pk = context.get("adviesactie_id")
    if not isinstance(pk, int):
        return None
    return (
        Adviesactie.objects.select_related(
            "agendapunt__mdo", "agendapunt__traject__gezin", "agendapunt__traject__region"
        )
        .filter(pk=pk, status=AdviesactieStatus.VOORGESTELD)
        .first()
    )


def _advice_line(context: dict[str, object]) -> str:
    actie = _proposed(context)
    if actie is None:
        return ""
    return _("Een actie uit het MDO wacht op u voor gezin %(ref)s") % {
        "ref": actie.agendapunt.traject.gezin.reference
    }


staff_kind(
    ADVICE_WAITING,
    label=gettext_lazy("Een advies uit het MDO wacht om in het plan te zetten"),
    line=_advice_line,
)


@renderer(ADVICE_WAITING)
def render_advice_waiting(message: OutboxMessage) -> Rendered | None:
    """To the family's casemanager: the MDO proposed an action for the plan. The reference and
    a link; the action itself is on the page (behind login)."""
    actie = _proposed(message.context)
    if actie is None:  # taken over or declined before the mail went out
        return None
    punt = actie.agendapunt
    body = render_to_string(
        "mdo/email/advies_wacht.txt",
        {
            "reference": punt.traject.gezin.reference,
            "datum": timezone.localtime(punt.mdo.starts_at),
            "url": settings.IVH_BASE_URL.rstrip("/")
            + reverse("mdo:punt", args=[punt.mdo_id, punt.pk]),
        },
    )
    return Rendered(
        subject=_("Een advies uit het MDO voor gezin %(ref)s")
        % {"ref": punt.traject.gezin.reference},
        body=body,
    )
