"""Who sees a signal and may mark it as seen (signalen.permissions), over a persona matrix, and
the overview page that shows them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding
from casemanagement import services as cm_services
from casemanagement.models import Verwijzing
from ivh.audit.models import AccessLogEntry
from ivh.termijnen.constants import Regel
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.services import calendar_extend
from signalen.models import Signaal
from signalen.permissions import SIGNAAL_ACKNOWLEDGE, SIGNAAL_VIEW
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=AMS)


@pytest.fixture
def signals(personas):
    """A registration (inbox) here, a referral of the casemanager's family here, a plan of a
    family in the other region; a substitution for the casemanager by their colleague."""
    calendar_extend()
    aanmelding = AanmeldingFactory(gemeente=personas.gemeente, region=personas.region)
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    verwijzing = Verwijzing.objects.create(
        traject=traject,
        organisatie=personas.ziekenhuis,
        referred_at=date(2026, 1, 5),
        created_by=personas.casemanager,
    )
    there = TrajectFactory(region=personas.other_region, casemanager=personas.outsider_casemanager)
    for kind, pk, regel, region in [
        ("aanmelding", aanmelding.pk, Regel.EERSTE_CONTACT, personas.region),
        ("verwijzing", verwijzing.pk, Regel.VERVOLGHULP, personas.region),
        ("traject", there.pk, Regel.PLAN, personas.other_region),
    ]:
        termijn_start(
            subject_kind=kind, subject_id=pk, regel=regel, region_id=region.pk, started_at=LONG_AGO
        )
    scan()
    cm_services.vervanging_create(
        afwezige=personas.casemanager,
        vervanger=personas.colleague_casemanager,
        region_id=personas.region.pk,
        van=timezone.localdate(),
        tot=timezone.localdate() + timedelta(days=3),
        reden="Verlof",
        by=personas.coordinator,
    )
    by_regel = {s.regel: s for s in Signaal.objects.all()}
    return [by_regel[Regel.EERSTE_CONTACT], by_regel[Regel.VERVOLGHULP], by_regel[Regel.PLAN]]


# persona → may see (the inbox signal here, the referral signal here, the plan signal there)
EXPECTED = {
    "coordinator": (1, 1, 0),
    "colleague_coordinator": (1, 1, 0),
    "casemanager": (0, 1, 0),
    "colleague_casemanager": (0, 1, 0),  # substituting, in this region
    "outsider_coordinator": (0, 0, 1),
    "outsider_casemanager": (0, 0, 1),
    "expert": (0, 0, 0),
    "gemeente_official": (0, 0, 0),
    "beheerder": (0, 0, 0),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_what_the_rules_allow_and_filter_and_predicate_agree(
    personas, signals, persona
):
    user = getattr(personas, persona)
    for signaal, allowed in zip(signals, EXPECTED[persona], strict=True):
        for rule in (SIGNAAL_VIEW, SIGNAAL_ACKNOWLEDGE):
            in_queryset = rule.filter(Signaal.objects.all(), user).filter(pk=signaal.pk).exists()
            assert in_queryset == rule.allows(user, signaal) == bool(allowed), (
                persona,
                rule.name,
                signaal.regel,
            )


def test_anonymous_sees_nothing(signals):
    assert not SIGNAAL_VIEW.filter(Signaal.objects.all(), AnonymousUser()).exists()


def test_the_overview_lists_what_the_coordinator_may_see_and_logs_the_view(
    personas, signals, login
):
    client = login(personas.coordinator)
    response = client.get(reverse("signalen:overzicht"))
    assert response.status_code == 200
    shown = {row.signaal.pk for row in response.context["rows"]}
    assert shown == {signals[0].pk, signals[1].pk}
    entry = AccessLogEntry.objects.filter(user=personas.coordinator).latest("pk")
    aanmelding = Aanmelding.objects.get(pk=signals[0].termijn.subject_id)
    assert aanmelding.reference in entry.client_refs and len(entry.client_refs) == 2


@pytest.mark.parametrize("persona", ["expert", "gemeente_official", "beheerder"])
def test_the_overview_is_refused_to_those_it_is_not_for(personas, signals, login, persona):
    assert login(getattr(personas, persona)).get(reverse("signalen:overzicht")).status_code == 403


def test_marking_as_seen_keeps_the_signal_open_with_the_note(personas, signals, login):
    client = login(personas.casemanager)
    url = reverse("signalen:gezien", args=[signals[1].pk])
    response = client.post(url, {"note": "Ziekenhuis gebeld, start volgende week."})
    assert response.status_code == 302
    signals[1].refresh_from_db()
    assert signals[1].acknowledged_by == personas.casemanager
    assert signals[1].acknowledgement == "Ziekenhuis gebeld, start volgende week."
    assert signals[1].resolved_at is None


def test_marking_as_seen_a_signal_one_may_not_see_is_not_found(personas, signals, login):
    client = login(personas.casemanager)
    response = client.post(reverse("signalen:gezien", args=[signals[0].pk]), {"note": "x"})
    assert response.status_code == 404
    signals[0].refresh_from_db()
    assert signals[0].acknowledged_at is None


def test_a_too_long_note_is_refused_in_dutch_and_nothing_changes(personas, signals, login):
    client = login(personas.coordinator)
    response = client.post(
        reverse("signalen:gezien", args=[signals[0].pk]), {"note": "x" * 301}, follow=True
    )
    assert "te lang" in response.content.decode()
    signals[0].refresh_from_db()
    assert signals[0].acknowledged_at is None
