"""The aanmeldpunt inbox and intake: who sees what, and every transition with its facts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from aanmelding.constants import Status
from aanmelding.models import Aanmelding
from casemanagement.models import Traject
from casemanagement.selectors import casemanager_suggestions
from casemanagement.services import traject_start_from_aanmelding
from ivh.audit.models import AccessLogEntry
from ivh.termijnen.sync import termijnen_sync as sync
from tests.aanmelding.factories import AanmeldingFactory
from tests.accounts.factories import RoleAssignmentFactory
from tests.netwerk.factories import DienstFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("aanmelding:inbox")


def detail_url(aanmelding: Aanmelding) -> str:
    return reverse("casemanagement:intake", args=[aanmelding.pk])


def action_url(aanmelding: Aanmelding, action: str) -> str:
    return reverse(f"casemanagement:intake_{action}", args=[aanmelding.pk])


@pytest.fixture
def mine(personas):
    return AanmeldingFactory(
        gemeente=personas.gemeente,
        kind_first_name="Noor",
        received_at=timezone.now() - timedelta(hours=3),
    )


@pytest.fixture
def theirs(personas):
    return AanmeldingFactory(gemeente=personas.other_gemeente, kind_first_name="Sem")


def test_coordinator_sees_own_regions_registrations_oldest_first(personas, login, mine, theirs):
    older = AanmeldingFactory(
        gemeente=personas.gemeente, received_at=timezone.now() - timedelta(days=9)
    )
    response = login(personas.coordinator).get(INBOX)
    rows = [row[0] for row in response.context["rows"]]
    assert rows == [older, mine]
    assert "Sem" not in response.content.decode()


def test_the_other_regions_coordinator_gets_404_for_this_registration(personas, login, mine):
    client = login(personas.outsider_coordinator)
    assert client.get(detail_url(mine)).status_code == 404
    assert client.post(action_url(mine, "advies"), {"advies-toelichting": "x"}).status_code == 404
    assert mine.reference not in client.get(INBOX).content.decode()


@pytest.mark.parametrize("persona", ["casemanager", "expert", "gemeente_official", "beheerder"])
def test_other_roles_cannot_open_the_inbox_or_a_registration(personas, login, mine, persona):
    client = login(getattr(personas, persona))
    assert client.get(INBOX).status_code == 403
    assert client.get(detail_url(mine)).status_code in (403, 404)


def test_registrations_outside_every_region_are_seen_by_coordinators_to_forward(personas, login):
    lost = AanmeldingFactory(postcode="9999 ZZ", gemeente=None)
    assert login(personas.outsider_coordinator).get(detail_url(lost)).status_code == 200


def test_opening_a_registration_writes_the_access_log(personas, login, mine):
    login(personas.coordinator).get(detail_url(mine))
    entry = AccessLogEntry.objects.get()
    assert entry.user == personas.coordinator
    assert entry.client_ref == mine.reference
    assert entry.object_type == "aanmelding.aanmelding"
    assert entry.region == personas.region


def test_inbox_shows_waiting_working_days_against_the_norm(personas, login):
    late = AanmeldingFactory(
        gemeente=personas.gemeente, received_at=timezone.now() - timedelta(days=21)
    )
    sync()  # the deadline a factory-made registration did not get from the service
    content = login(personas.coordinator).get(INBOX).content.decode()
    assert late.reference in content
    assert "van 5 werkdagen – te laat" in content


def test_inbox_filters_and_search(personas, login, mine):
    pro = AanmeldingFactory(gemeente=personas.gemeente, professional=True, kind_first_name="Daan")
    client = login(personas.coordinator)
    assert [r[0] for r in client.get(INBOX, {"kanaal": "professional"}).context["rows"]] == [pro]
    assert [r[0] for r in client.get(INBOX, {"q": "noor"}).context["rows"]] == [mine]
    assert [r[0] for r in client.get(INBOX, {"q": pro.reference}).context["rows"]] == [pro]
    services.aanmelding_record_first_contact(
        aanmelding=mine, by=personas.coordinator, at=timezone.now(), wijze="telefonisch"
    )
    mine.refresh_from_db()
    services.aanmelding_close_with_advice(
        aanmelding=mine, by=personas.coordinator, toelichting="Advies"
    )
    assert mine not in [r[0] for r in client.get(INBOX).context["rows"]]
    assert [r[0] for r in client.get(INBOX, {"status": "advies"}).context["rows"]] == [mine]


def test_inbox_query_count_does_not_grow_with_registrations(
    personas, login, django_assert_num_queries
):
    client = login(personas.coordinator)
    AanmeldingFactory.create_batch(20, gemeente=personas.gemeente)
    sync()
    # 1 session, 2 user, 3-4 OTP devices, 5 role assignments, 6 gemeenten for the filter,
    # 7 count, 8 registrations with gemeente, region and original (join), 9 likely
    # duplicates of the page's rows, 10 their first-contact deadlines, 11 access-log entry
    # for the page (one INSERT), 12-14 session save.
    with django_assert_num_queries(14):
        response = client.get(INBOX)
    assert len(response.context["rows"]) == 20


# --- intake transitions -------------------------------------------------------------------


def test_recording_first_contact_sets_the_fact_and_status(personas, mine):
    at = timezone.now()
    services.aanmelding_record_first_contact(
        aanmelding=mine, by=personas.coordinator, at=at, wijze="telefonisch"
    )
    mine.refresh_from_db()
    assert mine.first_contact_at == at
    assert mine.first_contact_by == personas.coordinator
    assert mine.status == Status.IN_BEHANDELING
    with pytest.raises(ValidationError):
        services.aanmelding_record_first_contact(
            aanmelding=mine, by=personas.coordinator, at=at, wijze="telefonisch"
        )


def test_first_contact_cannot_precede_the_registration(personas, mine):
    with pytest.raises(ValidationError):
        services.aanmelding_record_first_contact(
            aanmelding=mine,
            by=personas.coordinator,
            at=mine.received_at - timedelta(hours=1),
            wijze="telefonisch",
        )


def test_a_coordinator_of_another_region_may_not_act(personas, mine):
    with pytest.raises(PermissionDenied):
        services.aanmelding_record_first_contact(
            aanmelding=mine,
            by=personas.outsider_coordinator,
            at=timezone.now(),
            wijze="telefonisch",
        )
    with pytest.raises(PermissionDenied):
        services.aanmelding_out_of_scope(aanmelding=mine, by=personas.casemanager, reden="x")


def test_an_outcome_needs_first_contact_and_closes_once(personas, mine):
    with pytest.raises(ValidationError):
        services.aanmelding_close_with_advice(
            aanmelding=mine, by=personas.coordinator, toelichting="Advies"
        )
    services.aanmelding_record_first_contact(
        aanmelding=mine, by=personas.coordinator, at=timezone.now(), wijze="huisbezoek"
    )
    services.aanmelding_close_with_advice(
        aanmelding=mine, by=personas.coordinator, toelichting="Advies gegeven"
    )
    mine.refresh_from_db()
    assert (
        mine.status == Status.ADVIES and mine.closed_at and mine.closed_by == personas.coordinator
    )
    with pytest.raises(ValidationError):
        services.aanmelding_out_of_scope(aanmelding=mine, by=personas.coordinator, reden="x")


def test_direct_referral_keeps_organisation_and_service(personas, mine):
    dienst = DienstFactory(organisatie=personas.ziekenhuis, name="Polikliniek")
    services.aanmelding_record_first_contact(
        aanmelding=mine, by=personas.coordinator, at=timezone.now(), wijze="telefonisch"
    )
    services.aanmelding_refer(
        aanmelding=mine,
        by=personas.coordinator,
        organisatie=personas.ziekenhuis,
        dienst=dienst,
        toelichting="Naar de kinderarts",
    )
    mine.refresh_from_db()
    assert (mine.status, mine.verwezen_naar, mine.verwezen_dienst) == (
        Status.VERWEZEN,
        personas.ziekenhuis,
        dienst,
    )


def test_forwarding_to_a_region_in_the_system_moves_it_to_that_inbox(personas, mine, login):
    services.aanmelding_forward(
        aanmelding=mine,
        by=personas.coordinator,
        region=personas.other_region,
        naar="",
        reden="Verhuisd naar Middelburg",
    )
    mine.refresh_from_db()
    assert mine.region == personas.other_region and mine.status == Status.NIEUW
    assert mine.doorgestuurd_van == personas.region
    assert login(personas.outsider_coordinator).get(detail_url(mine)).status_code == 200


def test_forwarding_outside_the_system_closes_with_the_reason(personas, mine):
    services.aanmelding_forward(
        aanmelding=mine,
        by=personas.coordinator,
        region=None,
        naar="IVH Rotterdam",
        reden="Woont in Rotterdam",
    )
    mine.refresh_from_db()
    assert mine.status == Status.DOORGESTUURD
    assert (
        mine.doorgestuurd_naar == "IVH Rotterdam"
        and mine.uitkomst_toelichting == "Woont in Rotterdam"
    )


def test_starting_a_traject_creates_gezin_kind_and_assigns_the_casemanager(personas, mine):
    services.aanmelding_record_first_contact(
        aanmelding=mine, by=personas.coordinator, at=timezone.now(), wijze="telefonisch"
    )
    mine.refresh_from_db()
    traject = traject_start_from_aanmelding(
        aanmelding=mine, by=personas.coordinator, casemanager=personas.casemanager
    )
    mine.refresh_from_db()
    assert mine.status == Status.TRAJECT
    assert traject.casemanager == personas.casemanager
    assert traject.received_at == mine.received_at
    assert traject.first_contact_at == mine.first_contact_at
    assert traject.casemanager_assigned_at is not None
    kind = traject.gezin.kinderen.get()
    assert (kind.first_name, kind.reference) == ("Noor", mine.reference)
    assert traject.toewijzingen.get().assigned_by == personas.coordinator
    assert list(Traject.objects.visible_to(personas.casemanager)) == [traject]
    assert not Traject.objects.visible_to(personas.colleague_casemanager).exists()
    assert not Traject.objects.visible_to(personas.gemeente_official).exists()
    assert not Traject.objects.visible_to(personas.expert).exists()
    # The gemeente at the start is kept on the traject: a later move of the family does not
    # move the traject in the figures per gemeente.
    assert traject.gemeente == mine.gemeente == personas.gemeente
    traject.gezin.gemeente = personas.other_gemeente
    traject.gezin.save()
    traject.refresh_from_db()
    assert traject.gemeente == personas.gemeente


def test_a_traject_goes_only_to_a_casemanager_of_the_region(personas, mine):
    services.aanmelding_record_first_contact(
        aanmelding=mine, by=personas.coordinator, at=timezone.now(), wijze="telefonisch"
    )
    with pytest.raises(ValidationError):
        traject_start_from_aanmelding(
            aanmelding=mine, by=personas.coordinator, casemanager=personas.outsider_casemanager
        )


def test_suggestions_rank_by_gemeente_then_expertise_then_caseload(personas, mine):
    mine.zorg_domeinen = ["spraak_taal"]
    mine.save()
    local = RoleAssignmentFactory(
        casemanager=True,
        region=personas.region,
        organisatie=personas.mee,
        user__full_name="Zeynep Local",
    )
    local.werkgebied.add(personas.gemeente)
    RoleAssignmentFactory(
        casemanager=True,
        region=personas.region,
        organisatie=personas.mee,
        expertise=["spraak_taal"],
        user__full_name="Yara Taal",
    )
    suggestions = casemanager_suggestions(mine)
    names = [s.user.full_name for s in suggestions]
    assert names[:2] == ["Zeynep Local", "Yara Taal"]
    assert "werkt in deze gemeente" in suggestions[0].reasons
    assert any("expertise" in r for r in suggestions[1].reasons)
    assert all(s.user != personas.outsider_casemanager for s in suggestions)


def test_intake_by_clicking_through_the_detail_page(personas, login, mine):
    client = login(personas.coordinator)
    url = detail_url(mine)
    now = timezone.localtime()
    response = client.post(
        action_url(mine, "eerste_contact"),
        {
            "contact-datum": now.date().isoformat(),
            "contact-tijd": now.strftime("%H:%M"),
            "contact-wijze": "telefonisch",
        },
    )
    assert response.status_code == 302 and response.url == url
    too_early = client.post(
        action_url(mine, "eerste_contact"),
        {"contact-datum": "2020-01-01", "contact-tijd": "10:00", "contact-wijze": "telefonisch"},
    )
    assert too_early.status_code == 400
    assert "al vastgelegd" in too_early.content.decode()
    bad = client.post(action_url(mine, "traject"), {})
    assert bad.status_code == 400
    assert "Kies een casemanager" in bad.content.decode()
    ok = client.post(action_url(mine, "traject"), {"traject-casemanager": personas.casemanager.pk})
    assert ok.status_code == 302
    assert "Traject gestart" in client.get(url).content.decode()


# --- one POST view per action: refusals, methods, junk ---------------------------------------

ACTIONS = ["eerste_contact", "advies", "verwijzen", "doorsturen", "buiten_doelgroep", "traject"]


@pytest.fixture
def contacted(personas):
    return AanmeldingFactory(
        gemeente=personas.gemeente,
        gecontacteerd=True,
        received_at=timezone.now() - timedelta(days=1),
    )


def _valid_post(personas, action: str) -> dict:
    """What the page would send for `action` with valid input."""
    now = timezone.localtime()
    return {
        "eerste_contact": {
            "contact-datum": now.date().isoformat(),
            "contact-tijd": now.strftime("%H:%M"),
            "contact-wijze": "telefonisch",
        },
        "advies": {"advies-toelichting": "Advies"},
        "verwijzen": {"verwijzen-organisatie": personas.ziekenhuis.pk},
        "doorsturen": {"doorsturen-naar": "IVH Rotterdam", "doorsturen-reden": "Verhuisd"},
        "buiten_doelgroep": {"buiten-reden": "Te oud"},
        "traject": {"traject-casemanager": personas.casemanager.pk},
    }[action]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "persona, status",
    [
        ("outsider_coordinator", 404),
        ("casemanager", 403),
        ("expert", 403),
        ("gemeente_official", 403),
        ("beheerder", 403),
    ],
)
def test_who_may_not_handle_the_registration_gets_403_or_404_and_nothing_changes(
    personas, login, mine, contacted, action, persona, status
):
    target = mine if action == "eerste_contact" else contacted
    before = Aanmelding.objects.values().get(pk=target.pk)
    response = login(getattr(personas, persona)).post(
        action_url(target, action), _valid_post(personas, action)
    )
    assert response.status_code == status
    assert Aanmelding.objects.values().get(pk=target.pk) == before
    assert not Traject.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_the_coordinator_does_each_action_with_valid_input(
    personas, login, mine, contacted, action
):
    """The grant beside the refusal above: the same request by the coordinator works."""
    target = mine if action == "eerste_contact" else contacted
    response = login(personas.coordinator).post(
        action_url(target, action), _valid_post(personas, action)
    )
    assert response.status_code == 302 and response.url == detail_url(target)
    target.refresh_from_db()
    assert target.status != Status.NIEUW if action == "eerste_contact" else not target.is_open


@pytest.mark.parametrize("action", ACTIONS)
def test_an_action_url_answers_a_get_with_405(personas, login, mine, action):
    assert login(personas.coordinator).get(action_url(mine, action)).status_code == 405


def test_the_intake_page_itself_takes_no_post(personas, login, mine):
    assert login(personas.coordinator).post(detail_url(mine), {}).status_code == 405


@pytest.mark.parametrize(
    "junk, message",
    [
        ("²", "Kies een casemanager uit de lijst"),
        ("٣" * 12, "Kies een casemanager uit de lijst"),
        ("abc", "Kies een casemanager uit de lijst"),
        (str(2**63), "Kies een casemanager uit de lijst"),
        ("-1", "Kies een casemanager uit de lijst"),
        ("", "Kies een casemanager."),
        ("1\x00", "Null-tekens zijn niet toegestaan"),
    ],
)
def test_a_casemanager_that_is_not_on_the_list_gets_a_friendly_error(
    personas, login, contacted, junk, message
):
    response = login(personas.coordinator).post(
        action_url(contacted, "traject"), {"traject-casemanager": junk}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Traject.objects.exists()


def test_a_casemanager_of_another_region_cannot_be_chosen(personas, login, contacted):
    response = login(personas.coordinator).post(
        action_url(contacted, "traject"),
        {"traject-casemanager": personas.outsider_casemanager.pk},
    )
    assert "Kies een casemanager uit de lijst" in response.content.decode()
    assert not Traject.objects.exists()


def test_an_invalid_form_keeps_what_was_typed(personas, login, contacted):
    response = login(personas.coordinator).post(
        action_url(contacted, "doorsturen"),
        {"doorsturen-region": "٣" * 12, "doorsturen-reden": "Verhuisd naar Zeeland"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Verhuisd naar Zeeland</textarea>" in content
    assert response.context["open_action"] == "doorsturen"
    contacted.refresh_from_db()
    assert contacted.is_open
