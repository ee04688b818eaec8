"""The start page answers "what needs me now" for each role (issue 9, items 4 and 10)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.constants import Status
from casemanagement.constants import Fase
from casemanagement.models import OuderVraag, Verwijzing
from ivh.audit.models import AccessLogEntry
from ivh.core.werkdagen import plus_werkdagen
from ivh.termijnen.constants import Eenheid, Regel
from ivh.termijnen.services import norm_change, termijn_start
from ivh.termijnen.sync import termijnen_sync as sync
from ivh.werkkalender.services import calendar_extend
from mdo.constants import Antwoord, DeelnemerSoort, MdoStatus
from mdo.models import Agendapunt, Deelnemer
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db

START = reverse("core:start")


def _start(login, user) -> str:
    response = login(user).get(START)
    assert response.status_code == 200
    return response.content.decode()


def _telling(content: str, name: str) -> str:
    """The number shown in the element marked data-telling="name"."""
    marker = f'data-telling="{name}">'
    assert marker in content, name
    return content.split(marker, 1)[1].split("<", 1)[0].strip()


# --- coordinator ----------------------------------------------------------------------------


def test_start_page_and_inbox_count_the_same_open_registrations(personas, login):
    AanmeldingFactory.create_batch(3, gemeente=personas.gemeente)
    AanmeldingFactory(gemeente=personas.gemeente, gecontacteerd=True)  # in behandeling
    # No region could be found: in every coordinator's inbox, so on their start page too.
    AanmeldingFactory(gemeente=None, postcode="9999 ZZ")
    AanmeldingFactory(gemeente=personas.gemeente, status=Status.ADVIES, closed_at=timezone.now())
    AanmeldingFactory.create_batch(2, gemeente=personas.other_gemeente)  # other region

    client = login(personas.coordinator)
    inbox = client.get(reverse("aanmelding:inbox")).context["page"].paginator.count
    content = _start(login, personas.coordinator)
    assert inbox == 5
    assert _telling(content, "open-aanmeldingen") == "5"
    assert _telling(content, "nieuwe-aanmeldingen") == "4"


def _norm(personas, regel: str, amount: int, unit: str) -> None:
    norm_change(
        region=personas.region,
        regel=regel,
        amount=amount,
        unit=unit,
        warn_percent=80,
        far_percent=150,
        by=personas.coordinator,
        reason="Afspraak met de gemeenten",
    )


def test_coordinator_sees_first_contacts_due_against_the_regions_norm(personas, login):
    _norm(personas, Regel.EERSTE_CONTACT, 3, Eenheid.WERKDAGEN)
    now = timezone.now()
    late = AanmeldingFactory(gemeente=personas.gemeente, received_at=now - timedelta(days=14))
    fresh = AanmeldingFactory(gemeente=personas.gemeente, received_at=now)
    AanmeldingFactory(gemeente=personas.gemeente, gecontacteerd=True)  # contact made
    sync()  # their deadlines, as the scan's safety net starts them
    content = _start(login, personas.coordinator)

    assert _telling(content, "eerste-contact").startswith("2")
    assert "1 te laat" in content
    # The longest waiting first, each against the norm of 3 working days, with its last day.
    assert content.index(late.reference) < content.index(fresh.reference)
    assert "van 3 werkdagen – te laat" in content
    assert "0 van 3 werkdagen" in content
    last_day = plus_werkdagen(timezone.localdate(fresh.received_at), 3)
    assert f"uiterlijk {_nl_date(last_day)}" in content


def _nl_date(day) -> str:
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("nl"):
        return date_format(day, "l j F")


def test_coordinator_sees_families_waiting_for_an_mdo_against_the_norm(personas, login):
    waiting = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        fase=Fase.MDO,
        received_at=timezone.now() - timedelta(weeks=8, days=1),
    )
    recent = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        fase=Fase.MDO,
        received_at=timezone.now() - timedelta(weeks=2, days=1),
    )
    TrajectFactory(region=personas.other_region, fase=Fase.MDO)  # not this coordinator's
    sync()  # their MDO deadlines
    content = _start(login, personas.coordinator)
    assert "2 gezinnen wachten op een MDO" in content
    assert "1 over de norm" in content
    section = content.split(waiting.gezin.reference, 1)[1]
    assert section.split("</li>", 1)[0].count("8 weken, norm 6 – te laat") == 1
    assert "2 weken, norm 6" in content.split(recent.gezin.reference, 1)[1].split("</li>", 1)[0]
    assert content.count("nog niet gepland") == 2


def test_coordinator_sees_this_weeks_mdos_with_who_has_not_answered(personas, login):
    soon = MdoFactory(region=personas.region, created_by=personas.coordinator)
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    Agendapunt.objects.create(mdo=soon, traject=traject, vraag="Welke hulp past?")
    Deelnemer.objects.create(
        mdo=soon,
        soort=DeelnemerSoort.EXPERT,
        user=personas.expert,
        name="Dr. Open Antwoord",
        email="open@example.org",
    )
    Deelnemer.objects.create(
        mdo=soon,
        soort=DeelnemerSoort.EXPERT,
        name="Komt Zeker",
        email="komt@example.org",
        antwoord=Antwoord.KOMT,
    )
    MdoFactory(  # later than this week
        region=personas.region,
        created_by=personas.coordinator,
        starts_at=timezone.now() + timedelta(days=20),
    )
    MdoFactory(region=personas.other_region, created_by=personas.outsider_coordinator)
    content = _start(login, personas.coordinator)
    assert content.count(reverse("mdo:detail", args=[soon.pk])) == 1
    assert "1 nog geen antwoord" in content
    assert "Dr. Open Antwoord" in content and "Komt Zeker" not in content
    assert "1 gezin" in content


def test_the_start_page_view_is_access_logged_with_the_clients_it_names(personas, login):
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente)
    _start(login, personas.coordinator)
    entry = AccessLogEntry.objects.get(user=personas.coordinator)
    assert entry.view_name == "core:start"
    assert entry.client_refs == [aanmelding.reference]


# --- casemanager ----------------------------------------------------------------------------


def test_casemanager_sees_own_families_with_something_due(personas, login):
    now = timezone.now()
    # Received today: the plan is due in four weeks, nothing is due now.
    quiet = TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, received_at=now
    )
    question = TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, received_at=now
    )
    OuderVraag.objects.create(traject=question, tekst="Kunt u mij bellen?")
    referral = TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, received_at=now
    )
    Verwijzing.objects.create(
        traject=referral,
        organisatie=personas.ziekenhuis,
        referred_at=timezone.localdate() - timedelta(days=30),
        created_by=personas.casemanager,
    )
    overdue = TrajectFactory(
        region=personas.region,
        casemanager=personas.casemanager,
        received_at=now - timedelta(weeks=10),
    )
    # The stored deadline of the plan (DESIGN §4), started when the traject did.
    calendar_extend()
    termijn_start(
        subject_kind="traject",
        subject_id=overdue.pk,
        regel=Regel.PLAN,
        region_id=personas.region.pk,
        started_at=overdue.received_at,
    )
    in_mdo = TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, received_at=now
    )
    mdo = MdoFactory(region=personas.region, created_by=personas.coordinator)
    Agendapunt.objects.create(mdo=mdo, traject=in_mdo, vraag="?")
    colleagues = TrajectFactory(
        region=personas.region,
        casemanager=personas.colleague_casemanager,
        received_at=now - timedelta(weeks=10),
    )

    content = _start(login, personas.casemanager)
    assert "U heeft 5 open trajecten." in content
    assert "Bij 4 gezinnen is iets te doen." in content
    assert quiet.gezin.reference not in content
    assert colleagues.gezin.reference not in content

    def item(traject) -> str:
        return content.split(traject.gezin.reference, 1)[1].split("</ul>", 1)[0]

    assert "1 vraag van de ouders nog niet beantwoord" in item(question)
    assert "1 verwijzing nog niet gestart" in item(referral)
    assert "plan akkoord na start traject was uiterlijk" in item(overdue)
    assert "te laat" in item(overdue)
    assert "besproken in het MDO van" in item(in_mdo)


# --- expert ---------------------------------------------------------------------------------


def _invite(mdo, user, **kwargs) -> Deelnemer:
    return Deelnemer.objects.create(
        mdo=mdo,
        soort=DeelnemerSoort.EXPERT,
        user=user,
        name=user.full_name,
        email=user.email,
        **kwargs,
    )


def test_an_invited_expert_sees_the_mdos_they_are_invited_to(personas, login):
    first = MdoFactory(region=personas.region, created_by=personas.coordinator)
    second = MdoFactory(
        region=personas.region,
        created_by=personas.coordinator,
        starts_at=timezone.now() + timedelta(days=30),
    )
    _invite(first, personas.expert)
    _invite(second, personas.expert, antwoord=Antwoord.KOMT)
    withdrawn = MdoFactory(region=personas.region, created_by=personas.coordinator)
    _invite(withdrawn, personas.expert, withdrawn_at=timezone.now())
    not_invited = MdoFactory(region=personas.region, created_by=personas.coordinator)
    cancelled = MdoFactory(
        region=personas.region,
        created_by=personas.coordinator,
        status=MdoStatus.GEANNULEERD,
        cancelled_at=timezone.now(),
    )
    _invite(cancelled, personas.expert)

    content = _start(login, personas.expert)
    assert "niet uitgenodigd" not in content
    assert "U bent uitgenodigd voor 2 MDO's." in content
    assert content.index(reverse("mdo:detail", args=[first.pk])) < content.index(
        reverse("mdo:detail", args=[second.pk])
    )
    assert "Uw antwoord: nog niet gegeven" in content and "Uw antwoord: Komt" in content
    for mdo in (withdrawn, not_invited, cancelled):
        assert reverse("mdo:detail", args=[mdo.pk]) not in content


def test_an_expert_without_invitations_is_told_so(personas, login):
    content = _start(login, personas.expert)
    assert "U bent nu niet uitgenodigd voor een MDO" in content


# --- queries --------------------------------------------------------------------------------


def _queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(START).status_code == 200
    return len(captured)


def _more_work(personas, n: int) -> None:
    for _ in range(n):
        AanmeldingFactory(gemeente=personas.gemeente)
        traject = TrajectFactory(
            region=personas.region,
            casemanager=personas.casemanager,
            fase=Fase.MDO,
            received_at=timezone.now() - timedelta(weeks=7),
        )
        OuderVraag.objects.create(traject=traject, tekst="?")
        mdo = MdoFactory(region=personas.region, created_by=personas.coordinator)
        Agendapunt.objects.create(mdo=mdo, traject=traject, vraag="?")
        Deelnemer.objects.create(
            mdo=mdo, soort=DeelnemerSoort.EXPERT, user=personas.expert, name="x", email="x@x.nl"
        )


@pytest.mark.parametrize("persona", ["coordinator", "casemanager", "expert"])
def test_the_start_page_reads_a_fixed_number_of_queries_however_much_work_there_is(
    personas, login, persona
):
    client = login(getattr(personas, persona))
    _more_work(personas, 1)
    few = _queries(client)
    _more_work(personas, 6)
    assert _queries(client) == few
