"""The stuurgroep: members (current and former), meetings with their decisions, the status of a
decision and its history, the open decisions others read (`open_besluiten`), and the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from netwerkwerk import services
from netwerkwerk.constants import BesluitStatus
from netwerkwerk.models import Besluit, StuurgroepLid, StuurgroepVergadering
from netwerkwerk.selectors import open_besluiten
from tests.accounts.factories import RoleAssignmentFactory
from tests.netwerk.factories import RegionFactory

from .factories import (
    BesluitFactory,
    StuurgroepLidFactory,
    StuurgroepVergaderingFactory,
    document_met_versie,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("netwerkwerk:stuurgroep")


def _days(n: int):
    return timezone.localdate() + timedelta(days=n)


# --- members -----------------------------------------------------------------------------------


def test_a_member_sits_for_an_organisation_or_a_gemeente_of_the_region(personas):
    lid = services.stuurgroeplid_toevoegen(
        region=personas.region,
        by=personas.coordinator,
        organisatie=personas.mee,
        naam=" Ingrid Verhoeven ",
        functie="regiodirecteur",
        sinds=_days(-100),
    )
    assert (lid.naam, lid.namens, lid.is_huidig) == ("Ingrid Verhoeven", "MEE Test", True)
    funder = services.stuurgroeplid_toevoegen(
        region=personas.region,
        by=personas.coordinator,
        gemeente=personas.gemeente,
        naam="Mark de Jong",
        sinds=_days(-100),
    )
    assert funder.namens == "'s-Gravenhage"
    assert lid.events.count() == 1  # history from the first version


@pytest.mark.parametrize(
    ("zetel", "message"),
    [
        ({}, "Kies een organisatie of een gemeente"),
        ({"organisatie": "mee", "gemeente": "gemeente"}, "Kies een organisatie of een gemeente"),
        ({"organisatie": "other_organisatie"}, "Deze organisaties horen niet bij regio"),
        ({"gemeente": "other_gemeente"}, "hoort niet bij regio"),
    ],
)
def test_a_seat_must_be_exactly_one_organisation_or_gemeente_of_the_region(
    personas, zetel, message
):
    with pytest.raises(ValidationError) as error:
        services.stuurgroeplid_toevoegen(
            region=personas.region,
            by=personas.coordinator,
            naam="Iemand",
            sinds=_days(-1),
            **{field: getattr(personas, name) for field, name in zetel.items()},
        )
    assert message in error.value.messages[0]
    assert not StuurgroepLid.objects.exists()


def test_the_database_refuses_a_seat_for_both_or_neither(personas):
    for kwargs in ({}, {"organisatie": personas.mee, "gemeente": personas.gemeente}):
        with pytest.raises(IntegrityError), transaction.atomic():
            StuurgroepLidFactory(region=personas.region, created_by=personas.coordinator, **kwargs)


def test_a_membership_cannot_end_before_it_began(personas):
    lid = StuurgroepLidFactory(
        region=personas.region, organisatie=personas.mee, created_by=personas.coordinator
    )
    with pytest.raises(ValidationError):
        services.stuurgroeplid_beeindigen(lid=lid, by=personas.coordinator, tot=_days(-400))
    with pytest.raises(IntegrityError), transaction.atomic():
        StuurgroepLid.objects.filter(pk=lid.pk).update(tot=_days(-400))


def test_ending_a_membership_moves_the_member_to_the_former_members(personas, login):
    lid = StuurgroepLidFactory(
        region=personas.region, organisatie=personas.mee, created_by=personas.coordinator
    )
    client = login(personas.coordinator)
    response = client.post(
        reverse("netwerkwerk:lid_beeindigen", args=[lid.pk]), {"tot": _days(-1).isoformat()}
    )
    assert response.status_code == 302
    lid.refresh_from_db()
    assert lid.tot == _days(-1)
    overzicht = client.get(OVERVIEW).context["overzicht"]
    assert overzicht.leden == []
    assert overzicht.voormalige_leden == [lid]
    # The member's history keeps both versions.
    assert [e.tot for e in lid.events.order_by("pgh_id")] == [None, _days(-1)]


def test_adding_a_member_on_the_page(personas, login):
    response = login(personas.coordinator).post(
        reverse("netwerkwerk:lid_nieuw"),
        {
            "regio": personas.region.pk,
            "namens": f"g{personas.gemeente.pk}",
            "naam": "Mark de Jong",
            "functie": "beleidsadviseur jeugd",
            "sinds": _days(-10).isoformat(),
        },
    )
    assert response.status_code == 302
    lid = StuurgroepLid.objects.get()
    assert (lid.gemeente, lid.organisatie, lid.created_by) == (
        personas.gemeente,
        None,
        personas.coordinator,
    )


def test_a_member_form_with_an_end_before_the_start_keeps_what_was_typed(personas, login):
    response = login(personas.coordinator).post(
        reverse("netwerkwerk:lid_nieuw"),
        {
            "regio": personas.region.pk,
            "namens": f"o{personas.mee.pk}",
            "naam": "Ingrid Verhoeven",
            "functie": "regiodirecteur",
            "sinds": _days(-10).isoformat(),
            "tot": _days(-20).isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "De einddatum ligt vóór de begindatum." in page
    assert 'value="Ingrid Verhoeven"' in page
    assert not StuurgroepLid.objects.exists()


def test_editing_a_member_changes_the_seat(personas, login):
    lid = StuurgroepLidFactory(
        region=personas.region, organisatie=personas.mee, created_by=personas.coordinator
    )
    url = reverse("netwerkwerk:lid_wijzigen", args=[lid.pk])
    client = login(personas.colleague_coordinator)
    assert client.get(url).context["form"]["namens"].value() == f"o{personas.mee.pk}"
    response = client.post(
        url,
        {
            "regio": personas.region.pk,
            "namens": f"o{personas.ziekenhuis.pk}",
            "naam": "Karin Mulder",
            "sinds": lid.sinds.isoformat(),
        },
    )
    assert response.status_code == 302
    lid.refresh_from_db()
    assert (lid.organisatie, lid.naam) == (personas.ziekenhuis, "Karin Mulder")


# --- meetings and decisions --------------------------------------------------------------------


def test_recording_a_meeting_and_a_decision_from_its_page(personas, login):
    client = login(personas.coordinator)
    response = client.post(
        reverse("netwerkwerk:vergadering_nieuw"),
        {
            "regio": personas.region.pk,
            "datum": _days(14).isoformat(),
            "agenda": "Opening\nWerkplan",
        },
    )
    vergadering = StuurgroepVergadering.objects.get()
    assert response["Location"] == reverse("netwerkwerk:vergadering", args=[vergadering.pk])
    response = client.post(
        reverse("netwerkwerk:besluit_nieuw", args=[vergadering.pk]),
        {"wat": "Werkplan opstellen.", "wie": "coördinator", "uiterlijk": _days(60).isoformat()},
    )
    assert response.status_code == 302
    besluit = Besluit.objects.get()
    assert (besluit.vergadering, besluit.region, besluit.status) == (
        vergadering,
        personas.region,
        BesluitStatus.OPEN,
    )
    page = client.get(reverse("netwerkwerk:vergadering", args=[vergadering.pk]))
    assert list(page.context["besluiten"]) == [besluit]
    assert "Werkplan opstellen." in page.content.decode()


def test_a_decision_without_who_is_refused_and_what_was_typed_stays(personas, login):
    vergadering = StuurgroepVergaderingFactory(
        region=personas.region, created_by=personas.coordinator
    )
    response = login(personas.coordinator).post(
        reverse("netwerkwerk:besluit_nieuw", args=[vergadering.pk]),
        {"wat": "Scholingsplan opstellen.", "wie": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit veld is verplicht." in page
    assert "Scholingsplan opstellen." in page
    assert not Besluit.objects.exists()


def test_besluit_vastleggen_records_an_open_decision_without_a_meeting(personas):
    """The way the yearly quality review records its actions."""
    besluit = services.besluit_vastleggen(
        region=personas.region,
        wat="  Wachttijden MDO bespreken met de gemeenten. ",
        wie="coördinator",
        uiterlijk=_days(30),
        by=personas.coordinator,
    )
    assert besluit.vergadering is None
    assert besluit.wat == "Wachttijden MDO bespreken met de gemeenten."
    assert besluit.status == BesluitStatus.OPEN
    assert besluit.status_changed_at == besluit.created_at
    assert besluit.created_by == personas.coordinator


@pytest.mark.parametrize("persona", ["gemeente_official", "outsider_coordinator", "casemanager"])
def test_only_the_regions_coordinators_record_decisions(personas, persona):
    with pytest.raises(PermissionDenied):
        services.besluit_vastleggen(
            region=personas.region,
            wat="x",
            wie="y",
            uiterlijk=None,
            by=getattr(personas, persona),
        )
    assert not Besluit.objects.exists()


def test_a_decision_cannot_come_from_a_meeting_of_another_region(personas):
    elders = StuurgroepVergaderingFactory(
        region=personas.other_region, created_by=personas.outsider_coordinator
    )
    with pytest.raises(ValidationError):
        services.besluit_vastleggen(
            region=personas.region,
            wat="x",
            wie="y",
            uiterlijk=None,
            by=personas.coordinator,
            vergadering=elders,
        )


def test_a_decision_needs_what_and_who(personas):
    for wat, wie in (("  ", "coördinator"), ("Iets", " ")):
        with pytest.raises(ValidationError):
            services.besluit_vastleggen(
                region=personas.region, wat=wat, wie=wie, uiterlijk=None, by=personas.coordinator
            )
    with pytest.raises(IntegrityError), transaction.atomic():
        BesluitFactory(region=personas.region, created_by=personas.coordinator, wie="")


def test_a_status_change_is_recorded_with_its_time_and_in_the_history(personas):
    besluit = BesluitFactory(region=personas.region, created_by=personas.coordinator)
    before = besluit.status_changed_at
    besluit = services.besluit_status_zetten(
        besluit=besluit, status=BesluitStatus.LOOPT, by=personas.coordinator
    )
    besluit = services.besluit_status_zetten(
        besluit=besluit, status=BesluitStatus.AFGEROND, by=personas.colleague_coordinator
    )
    besluit.refresh_from_db()
    assert besluit.status == BesluitStatus.AFGEROND
    assert besluit.status_changed_at > before
    history = [e.status for e in besluit.events.order_by("pgh_id")]
    assert history == [BesluitStatus.OPEN, BesluitStatus.LOOPT, BesluitStatus.AFGEROND]


def test_setting_the_same_status_again_changes_nothing(personas):
    besluit = BesluitFactory(region=personas.region, created_by=personas.coordinator, loopt=True)
    changed_at = besluit.status_changed_at
    services.besluit_status_zetten(
        besluit=besluit, status=BesluitStatus.LOOPT, by=personas.coordinator
    )
    besluit.refresh_from_db()
    assert besluit.status_changed_at == changed_at
    assert besluit.events.count() == 1


def test_an_unknown_status_is_refused(personas):
    besluit = BesluitFactory(region=personas.region, created_by=personas.coordinator)
    with pytest.raises(ValidationError):
        services.besluit_status_zetten(besluit=besluit, status="klaar", by=personas.coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Besluit.objects.filter(pk=besluit.pk).update(status="klaar")


@pytest.mark.parametrize("persona", ["gemeente_official", "outsider_coordinator"])
def test_only_the_regions_coordinators_change_a_status(personas, persona):
    besluit = BesluitFactory(region=personas.region, created_by=personas.coordinator)
    with pytest.raises(PermissionDenied):
        services.besluit_status_zetten(
            besluit=besluit, status=BesluitStatus.VERVALLEN, by=getattr(personas, persona)
        )
    besluit.refresh_from_db()
    assert besluit.status == BesluitStatus.OPEN


def test_changing_a_status_on_the_page_returns_to_where_it_was_sent_from(personas, login):
    vergadering = StuurgroepVergaderingFactory(
        region=personas.region, created_by=personas.coordinator
    )
    besluit = BesluitFactory(
        region=personas.region, vergadering=vergadering, created_by=personas.coordinator
    )
    client = login(personas.coordinator)
    url = reverse("netwerkwerk:besluit_status", args=[besluit.pk])
    response = client.post(url, {"status": "loopt", "terug": f"{OVERVIEW}?regio=1"})
    assert response["Location"] == f"{OVERVIEW}?regio=1"
    besluit.refresh_from_db()
    assert besluit.status == BesluitStatus.LOOPT
    # Another site is never a destination: back to the meeting instead.
    response = client.post(url, {"status": "afgerond", "terug": "https://elders.example/"})
    assert response["Location"] == reverse("netwerkwerk:vergadering", args=[vergadering.pk])


# --- open decisions (read by the monitor) --------------------------------------------------------


def test_open_besluiten_are_open_or_running_nearest_date_first_without_date_last(personas):
    make = dict(region=personas.region, created_by=personas.coordinator)
    later = BesluitFactory(uiterlijk=_days(10), **make)
    zonder = BesluitFactory(uiterlijk=None, **make)
    te_laat = BesluitFactory(uiterlijk=_days(-5), loopt=True, **make)
    binnenkort = BesluitFactory(uiterlijk=_days(1), **make)
    BesluitFactory(uiterlijk=_days(-20), afgerond=True, **make)
    BesluitFactory(uiterlijk=_days(-20), vervallen=True, **make)
    BesluitFactory(region=personas.other_region, created_by=personas.outsider_coordinator)
    assert list(open_besluiten([personas.region.pk])) == [te_laat, binnenkort, later, zonder]
    assert list(open_besluiten([])) == []
    both = open_besluiten(iter([personas.region.pk, personas.other_region.pk]))
    assert both.count() == 5


@pytest.mark.parametrize(
    ("status", "uiterlijk", "te_laat"),
    [
        (BesluitStatus.OPEN, -1, True),
        (BesluitStatus.LOOPT, -30, True),
        (BesluitStatus.OPEN, 0, False),  # due today is not late yet
        (BesluitStatus.OPEN, 5, False),
        (BesluitStatus.OPEN, None, False),
        (BesluitStatus.AFGEROND, -30, False),
        (BesluitStatus.VERVALLEN, -30, False),
    ],
)
def test_a_decision_is_late_when_still_open_and_past_its_date(status, uiterlijk, te_laat):
    besluit = Besluit(status=status, uiterlijk=None if uiterlijk is None else _days(uiterlijk))
    assert besluit.is_te_laat is te_laat


# --- the overview ------------------------------------------------------------------------------


@pytest.fixture
def stuurgroep(personas):
    make = dict(region=personas.region, created_by=personas.coordinator)
    leden = [
        StuurgroepLidFactory(naam="Ingrid Verhoeven", organisatie=personas.mee, **make),
        StuurgroepLidFactory(naam="Mark de Jong", gemeente=personas.gemeente, **make),
        StuurgroepLidFactory(
            naam="Willem Bos", organisatie=personas.ziekenhuis, voormalig=True, **make
        ),
    ]
    eerder = StuurgroepVergaderingFactory(datum=_days(-30), **make)
    komend = StuurgroepVergaderingFactory(datum=_days(20), **make)
    besluiten = [
        BesluitFactory(wat="Scholingsplan opstellen", vergadering=eerder, te_laat=True, **make),
        BesluitFactory(wat="Ouderpanel opzetten", vergadering=eerder, **make),
        BesluitFactory(wat="Convenant tekenen", vergadering=eerder, afgerond=True, **make),
    ]
    documenten = [
        document_met_versie(personas.region, personas.coordinator, titel="Convenant 2026"),
        document_met_versie(personas.region, personas.coordinator, titel="Convenant 2022"),
    ]
    return leden, (eerder, komend), besluiten, documenten


def test_the_overview_shows_members_meetings_open_decisions_and_documents(
    personas, login, stuurgroep
):
    leden, (eerder, komend), besluiten, documenten = stuurgroep
    response = login(personas.coordinator).get(OVERVIEW)
    overzicht = response.context["overzicht"]
    assert [lid.naam for lid in overzicht.leden] == ["Ingrid Verhoeven", "Mark de Jong"]
    assert [lid.naam for lid in overzicht.voormalige_leden] == ["Willem Bos"]
    assert overzicht.komende_vergaderingen == [komend]
    assert overzicht.eerdere_vergaderingen == [eerder]
    assert overzicht.open_besluiten == besluiten[:2]
    assert [d.laatste_versie.versie for d in overzicht.documenten] == [1, 1]
    page = response.content.decode()
    assert "Convenant tekenen" not in page  # done: on the list of all decisions only
    assert page.count("te laat</span>") == 1
    download = reverse("netwerkwerk:versie_download", args=[documenten[0].versies.get().pk])
    assert download in page


def test_the_overview_shows_the_latest_version_of_each_document(personas, login, stuurgroep):
    *_rest, documenten = stuurgroep
    nieuw = services.documentversie_toevoegen(
        document=documenten[0],
        by=personas.coordinator,
        bestand=pdf_upload(),
    )
    overzicht = login(personas.coordinator).get(OVERVIEW).context["overzicht"]
    latest = {d.pk: d.laatste_versie for d in overzicht.documenten}
    assert latest[documenten[0].pk] == nieuw


def test_the_overview_takes_a_fixed_number_of_queries(
    personas, login, stuurgroep, django_assert_num_queries
):
    client = login(personas.coordinator)
    client.get(OVERVIEW)  # warm the session and the caches
    with django_assert_num_queries(14):
        # 1 session, 2 user, 3–4 its TOTP and static devices (2FA middleware), 5 role
        # assignments, 6 the user's regions, 7 members, 8 meetings, 9 documents with the id of
        # their newest version, 10 those versions, 11 open decisions with their meetings,
        # 12–14 savepoint, session update, release (SESSION_SAVE_EVERY_REQUEST)
        client.get(OVERVIEW)


def test_the_list_of_decisions_splits_open_from_done(personas, login, stuurgroep):
    _leden, _vergaderingen, besluiten, _documenten = stuurgroep
    response = login(personas.gemeente_official).get(reverse("netwerkwerk:besluiten"))
    assert set(response.context["lopend"]) == set(besluiten[:2])
    assert response.context["afgehandeld"] == [besluiten[2]]


def test_a_coordinator_of_two_regions_chooses_the_region(personas, login, stuurgroep):
    RoleAssignmentFactory(coordinator=True, region=personas.other_region, user=personas.coordinator)
    third = RegionFactory(name="Amstelland", slug="amstelland")
    client = login(personas.coordinator)
    response = client.get(OVERVIEW)
    # By name: Haaglanden before Zeeland; the other region is one choice away.
    assert response.context["region"] == personas.region
    assert response.context["several_regions"]
    response = client.get(OVERVIEW, {"regio": personas.other_region.pk})
    assert response.context["region"] == personas.other_region
    assert response.context["overzicht"].leden == []
    # A region that is not theirs is not offered and not shown.
    response = client.get(OVERVIEW, {"regio": third.pk})
    assert response.context["region"] == personas.region
    # The forms to add offer both regions, the one they came from chosen.
    form = client.get(
        reverse("netwerkwerk:vergadering_nieuw"), {"regio": personas.other_region.pk}
    ).context["form"]
    assert not form["regio"].is_hidden
    assert form["regio"].value() == personas.other_region.pk
    assert list(form.fields["regio"].queryset) == [personas.region, personas.other_region]


def test_the_netwerk_tabs_lead_to_the_stuurgroep(personas, login):
    page = login(personas.coordinator).get(reverse("netwerkwerk:consulten")).content.decode()
    assert reverse("netwerkwerk:stuurgroep") in page


def test_a_coordinator_of_one_region_does_not_choose_it_when_adding(personas, login):
    client = login(personas.coordinator)
    for name in ("lid_nieuw", "vergadering_nieuw", "document_nieuw"):
        form = client.get(reverse(f"netwerkwerk:{name}")).context["form"]
        assert form["regio"].is_hidden, name
        assert form["regio"].value() == personas.region.pk, name


@pytest.mark.parametrize("junk", ["²", "٣", str(2**63), "9" * 40, "-1", "abc"])
def test_junk_in_the_region_choice_falls_back_to_the_own_region(personas, login, junk):
    client = login(personas.coordinator)
    for name in ("stuurgroep", "besluiten", "lid_nieuw", "vergadering_nieuw", "document_nieuw"):
        response = client.get(reverse(f"netwerkwerk:{name}"), {"regio": junk})
        assert response.status_code == 200, name
    form = client.get(reverse("netwerkwerk:lid_nieuw"), {"regio": junk}).context["form"]
    assert form["regio"].value() == personas.region.pk


@pytest.mark.parametrize(
    "terug", ["²", "netwerkwerk:stuurgroep", "//elders.example/", "javascript:x"]
)
def test_a_junk_return_address_goes_back_to_the_meeting(personas, login, terug):
    vergadering = StuurgroepVergaderingFactory(
        region=personas.region, created_by=personas.coordinator
    )
    besluit = BesluitFactory(
        region=personas.region, vergadering=vergadering, created_by=personas.coordinator
    )
    response = login(personas.coordinator).post(
        reverse("netwerkwerk:besluit_status", args=[besluit.pk]),
        {"status": "loopt", "terug": terug},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("netwerkwerk:vergadering", args=[vergadering.pk])
