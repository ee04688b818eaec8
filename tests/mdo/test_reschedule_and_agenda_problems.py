"""A moved MDO asks everyone again (issue 9, item 9); a family that can no longer be discussed
is shown to the coordinator as a problem to resolve (item 11)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casemanagement.services import toestemming_withdraw, traject_close
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_sweep
from mdo import services
from mdo.constants import Antwoord
from mdo.models import Mdo
from mdo.outbox import INVITATION
from mdo.tokens import antwoord_token

pytestmark = pytest.mark.django_db


def _sweep() -> int:
    return outbox_sweep().get("sent", 0)


def _move(mdo: Mdo, by, **changes) -> Mdo:  # noqa: ANN001
    planning = {
        "starts_at": mdo.starts_at,
        "duur_minuten": mdo.duur_minuten,
        "locatie": mdo.locatie,
        "video_link": mdo.video_link,
        "voorzitter": mdo.voorzitter,
        "max_agendapunten": mdo.max_agendapunten,
    }
    return services.mdo_update(mdo=mdo, by=by, **{**planning, **changes})


@pytest.fixture
def invited(personas, mdo, traject):
    """An MDO with one family: the expert and the parents said they come, the casemanager
    (invited with the family) said they cannot; every invitation has been mailed."""
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    ouders = services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
    casemanager = mdo.deelnemers.get(user=personas.casemanager)
    assert _sweep() == 3
    for deelnemer, antwoord in (
        (expert, Antwoord.KOMT),
        (ouders, Antwoord.KOMT),
        (casemanager, Antwoord.KOMT_NIET),
    ):
        services.deelnemer_answer(deelnemer=deelnemer, antwoord=antwoord)
    mail.outbox.clear()
    return item, expert, ouders, casemanager


# --- item 9: a change of date, time or place ----------------------------------------------


def test_a_new_time_resets_every_answer_and_the_update_mail_asks_again(personas, mdo, invited):
    item, *people = invited
    moved = _move(mdo, personas.coordinator, starts_at=mdo.starts_at + timedelta(days=1))

    assert moved.rescheduled_at is not None
    for deelnemer in people:
        deelnemer.refresh_from_db()
        assert deelnemer.antwoord == Antwoord.OPEN
        assert deelnemer.answered_at is None
        assert deelnemer.antwoord_reset_at == moved.rescheduled_at
    # One update per person, each asking again; sweeping again sends nothing twice.
    assert _sweep() == 3
    assert _sweep() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(d.email for d in people)
    for message in mail.outbox:
        assert message.subject.startswith("Gewijzigd")
        assert "Laat opnieuw weten of u komt" in message.body


def test_each_change_gets_its_own_update_mail_once(personas, mdo, invited):
    _item, expert, *_rest = invited
    _move(mdo, personas.coordinator, starts_at=mdo.starts_at + timedelta(days=1))
    assert _sweep() == 3
    services.deelnemer_answer(deelnemer=expert, antwoord=Antwoord.KOMT)
    mdo.refresh_from_db()
    _move(mdo, personas.coordinator, locatie="Zaal 3, CJG Centrum")
    expert.refresh_from_db()
    assert expert.antwoord == Antwoord.OPEN  # a new place is asked again too
    assert _sweep() == 3
    keys = set(
        OutboxMessage.objects.filter(kind=INVITATION, context__deelnemer_id=expert.pk).values_list(
            "key", flat=True
        )
    )
    assert keys == {f"{INVITATION}:{expert.pk}:{n}" for n in (0, 1, 2)}
    assert len([m for m in mail.outbox if m.to == [expert.email]]) == 2


def test_a_new_chair_alone_keeps_the_answers(personas, mdo, invited):
    _item, expert, *_rest = invited
    _move(mdo, personas.coordinator, voorzitter=personas.coordinator)
    expert.refresh_from_db()
    assert expert.antwoord == Antwoord.KOMT and expert.antwoord_reset_at is None
    assert _sweep() == 0


def test_an_answer_given_to_the_old_time_is_refused(personas, mdo, invited, client):
    _item, _expert, ouders, _cm = invited
    url = reverse("mdo:antwoord", args=[antwoord_token(ouders)])
    seen = mdo.sequence  # the parent opened the answer page before the change
    _move(mdo, personas.coordinator, starts_at=mdo.starts_at + timedelta(hours=2))
    page = client.post(url, {"antwoord": "komt", "sequence": seen}, follow=True)
    assert "De tijd of plaats is net veranderd" in page.content.decode()
    ouders.refresh_from_db()
    assert ouders.antwoord == Antwoord.OPEN
    # On the page with the new time the answer counts.
    mdo.refresh_from_db()
    client.post(url, {"antwoord": "komt", "sequence": mdo.sequence})
    ouders.refresh_from_db()
    assert ouders.antwoord == Antwoord.KOMT


def test_the_meeting_page_and_overview_show_who_has_not_answered_the_new_time(
    personas, login, mdo, invited
):
    item, expert, _ouders, casemanager = invited
    reference = item.traject.gezin.reference
    client = login(personas.coordinator)
    before = client.get(reverse("mdo:detail", args=[mdo.pk])).content.decode()
    assert "Nog geen antwoord" not in before

    _move(mdo, personas.coordinator, starts_at=mdo.starts_at + timedelta(days=1))
    services.deelnemer_answer(deelnemer=casemanager, antwoord=Antwoord.KOMT)
    page = client.get(reverse("mdo:detail", args=[mdo.pk])).content.decode()
    assert "Nog geen antwoord op de nieuwe tijd:</strong> " in page
    waiting = page.split("Nog geen antwoord op de nieuwe tijd:</strong> ")[1].split("</p>")[0]
    assert expert.name in waiting and f"ouders van {reference}" in waiting
    assert casemanager.name not in waiting  # answered again after the move

    overview = client.get(reverse("mdo:overzicht")).content.decode()
    assert "nog geen antwoord op de nieuwe tijd" in overview
    assert expert.name in overview and f"ouders van {reference}" in overview


def test_the_invited_expert_sees_their_answer_was_reset_and_others_see_no_list(
    personas, login, mdo, invited
):
    _move(mdo, personas.coordinator, starts_at=mdo.starts_at + timedelta(days=1))
    page = login(personas.expert).get(reverse("mdo:detail", args=[mdo.pk])).content.decode()
    assert "Laat opnieuw weten of u komt" in page
    # Who else has not answered is the coordinator's business.
    assert "Nog geen antwoord op de nieuwe tijd" not in page
    overview = login(personas.expert).get(reverse("mdo:overzicht")).content.decode()
    assert "Nog te regelen" not in overview


# --- item 11: a closed traject or withdrawn consent on the agenda -------------------------


def _close(traject, by) -> None:  # noqa: ANN001
    traject_close(traject=traject, by=by, reden="verhuisd", doelen_behaald="deels", toelichting="")


def _withdraw_mdo_consent(traject) -> None:  # noqa: ANN001
    consent = traject.aanmelding.toestemmingen.get(doel="mdo")
    toestemming_withdraw(traject=traject, toestemming_id=consent.pk)


@pytest.mark.parametrize(
    ("make_problem", "reason"),
    [
        (lambda t, p: _close(t, p.casemanager), "Het traject van dit gezin is afgesloten."),
        (
            lambda t, p: _withdraw_mdo_consent(t),
            "De ouders hebben hun toestemming voor het MDO ingetrokken.",
        ),
    ],
    ids=["closed", "consent_withdrawn"],
)
def test_a_family_that_cannot_be_discussed_is_a_problem_for_the_coordinator(
    personas, login, mdo, invited, make_problem, reason
):
    item, *_people = invited
    make_problem(item.traject, personas)
    client = login(personas.coordinator)
    page = client.get(reverse("mdo:detail", args=[mdo.pk])).content.decode()
    assert "1 gezin op de agenda kan niet besproken worden" in page
    assert reason in page
    assert "Kan niet besproken worden" in page
    # The parents' "komt" does not read as if all is well.
    assert "Ouders uitgenodigd: Komt" not in page
    assert "De ouders zijn nog uitgenodigd (antwoord: komt)" in page
    overview = client.get(reverse("mdo:overzicht")).content.decode()
    assert "1 gezin kan niet besproken worden" in overview


def test_a_family_with_nothing_wrong_is_not_a_problem(personas, login, mdo, invited):
    page = login(personas.coordinator).get(reverse("mdo:detail", args=[mdo.pk])).content
    assert "niet besproken worden" not in page.decode()
    assert "Ouders uitgenodigd: Komt" in page.decode()


def test_the_expert_does_not_see_the_problem_nor_the_family_after_consent_is_withdrawn(
    personas, login, mdo, invited
):
    item, *_people = invited
    _withdraw_mdo_consent(item.traject)
    client = login(personas.expert)
    page = client.get(reverse("mdo:detail", args=[mdo.pk])).content.decode()
    assert "niet besproken worden" not in page and "Ander gezin" in page
    assert client.get(reverse("mdo:punt", args=[mdo.pk, item.pk])).status_code == 404


def test_the_coordinator_takes_the_closed_family_off_the_agenda_and_the_parents_get_a_cancellation(
    personas, login, mdo, invited
):
    item, _expert, ouders, _cm = invited
    _close(item.traject, personas.casemanager)
    client = login(personas.coordinator)
    url = reverse("mdo:agendapunt_remove", args=[mdo.pk])
    first = client.post(url, {"punt": item.pk}, follow=True).content.decode()
    assert "De ouders krijgen een afzegging" in first
    ouders.refresh_from_db()
    assert ouders.withdrawn_at is not None
    _sweep()  # the cancellation (and the survey that closing the traject sends)
    to_parents = [m.subject for m in mail.outbox if m.to == [ouders.email] and "MDO" in m.subject]
    assert to_parents == ["Afgezegd: MDO Integrale Vroeghulp"]
    second = client.post(url, {"punt": item.pk}, follow=True).content.decode()
    assert "Het gezin staat niet meer op de agenda" in second
    assert not mdo.agendapunten.exists()


def test_a_family_whose_parents_were_never_mailed_comes_off_in_one_step(personas, mdo, traject):
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
    _close(traject, personas.casemanager)
    assert services.agendapunt_remove(agendapunt=item, by=personas.coordinator) is True
    assert not mdo.agendapunten.exists()
    _sweep()
    mdo_mails = [m.to for m in mail.outbox if "MDO" in m.subject]
    assert mdo_mails == [[personas.casemanager.email]]  # nothing about the MDO to the parents


def test_parents_of_a_family_that_cannot_be_discussed_cannot_be_invited(personas, mdo, traject):
    item = services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="?",
        disciplines=["kinderarts"],
        minuten=30,
    )
    _withdraw_mdo_consent(traject)
    with pytest.raises(ValidationError):
        services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
    assert not item.ouders.exists()


@pytest.mark.parametrize("persona", ["casemanager", "expert", "outsider_coordinator"])
def test_only_the_regions_coordinator_takes_a_family_off_the_agenda(
    personas, login, mdo, invited, persona
):
    item, *_people = invited
    _close(item.traject, personas.casemanager)
    response = login(getattr(personas, persona)).post(
        reverse("mdo:agendapunt_remove", args=[mdo.pk]), {"punt": item.pk}
    )
    assert response.status_code in (403, 404)
    assert mdo.agendapunten.filter(pk=item.pk).exists()
    assert not item.ouders.filter(withdrawn_at__isnull=False).exists()


def test_a_problem_is_shown_only_on_a_planned_meeting(personas, login, mdo, invited):
    item, *_people = invited
    Mdo.objects.filter(pk=mdo.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    mdo.refresh_from_db()
    services.mdo_hold(
        mdo=mdo, by=personas.coordinator, aanwezig=set(), ouders_aanwezig=set(), notulen=""
    )
    _close(item.traject, personas.casemanager)  # closed after the meeting: nothing wrong
    page = login(personas.coordinator).get(reverse("mdo:detail", args=[mdo.pk])).content
    assert "niet besproken worden" not in page.decode()
