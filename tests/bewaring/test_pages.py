"""The retention calendar and the batch certificate, as a coordinator sees them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bewaring.constants import Regel
from bewaring.services import batch_run
from casemanagement.models import Kind, OuderVraag
from ivh.audit.constants import AccessAction
from ivh.audit.models import AccessLogEntry
from tests.bewaring.conftest import SENTINEL, closed_aanmelding, complete_dossier, years_later

pytestmark = pytest.mark.django_db
KALENDER = reverse("bewaring:kalender")


def test_the_calendar_shows_what_falls_due_with_its_rule_and_what_holds_it(
    personas, login, settings
):
    settings.IVH_BEWARING_DOSSIER_JAREN = 0  # a closed dossier falls due at once
    dossier = complete_dossier(personas)
    OuderVraag.objects.create(traject=dossier.traject, tekst="Bel ons", terugbellen=True)
    advies = closed_aanmelding(personas)
    other_region = closed_aanmelding(personas, gemeente=personas.other_gemeente)
    page = login(personas.coordinator).get(KALENDER).content.decode()
    # Held now: the family, with why.
    held = page.split("Over de termijn, maar tegengehouden")[1].split("De komende maanden")[0]
    assert dossier.gezin.reference in held
    assert "een vraag of verzoek van de ouders is nog niet afgehandeld" in held
    assert str(Regel.DOSSIER.label) in held
    # Coming: the registration closed today, a year on, by its rule.
    coming = page.split("De komende maanden")[1]
    assert advies.reference in coming and str(Regel.AANMELDING.label) in coming
    # Numbers only, never a name; nothing of another region.
    assert SENTINEL not in page
    assert other_region.reference not in page
    # The page showed these clients: the access log says so.
    entry = AccessLogEntry.objects.get(view_name="bewaring:kalender")
    assert entry.action == AccessAction.LIST
    assert {dossier.gezin.reference, advies.reference} <= set(entry.client_refs)


def test_the_calendar_reads_a_fixed_number_of_queries(personas, login, django_assert_num_queries):
    for _ in range(3):
        closed_aanmelding(personas)
    client = login(personas.coordinator)
    client.get(KALENDER)
    # 1 session, 2 user, 3-4 the second factor's devices, 5 roles; 6 the registrations due
    # with their holds; 7 the families due with theirs; 8 the access-log entry; 9 the region
    # names for the terms; 10-12 the session's activity stamp (savepoint, update, release).
    # Whatever the number of dossiers.
    with django_assert_num_queries(12):
        client.get(KALENDER)
    for _ in range(3):
        closed_aanmelding(personas)
    with django_assert_num_queries(12):
        client.get(KALENDER)


def test_the_certificate_counts_per_kind_without_any_number_or_name(personas, login, frozen_clock):
    dossier = complete_dossier(personas)
    kind = Kind.objects.get(gezin=dossier.gezin)
    closed_aanmelding(personas, gemeente=personas.other_gemeente)  # another region's
    frozen_clock(years_later())
    batch = batch_run(dry_run=False)
    frozen_clock(timezone.now())
    client = login(personas.coordinator)
    page = client.get(reverse("bewaring:certificaat", args=[batch.pk])).content.decode()
    assert batch.number in page
    assert "20 jaar na afsluiten van het laatste traject" in page
    for secret in (dossier.gezin.reference, kind.reference, dossier.aanmelding.reference, SENTINEL):
        assert secret not in page
    # The family of this region counted; the other region's registration not.
    counts = page.split("Aantallen")[1]
    assert '<td class="num text-end">1</td>' in counts
    assert counts.count('<td class="num text-end">1</td>') == 1


def test_the_certificate_pdf_is_tagged_with_title_and_language(personas, login, frozen_clock):
    closed_aanmelding(personas)
    frozen_clock(years_later())
    batch = batch_run(dry_run=True)
    frozen_clock(timezone.now())
    response = login(personas.coordinator).get(
        reverse("bewaring:certificaat", args=[batch.pk]), {"formaat": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "nl"
    assert reader.metadata.title == f"Certificaat bewaartermijnen {batch.number}"
    text = "".join(p.extract_text() for p in reader.pages)
    assert "proef: er is niets veranderd" in text
