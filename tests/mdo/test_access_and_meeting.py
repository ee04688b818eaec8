"""Who may read which family on an MDO agenda, holding the meeting, and advice into the plan."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement.services import plan_current
from ivh.audit.models import AccessLogEntry
from mdo import services
from mdo.constants import AdviesactieStatus, MdoStatus
from tests.mdo.conftest import traject_with_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(personas, mdo, traject):
    return services.agendapunt_add(
        mdo=mdo,
        traject=traject,
        by=personas.coordinator,
        vraag="Hoe helpen we Noor met praten?",
        disciplines=["kinderarts"],
        minuten=30,
    )


def punt_url(item) -> str:
    return reverse("mdo:punt", args=[item.mdo_id, item.pk])


def action_url(item, name: str) -> str:
    return reverse(f"mdo:{name}", args=[item.mdo_id, item.pk])


def test_invited_expert_reads_the_summary_inside_the_window_and_it_is_logged(
    personas, login, mdo, item
):
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    response = login(personas.expert).get(punt_url(item))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Noor" in content and "schrikt van geluid" in content
    entry = AccessLogEntry.objects.get(user=personas.expert, object_id=str(item.traject_id))
    assert entry.client_ref == item.traject.aanmelding.reference
    assert entry.action == "view"


def test_an_expert_who_is_not_invited_gets_404(personas, login, mdo, item):
    client = login(personas.expert)
    assert client.get(reverse("mdo:detail", args=[mdo.pk])).status_code == 404
    assert client.get(punt_url(item)).status_code == 404
    assert not AccessLogEntry.objects.filter(user=personas.expert).exists()


@pytest.mark.parametrize("days", [30, -30])
def test_an_invited_expert_outside_the_window_gets_404(personas, login, mdo, item, days):
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    type(mdo).objects.filter(pk=mdo.pk).update(starts_at=timezone.now() + timedelta(days=days))
    client = login(personas.expert)
    assert client.get(punt_url(item)).status_code == 404
    # The meeting itself (date, place) stays visible to them; the family does not. Before the
    # window the agenda says when the family can be read, after it just that it is another's.
    page = client.get(reverse("mdo:detail", args=[mdo.pk])).content.decode()
    assert "Noor" not in page
    if days > 0:
        assert "te lezen vanaf een week voor het overleg" in page and "Ander gezin" not in page
        assert "plaatsen vrij" not in page and "plaats vrij" not in page
    else:
        assert "Ander gezin" in page and "te lezen vanaf" not in page


def test_an_invited_expert_gets_404_for_a_family_whose_consent_was_withdrawn(
    personas, login, mdo, item
):
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    item.traject.aanmelding.toestemmingen.filter(doel="mdo").update(withdrawn_at=timezone.now())
    client = login(personas.expert)
    assert client.get(punt_url(item)).status_code == 404
    response = client.post(action_url(item, "advies"), {"advies": "Logopedie"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.advies == ""


@pytest.mark.parametrize(
    "persona",
    ["colleague_casemanager", "outsider_coordinator", "outsider_casemanager", "gemeente_official"],
)
def test_others_cannot_open_the_mdo_or_the_family(personas, login, mdo, item, persona):
    client = login(getattr(personas, persona))
    assert client.get(reverse("mdo:detail", args=[mdo.pk])).status_code in (403, 404)
    assert client.get(punt_url(item)).status_code in (403, 404)


def test_a_gemeente_official_has_no_mdo_pages(personas, login):
    assert login(personas.gemeente_official).get(reverse("mdo:overzicht")).status_code == 403


def test_a_casemanager_sees_own_family_but_not_the_other_family_on_the_agenda(
    personas, login, mdo, item
):
    other = traject_with_consent(personas, personas.colleague_casemanager, first_name="Sem")
    other_item = services.agendapunt_add(
        mdo=mdo,
        traject=other,
        by=personas.coordinator,
        vraag="?",
        disciplines=["logopedist"],
        minuten=30,
    )
    client = login(personas.casemanager)
    page = client.get(reverse("mdo:detail", args=[mdo.pk])).content.decode()
    assert "Noor" in page and "Sem" not in page
    assert client.get(punt_url(item)).status_code == 200
    assert client.get(punt_url(other_item)).status_code == 404


def test_holding_the_mdo_stores_presence_parents_and_the_traject_fact(personas, login, mdo, item):
    expert = services.deelnemer_invite_expert(
        mdo=mdo, expert=personas.expert, by=personas.coordinator
    )
    ouders = services.deelnemer_invite_ouders(agendapunt=item, by=personas.coordinator)
    start = timezone.now() - timedelta(hours=1)
    type(mdo).objects.filter(pk=mdo.pk).update(starts_at=start)
    mdo.refresh_from_db()
    client = login(personas.coordinator)
    response = client.post(
        reverse("mdo:houden", args=[mdo.pk]),
        {
            "aanwezig": [str(expert.pk)],
            "ouders_aanwezig": [str(item.pk)],
            "notulen": "Goed overleg.",
        },
    )
    assert response.status_code == 302
    mdo.refresh_from_db()
    item.refresh_from_db()
    item.traject.refresh_from_db()
    expert.refresh_from_db()
    assert mdo.status == MdoStatus.GEHOUDEN and mdo.held_at == start
    assert item.ouders_aanwezig is True
    assert expert.aanwezig is True
    assert item.traject.first_mdo_held_at == start
    assert ouders.mdo_id == mdo.pk
    # Holding it again is refused; the fact is not overwritten.
    assert client.post(reverse("mdo:houden", args=[mdo.pk]), {}).status_code == 403


def test_a_meeting_in_the_future_cannot_be_recorded_as_held(personas, mdo, item):
    with pytest.raises(services.ValidationError):
        services.mdo_hold(
            mdo=mdo, by=personas.coordinator, aanwezig=set(), ouders_aanwezig=set(), notulen=""
        )
    item.traject.refresh_from_db()
    assert item.traject.first_mdo_held_at is None


def test_expert_advice_flows_into_the_plan_when_the_casemanager_accepts(personas, login, mdo, item):
    services.deelnemer_invite_expert(mdo=mdo, expert=personas.expert, by=personas.coordinator)
    saved = login(personas.expert).post(
        action_url(item, "advies"),
        {
            "advies": "Start met logopedie; kijk over drie maanden opnieuw.",
            "actie_wat": "Logopedisch onderzoek",
            "actie_organisatie": str(personas.ziekenhuis.pk),
            "actie_wanneer": "",
        },
    )
    assert saved.status_code == 302 and saved.url == punt_url(item)
    item.refresh_from_db()
    assert item.advies.startswith("Start met logopedie") and item.advice_by == personas.expert
    actie = item.acties.get()
    assert actie.status == AdviesactieStatus.VOORGESTELD

    # The expert cannot accept it into the plan; the casemanager can.
    expert_try = login(personas.expert).post(
        action_url(item, "adviesactie_accept"), {"adviesactie": actie.pk}
    )
    assert expert_try.status_code == 403
    actie.refresh_from_db()
    assert actie.status == AdviesactieStatus.VOORGESTELD
    login(personas.casemanager).post(
        action_url(item, "adviesactie_accept"), {"adviesactie": actie.pk}
    )
    actie.refresh_from_db()
    assert actie.status == AdviesactieStatus.OVERGENOMEN
    plan = plan_current(item.traject.gezin)
    assert plan.nummer == 1
    assert plan.acties[-1]["wat"] == "Logopedisch onderzoek"
    assert plan.acties[-1]["organisatie_id"] == personas.ziekenhuis.pk
    assert plan.gezinsvraag == item.vraag


def test_demo_has_a_held_mdo_with_advice_and_an_upcoming_one_with_invitations():
    from django.core.management import call_command

    from mdo.models import Mdo

    call_command("seed_demo")
    call_command("seed_demo")
    held = Mdo.objects.get(status=MdoStatus.GEHOUDEN)
    upcoming = Mdo.objects.get(status=MdoStatus.GEPLAND)
    assert held.held_at < timezone.now() < upcoming.starts_at
    assert all(p.advies for p in held.agendapunten.all())
    assert all(p.traject.first_mdo_held_at == held.held_at for p in held.agendapunten.all())
    assert upcoming.deelnemers.filter(soort="ouder").exists()
    assert upcoming.deelnemers.filter(soort="expert").exists()


def test_overview_query_count_does_not_grow_with_meetings_or_waiting_families(
    personas, login, mdo, traject
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.mdo.factories import MdoFactory

    client = login(personas.coordinator)
    url = reverse("mdo:overzicht")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    baseline = count()
    for days in (4, 5, 6):
        MdoFactory(
            region=personas.region,
            created_by=personas.coordinator,
            starts_at=timezone.now() + timedelta(days=days),
        )
    for name in ("Sem", "Lina", "Daan"):
        traject_with_consent(personas, personas.colleague_casemanager, first_name=name)
    # Session, user and roles, upcoming MDOs, past MDOs, the waiting list: one query each,
    # whatever the number of rows.
    assert count() == baseline
