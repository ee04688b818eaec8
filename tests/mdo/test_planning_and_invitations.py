"""Planning an MDO, the invitations with their .ics, updates, cancellation, answers."""

import re
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ivh.netwerk.constants import Discipline
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_send, outbox_sweep
from ivh.termijnen.sync import termijnen_sync as sync
from mdo import services
from mdo.constants import Antwoord, MdoStatus
from mdo.models import Deelnemer
from mdo.tokens import antwoord_token
from tests.mdo.conftest import traject_with_consent

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def _send_for(deelnemer) -> list[str]:
    """Send the due outbox rows of one participant, as the worker would; the outcomes."""
    return [
        outbox_send(message_id=m.pk)
        for m in OutboxMessage.objects.due().filter(context__deelnemer_id=deelnemer.pk)
    ]


def _sweep() -> int:
    return outbox_sweep().get("sent", 0)


def _events(message) -> tuple[Calendar, object]:
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    cal = Calendar.from_ical(content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1
    return cal, events[0]


def test_invitation_carries_an_ics_with_local_amsterdam_times_and_no_child_data(
    personas, mdo, traject
):
    services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="Hoe helpen we Noor met praten?",
        disciplines=[Discipline.KINDERARTS, Discipline.LOGOPEDIST],
        minuten=30,
    )
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    assert _send_for(expert) == ["sent"]

    message = mail.outbox[-1]
    assert message.to == [personas.expert.email]
    cal, event = _events(message)
    assert str(cal["method"]) == "REQUEST"
    start = event.decoded("dtstart")
    assert (
        start.tzinfo is not None and start.utcoffset() == mdo.starts_at.astimezone(AMS).utcoffset()
    )
    assert (start.hour, start.minute) == (14, 0)
    assert start == mdo.starts_at
    assert event.decoded("dtend") - start == timedelta(minutes=120)
    assert str(event["uid"]) == f"mdo-{mdo.uid}@ivh-coordinatie"
    assert int(event["sequence"]) == 0
    assert any(c.name == "VTIMEZONE" and str(c["tzid"]) == "Europe/Amsterdam" for c in cal.walk())
    everything = message.subject + message.body + str(message.attachments[0][1])
    # Whole words: a generated staff name such as "Noordijk" is not the child.
    for secret in ("Noor", traject.aanmelding.zorg, "praten"):
        assert not re.search(rf"\b{re.escape(secret)}\b", everything), secret
    # Sending again is a no-op: nothing goes out twice.
    assert _send_for(expert) == []
    # The casemanager, invited with the family, gets theirs from the sweep; the expert nothing.
    assert _sweep() == 1
    assert [m.to for m in mail.outbox] == [[personas.expert.email], [personas.casemanager.email]]


def test_parents_get_their_own_slot_and_the_casemanager_is_invited_with_the_family(
    personas, mdo, traject
):
    other = traject_with_consent(personas, personas.colleague_casemanager, first_name="Sem")
    services.agendapunt_add(
        mdo=mdo,
        traject=other,
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=45,
    )
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    assert item.start_minuut == 45
    ouders = services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
    _send_for(ouders)
    message = mail.outbox[-1]
    assert message.to == [traject.gezin.ouder_email]
    _cal, event = _events(message)
    assert event.decoded("dtstart") == mdo.starts_at + timedelta(minutes=45)
    assert event.decoded("dtend") == mdo.starts_at + timedelta(minutes=75)
    assert "Noor" not in message.body
    assert set(Deelnemer.objects.filter(soort="casemanager").values_list("user", flat=True)) == {
        personas.casemanager.pk,
        personas.colleague_casemanager.pk,
    }


def test_a_change_of_time_sends_an_update_and_cancelling_sends_a_cancellation(personas, mdo):
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    _send_for(expert)
    later = mdo.starts_at + timedelta(days=1)
    services.mdo_update(
        mdo=mdo,
        by=personas.coordinator,
        starts_at=later,
        duur_minuten=90,
        locatie=mdo.locatie,
        video_link="",
        voorzitter=None,
        max_agendapunten=4,
    )
    assert _sweep() == 1
    _cal, event = _events(mail.outbox[-1])
    assert int(event["sequence"]) == 1 and event.decoded("dtstart") == later
    assert mail.outbox[-1].subject.startswith("Gewijzigd")
    assert _sweep() == 0

    services.mdo_cancel(mdo=mdo, by=personas.coordinator)
    assert _sweep() == 1
    cal, event = _events(mail.outbox[-1])
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 2
    assert _sweep() == 0
    assert len(mail.outbox) == 3


def test_the_sweep_sends_invitations_that_could_not_be_queued_once(personas, mdo):
    # The broker was down: the outbox row exists (its task never ran), nothing was sent.
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    assert mail.outbox == []
    assert _sweep() == 1
    assert _sweep() == 0
    assert len(mail.outbox) == 1


def test_a_family_without_mdo_consent_cannot_be_put_on_the_agenda(personas, mdo):
    zonder = traject_with_consent(personas, personas.casemanager, mdo_consent=False)
    with pytest.raises(ValidationError):
        services.agendapunt_add(
            mdo=mdo,
            traject=zonder,
            by=personas.coordinator,
            vraag="?",
            disciplines=["kinderarts"],
            minuten=30,
        )


