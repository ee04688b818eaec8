"""Who may see and change the stuurgroep: the region's coordinators everything; a gemeente
official of the region reads everything and changes nothing (403); everyone else gets 404 on
every row and document, and 403 on the pages that list."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from ivh.accounts.models import User
from netwerkwerk.constants import BesluitStatus
from netwerkwerk.models import (
    Besluit,
    DocumentVersie,
    RegioDocument,
    StuurgroepLid,
    StuurgroepVergadering,
)
from netwerkwerk.permissions import (
    BESLUIT_VIEW,
    DOCUMENTVERSIE_VIEW,
    may_see_stuurgroep,
    stuurgroep_region_ids,
)
from tests.accounts.factories import RoleAssignmentFactory

from .factories import (
    BesluitFactory,
    StuurgroepLidFactory,
    StuurgroepVergaderingFactory,
    document_met_versie,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

# Staff with no part in this region's stuurgroep. None of them may learn that its rows exist.
NO_ACCESS = ["casemanager", "colleague_casemanager", "expert", "beheerder", "outsider_casemanager"]
OTHER_REGION = ["outsider_coordinator", "outsider_official"]


@dataclass
class Rows:
    lid: StuurgroepLid
    vergadering: StuurgroepVergadering
    besluit: Besluit
    document: RegioDocument
    versie: DocumentVersie


@pytest.fixture
def outsider_official(personas) -> User:
    """A gemeente official of a gemeente in the other region."""
    return RoleAssignmentFactory(gemeente_official=True, gemeente=personas.other_gemeente).user


@pytest.fixture
def user_of(personas, outsider_official):
    def _user(persona: str) -> User:
        if persona == "outsider_official":
            return outsider_official
        return getattr(personas, persona)

    return _user


@pytest.fixture
def rows(personas) -> Rows:
    coordinator = personas.coordinator
    vergadering = StuurgroepVergaderingFactory(region=personas.region, created_by=coordinator)
    document = document_met_versie(personas.region, coordinator, text="Geheim convenant")
    return Rows(
        lid=StuurgroepLidFactory(
            region=personas.region, organisatie=personas.mee, created_by=coordinator
        ),
        vergadering=vergadering,
        besluit=BesluitFactory(
            region=personas.region, vergadering=vergadering, created_by=coordinator
        ),
        document=document,
        versie=document.versies.get(),
    )


def _row_gets(rows: Rows) -> list[str]:
    return [
        reverse("netwerkwerk:lid_wijzigen", args=[rows.lid.pk]),
        reverse("netwerkwerk:vergadering", args=[rows.vergadering.pk]),
        reverse("netwerkwerk:vergadering_wijzigen", args=[rows.vergadering.pk]),
        reverse("netwerkwerk:document", args=[rows.document.pk]),
        reverse("netwerkwerk:versie_download", args=[rows.versie.pk]),
    ]


def _row_posts(rows: Rows, personas) -> list[tuple[str, dict]]:
    today = timezone.localdate().isoformat()
    return [
        (
            reverse("netwerkwerk:lid_wijzigen", args=[rows.lid.pk]),
            {
                "regio": personas.region.pk,
                "namens": f"o{personas.mee.pk}",
                "naam": "Overgenomen",
                "sinds": today,
            },
        ),
        (reverse("netwerkwerk:lid_beeindigen", args=[rows.lid.pk]), {"tot": today}),
        (
            reverse("netwerkwerk:vergadering_wijzigen", args=[rows.vergadering.pk]),
            {"regio": personas.region.pk, "datum": today, "agenda": "Overgenomen"},
        ),
        (
            reverse("netwerkwerk:besluit_nieuw", args=[rows.vergadering.pk]),
            {"wat": "Overgenomen", "wie": "iemand"},
        ),
        (
            reverse("netwerkwerk:besluit_status", args=[rows.besluit.pk]),
            {"status": BesluitStatus.VERVALLEN},
        ),
        (
            reverse("netwerkwerk:document_versie", args=[rows.document.pk]),
            {"bestand": pdf_upload(text="Overgenomen")},
        ),
    ]


LIST_PAGES = [
    "netwerkwerk:stuurgroep",
    "netwerkwerk:besluiten",
    "netwerkwerk:lid_nieuw",
    "netwerkwerk:vergadering_nieuw",
    "netwerkwerk:document_nieuw",
]


def _nothing_changed(rows: Rows) -> None:
    for obj in (rows.lid, rows.vergadering, rows.besluit, rows.document):
        obj.refresh_from_db()
    assert rows.lid.naam != "Overgenomen" and rows.lid.tot is None
    assert rows.vergadering.agenda != "Overgenomen"
    assert rows.besluit.status == BesluitStatus.OPEN
    assert Besluit.objects.count() == 1
    assert DocumentVersie.objects.count() == 1


# --- grants ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "colleague_coordinator"])
def test_the_regions_coordinators_open_every_stuurgroep_page(personas, login, rows, persona):
    client = login(getattr(personas, persona))
    for name in LIST_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for url in _row_gets(rows):
        assert client.get(url).status_code == 200, url


def test_a_coordinator_downloads_the_document_bytes(personas, login, rows):
    response = login(personas.coordinator).get(
        reverse("netwerkwerk:versie_download", args=[rows.versie.pk])
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-") and b"Geheim convenant" in body


def test_a_gemeente_official_of_the_region_reads_everything(personas, login, rows):
    client = login(personas.gemeente_official)
    for name in ("netwerkwerk:stuurgroep", "netwerkwerk:besluiten"):
        assert client.get(reverse(name)).status_code == 200, name
    overview = client.get(reverse("netwerkwerk:stuurgroep"))
    page = overview.content.decode()
    assert rows.lid.naam in page
    assert rows.besluit.wat in page
    assert rows.document.titel in page
    for url in (
        reverse("netwerkwerk:vergadering", args=[rows.vergadering.pk]),
        reverse("netwerkwerk:document", args=[rows.document.pk]),
    ):
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("netwerkwerk:versie_download", args=[rows.versie.pk]))
    assert response.status_code == 200
    assert b"Geheim convenant" in b"".join(response.streaming_content)


def test_a_gemeente_official_changes_nothing(personas, login, rows):
    client = login(personas.gemeente_official)
    for name in (
        "netwerkwerk:lid_nieuw",
        "netwerkwerk:vergadering_nieuw",
        "netwerkwerk:document_nieuw",
    ):
        assert client.get(reverse(name)).status_code == 403, name
        assert client.post(reverse(name), {}).status_code == 403, name
    for url in (
        reverse("netwerkwerk:lid_wijzigen", args=[rows.lid.pk]),
        reverse("netwerkwerk:vergadering_wijzigen", args=[rows.vergadering.pk]),
    ):
        assert client.get(url).status_code == 403, url
    for url, data in _row_posts(rows, personas):
        assert client.post(url, data).status_code == 403, url
    _nothing_changed(rows)


def test_a_gemeente_official_sees_no_buttons_to_change(personas, login, rows):
    client = login(personas.gemeente_official)
    page = client.get(reverse("netwerkwerk:stuurgroep")).content.decode()
    assert reverse("netwerkwerk:lid_nieuw") not in page
    assert reverse("netwerkwerk:besluit_status", args=[rows.besluit.pk]) not in page
    detail = client.get(reverse("netwerkwerk:vergadering", args=[rows.vergadering.pk]))
    assert detail.context["besluit_form"] is None
    assert reverse("netwerkwerk:besluit_nieuw", args=[rows.vergadering.pk]) not in (
        detail.content.decode()
    )
    document = client.get(reverse("netwerkwerk:document", args=[rows.document.pk]))
    assert document.context["form"] is None


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", NO_ACCESS + OTHER_REGION)
def test_others_get_404_on_every_stuurgroep_row(personas, login, rows, user_of, persona):
    client = login(user_of(persona))
    for url in _row_gets(rows):
        assert client.get(url).status_code == 404, url
    for url, data in _row_posts(rows, personas):
        assert client.post(url, data).status_code == 404, url
    _nothing_changed(rows)


@pytest.mark.parametrize(
    "persona", ["casemanager", "expert", "outsider_coordinator", "outsider_official", "beheerder"]
)
def test_document_downloads_are_refused_with_404(personas, login, rows, user_of, persona):
    response = login(user_of(persona)).get(
        reverse("netwerkwerk:versie_download", args=[rows.versie.pk])
    )
    assert response.status_code == 404
    assert b"Geheim convenant" not in response.content
    assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("persona", NO_ACCESS)
def test_staff_without_stuurgroep_role_get_403_on_the_pages_that_list(
    personas, login, rows, persona
):
    client = login(getattr(personas, persona))
    for name in LIST_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
        assert client.post(reverse(name), {}).status_code in (403, 405), name


@pytest.mark.parametrize("persona", OTHER_REGION)
def test_another_regions_people_see_their_own_region_not_this_one(
    personas, login, rows, user_of, persona
):
    client = login(user_of(persona))
    # Asking for this region by its id shows their own region instead.
    for name in ("netwerkwerk:stuurgroep", "netwerkwerk:besluiten"):
        response = client.get(reverse(name), {"regio": personas.region.pk})
        assert response.status_code == 200
        assert response.context["region"] == personas.other_region
        page = response.content.decode()
        assert rows.lid.naam not in page
        assert rows.besluit.wat not in page
        assert rows.document.titel not in page


def test_a_coordinator_of_another_region_cannot_add_to_this_regions_stuurgroep(
    personas, login, rows
):
    client = login(personas.outsider_coordinator)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("netwerkwerk:vergadering_nieuw"), {"regio": personas.region.pk, "datum": today}
    )
    assert response.status_code == 400
    assert "Kies een van uw regio" in response.content.decode()
    response = client.post(
        reverse("netwerkwerk:document_nieuw"),
        {
            "regio": personas.region.pk,
            "soort": "werkplan",
            "titel": "Werkplan",
            "bestand": pdf_upload(),
        },
    )
    assert response.status_code == 400
    assert StuurgroepVergadering.objects.filter(region=personas.region).count() == 1
    assert RegioDocument.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client, rows):
    for url in [reverse("netwerkwerk:stuurgroep"), *_row_gets(rows)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_gate_and_the_rules_agree(personas, user_of, rows):
    """The page gate lets in exactly those whom the rules give a region, and the download rule
    gives the same people as the decisions rule."""
    readers = {"coordinator", "colleague_coordinator", "gemeente_official"}
    for persona in [*readers, *NO_ACCESS, *OTHER_REGION]:
        user = user_of(persona)
        sees_this_region = personas.region.pk in stuurgroep_region_ids(user)
        assert sees_this_region is (persona in readers), persona
        assert may_see_stuurgroep(user) is (persona not in NO_ACCESS), persona
        assert BESLUIT_VIEW.allows(user, rows.besluit) is sees_this_region, persona
        assert DOCUMENTVERSIE_VIEW.allows(user, rows.versie) is sees_this_region, persona


def test_an_ended_role_ends_the_access(personas, login, rows):
    official = personas.gemeente_official
    official.role_assignments.update(active=False)
    client = login(official)
    assert client.get(reverse("netwerkwerk:stuurgroep")).status_code == 403
    url = reverse("netwerkwerk:versie_download", args=[rows.versie.pk])
    assert client.get(url).status_code == 404
