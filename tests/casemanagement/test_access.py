"""Who may list, open, edit and export a traject – and who is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement import services
from casemanagement.models import Traject, Vervanging
from ivh.audit.models import AccessLogEntry
from tests.casemanagement.factories import KindFactory, TrajectFactory

pytestmark = pytest.mark.django_db


def urls(traject: Traject) -> list[str]:
    return [
        reverse("casemanagement:traject", args=[traject.pk]),
        reverse("casemanagement:plan_edit", args=[traject.pk]),
        reverse("casemanagement:plan_pdf", args=[traject.pk]),
        reverse("casemanagement:inzage", args=[traject.pk]),
    ]


def test_casemanager_opens_own_traject_and_it_is_logged_per_child(personas, login, traject):
    KindFactory(gezin=traject.gezin, first_name="Sem")
    response = login(personas.casemanager).get(reverse("casemanagement:traject", args=[traject.pk]))
    assert response.status_code == 200
    assert "Noor" in response.content.decode()
    refs = set(traject.gezin.kinderen.values_list("reference", flat=True))
    assert set(AccessLogEntry.objects.values_list("client_ref", flat=True)) == refs
    assert AccessLogEntry.objects.filter(user=personas.casemanager).count() == 2


@pytest.mark.parametrize(
    "persona",
    [
        "colleague_casemanager",
        "outsider_casemanager",
        "expert",
        "gemeente_official",
        "outsider_coordinator",
        "beheerder",
    ],
)
def test_others_cannot_list_open_edit_or_export_the_traject(personas, login, traject, persona):
    client = login(getattr(personas, persona))
    for url in urls(traject):
        assert client.get(url).status_code in (403, 404), url
    post = client.post(
        reverse("casemanagement:traject_contact", args=[traject.pk]),
        {
            "contact-datum": "2026-01-01",
            "contact-soort": "telefonisch",
            "contact-minuten": "10",
        },
    )
    assert post.status_code in (403, 404)
    listing = client.get(reverse("casemanagement:caseload"))
    assert listing.status_code == 403 or traject.gezin.reference not in listing.content.decode()
    assert not traject.contacten.exists()
    assert not AccessLogEntry.objects.exists()


def test_colleague_sees_the_traject_only_during_a_logged_substitution(personas, login, traject):
    client = login(personas.colleague_casemanager)
    url = reverse("casemanagement:traject", args=[traject.pk])
    assert client.get(url).status_code == 404
    today = timezone.localdate()
    services.vervanging_create(
        afwezige=personas.casemanager,
        vervanger=personas.colleague_casemanager,
        region_id=personas.region.pk,
        van=today,
        tot=today + timedelta(days=7),
        reden="Verlof",
        by=personas.coordinator,
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "U vervangt de casemanager" in response.content.decode()
    assert (
        traject.gezin.reference in client.get(reverse("casemanagement:caseload")).content.decode()
    )
    # Over: the substitution ended yesterday.
    Vervanging.objects.update(van=today - timedelta(days=9), tot=today - timedelta(days=1))
    assert client.get(url).status_code == 404


def test_only_a_coordinator_arranges_a_substitution(personas, traject):
    today = timezone.localdate()
    with pytest.raises(services.PermissionDenied):
        services.vervanging_create(
            afwezige=personas.casemanager,
            vervanger=personas.colleague_casemanager,
            region_id=personas.region.pk,
            van=today,
            tot=today,
            reden="x",
            by=personas.colleague_casemanager,
        )


def test_coordinator_sees_region_trajecten_and_exports_but_a_casemanager_cannot_export(
    personas, login, traject
):
    coordinator = login(personas.coordinator)
    assert (
        traject.gezin.reference
        in coordinator.get(reverse("casemanagement:caseload")).content.decode()
    )
    export = coordinator.get(reverse("casemanagement:inzage", args=[traject.pk]))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/json")
    assert AccessLogEntry.objects.filter(action="export", user=personas.coordinator).exists()
    coordinator.logout()
    assert (
        login(personas.casemanager)
        .get(reverse("casemanagement:inzage", args=[traject.pk]))
        .status_code
        == 403
    )


def test_caseload_query_count_is_fixed(personas, login, django_assert_num_queries):
    client = login(personas.casemanager)
    for _ in range(12):
        TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    # 1 session, 2 user, 3-4 OTP devices, 5 role assignments, 6 trajecten with their plan,
    # contact and question annotations, 7 children (prefetch), 8-9 their running deadlines
    # (their own, their referrals'), 10 access-log entry for the page (one INSERT),
    # 11 substitutions shown, 12-14 session save.
    with django_assert_num_queries(14):
        response = client.get(reverse("casemanagement:caseload"))
    assert len(response.context["rows"]) == 12


def test_traject_page_query_count_does_not_grow_with_contacts(
    personas, login, traject, django_assert_num_queries
):
    client = login(personas.casemanager)
    url = reverse("casemanagement:traject", args=[traject.pk])
    client.get(url)
    for i in range(3):
        services.contact_log(
            traject=traject,
            by=personas.casemanager,
            datum=timezone.localdate(),
            soort="telefonisch",
            minuten=10 + i,
            notitie="kort",
        )
    # One referral already there: its deadline is one more kind of thing on the page.
    services.verwijzing_create(
        traject=traject,
        by=personas.casemanager,
        organisatie=personas.mee,
        dienst=None,
        referred_at=timezone.localdate(),
        toelichting="",
    )
    baseline = len(_queries(client, url))
    for i in range(10):
        services.contact_log(
            traject=traject,
            by=personas.casemanager,
            datum=timezone.localdate(),
            soort="huisbezoek",
            minuten=30,
            notitie=f"bezoek {i}",
        )
    services.verwijzing_create(
        traject=traject,
        by=personas.casemanager,
        organisatie=personas.ziekenhuis,
        dienst=None,
        referred_at=timezone.localdate(),
        toelichting="",
    )
    # The same number with ten more contacts and another referral (one query per kind of thing,
    # never one per row).
    with django_assert_num_queries(baseline + 0):
        assert client.get(url).status_code == 200


def _queries(client, url):  # noqa: ANN001, ANN202
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return ctx.captured_queries