@pytest.mark.parametrize("persona", ["outsider_coordinator", "casemanager", "expert"])
def test_only_the_regions_coordinator_plans(personas, mdo, traject, persona):
    with pytest.raises(PermissionDenied):
        services.agendapunt_add(
            mdo=mdo,
            traject=traject,
            by=getattr(personas, persona),
            vraag="?",
            disciplines=["kinderarts"],
            minuten=30,
        )
    with pytest.raises(PermissionDenied):
        services.mdo_cancel(mdo=mdo, by=getattr(personas, persona))


def test_coordinator_plans_an_mdo_through_the_page(personas, login):
    client = login(personas.coordinator)
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("mdo:nieuw"),
        {
            "datum": day.isoformat(),
            "tijd": "09:30",
            "duur_minuten": "120",
            "locatie": "",
            "video_link": "",
            "max_agendapunten": "4",
        },
    )
    assert response.status_code == 200
    assert "Vul een plaats of een link voor beeldbellen in." in response.content.decode()
    response = client.post(
        reverse("mdo:nieuw"),
        {
            "datum": day.isoformat(),
            "tijd": "09:30",
            "duur_minuten": "120",
            "locatie": "Zaal 1",
            "video_link": "",
            "max_agendapunten": "4",
        },
    )
    mdo = personas.region.mdos.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "mdo:detail", args=[mdo.pk]
    )
    assert timezone.localtime(mdo.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day} 09:30"


def test_the_answer_link_records_the_answer_and_a_forged_one_shows_a_friendly_page(
    personas, mdo, client
):
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    url = reverse("mdo:antwoord", args=[antwoord_token(expert)])
    page = client.get(url)
    assert page.status_code == 200 and "Ik kom" in page.content.decode()
    client.post(url, {"antwoord": "komt_niet"})
    expert.refresh_from_db()
    assert expert.antwoord == Antwoord.KOMT_NIET
    forged = client.get(reverse("mdo:antwoord", args=["abc:def"]))
    assert forged.status_code == 404 and "Deze link werkt niet" in forged.content.decode()
    services.deelnemer_withdraw(deelnemer=expert, by=personas.coordinator)
    assert "geldt niet meer" in client.get(url).content.decode()


def test_guessing_answer_links_is_stopped_and_a_right_link_elsewhere_is_not(
    personas, mdo, client, settings
):
    settings.IVH_OUDERLINK_RATE_PER_IP = "2/h"
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    address = "10.{}.{}.{}".format(*secrets.token_bytes(3))
    guesses = [
        client.get(
            reverse("mdo:antwoord", args=[secrets.token_urlsafe(24)]), REMOTE_ADDR=address
        ).status_code
        for _ in range(3)
    ]
    assert guesses == [404, 404, 429]
    url = reverse("mdo:antwoord", args=[antwoord_token(expert)])
    assert client.get(url, REMOTE_ADDR="10.250.250.252").status_code == 200


def test_overview_shows_the_waiting_list_longest_waiting_first(personas, login, mdo, traject):
    older = traject_with_consent(personas, personas.colleague_casemanager, first_name="Sem")
    older.received_at = timezone.now() - timedelta(days=60)
    older.save()
    sync()  # the MDO deadlines of the factory-made trajecten
    response = login(personas.coordinator).get(reverse("mdo:overzicht"))
    content = response.content.decode()
    assert content.index(older.gezin.reference) < content.index(traject.gezin.reference)
    assert "boven de norm" in content
    assert mdo.status == MdoStatus.GEPLAND


def test_with_the_broker_down_an_invitation_is_kept_and_sent_once_by_the_sweep(
    personas, login, mdo, django_capture_on_commit_callbacks
):
    from ivh.celery import app
    from tests.aanmelding.test_broker import _closed_port, _use_broker

    original = app.conf.broker_url
    _use_broker(f"redis://127.0.0.1:{_closed_port()}/0")
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = login(personas.coordinator).post(
                reverse("mdo:expert_invite", args=[mdo.pk]),
                {"expert-expert": str(personas.expert.pk)},
            )
    finally:
        _use_broker(original)
    assert len(callbacks) == 1  # offered to the dead broker; the request still succeeded
    assert response.status_code == 302
    deelnemer = mdo.deelnemers.get(user=personas.expert)
    assert deelnemer.sent_sequence is None and mail.outbox == []
    assert _sweep() == 1
    assert _sweep() == 0
    assert [m.to for m in mail.outbox] == [[personas.expert.email]]


def test_a_family_comes_off_the_agenda_only_after_the_parents_had_their_cancellation(
    personas, login, mdo, traject
):
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    ouders = services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
    _send_for(ouders)
    client = login(personas.coordinator)
    url = reverse("mdo:agendapunt_remove", args=[mdo.pk])

    def remove():  # noqa: ANN202
        return client.post(url, {"punt": item.pk}, follow=True)

    # The first click withdraws the parents' invitation; the item waits for their cancellation.
    assert "De ouders krijgen een afzegging" in remove().content.decode()
    ouders.refresh_from_db()
    assert ouders.withdrawn_at is not None and mdo.agendapunten.exists()
    assert "De ouders krijgen een afzegging" in remove().content.decode()
    assert mdo.agendapunten.exists()
    _sweep()  # also the casemanager's invitation, never queued here
    to_parents = [m for m in mail.outbox if m.to == [traject.gezin.ouder_email]]
    assert len(to_parents) == 2
    cal, _event = _events(to_parents[-1])
    assert str(cal["method"]) == "CANCEL"
    assert "staat niet meer op de agenda" in remove().content.decode()
    assert not mdo.agendapunten.exists()
    # Another region's coordinator cannot take anything off this agenda.
    other = login(personas.outsider_coordinator).post(url, {"punt": 1})
    assert other.status_code == 404
