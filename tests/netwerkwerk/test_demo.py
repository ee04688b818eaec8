import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ivh.accounts.models import User
from ivh.netwerk.models import Region
from netwerkwerk.bestanden import private_storage
from netwerkwerk.constants import BesluitStatus, DocumentSoort
from netwerkwerk.demo import ACTIVITIES
from netwerkwerk.models import (
    Besluit,
    Consult,
    DocumentVersie,
    Netwerkactiviteit,
    RegioDocument,
    StuurgroepLid,
    StuurgroepVergadering,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_consults_and_activities_and_is_idempotent():
    call_command("seed_demo")
    haaglanden = Region.objects.get(slug="haaglanden")
    consults = Consult.objects.filter(region=haaglanden)
    assert consults.count() == 60
    assert consults.values("vraagsteller").distinct().count() >= 5
    assert consults.exclude(gemeente=None).values("gemeente").distinct().count() >= 5
    # Every gemeente is one of the region's.
    assert not consults.exclude(gemeente=None).exclude(gemeente__region=haaglanden).exists()
    assert consults.filter(aanmelding__isnull=False).count() == 1
    # The demo's eight activities (the quality review's demo records one of its own).
    titles = [titel for _days, _soort, titel, _n in ACTIVITIES]
    assert Netwerkactiviteit.objects.filter(region=haaglanden, titel__in=titles).count() == 8
    counts = (Consult.objects.count(), Netwerkactiviteit.objects.count())
    assert counts[0] == 60
    call_command("seed_demo")
    assert (Consult.objects.count(), Netwerkactiviteit.objects.count()) == counts


def test_the_demo_has_a_stuurgroep_with_a_year_of_meetings_and_downloadable_documents(
    private_media,
):
    call_command("seed_demo")
    haaglanden = Region.objects.get(slug="haaglanden")
    today = timezone.localdate()
    leden = StuurgroepLid.objects.filter(region=haaglanden)
    # Organisations and gemeenten of the region, one former member.
    assert leden.filter(organisatie__regions=haaglanden).count() >= 5
    assert leden.filter(gemeente__region=haaglanden).count() == 2
    assert not leden.exclude(gemeente=None).exclude(gemeente__region=haaglanden).exists()
    assert len([lid for lid in leden if not lid.is_huidig]) == 1
    vergaderingen = StuurgroepVergadering.objects.filter(region=haaglanden)
    past = vergaderingen.filter(datum__lt=today, datum__gte=today - timedelta(days=365))
    assert past.count() == 4
    assert all(v.agenda for v in past)
    assert vergaderingen.filter(datum__gt=today).count() == 1
    # The meetings' decisions (the quality review may add its own, without a meeting).
    besluiten = list(Besluit.objects.filter(region=haaglanden, vergadering__isnull=False))
    assert 6 <= len(besluiten) <= 10
    assert {b.status for b in besluiten} == set(BesluitStatus.values)
    assert sum(b.is_te_laat for b in besluiten) >= 2
    documenten = RegioDocument.objects.filter(region=haaglanden)
    assert {d.soort for d in documenten} == {
        DocumentSoort.CONVENANT,
        DocumentSoort.WERKPLAN,
        DocumentSoort.JAARVERSLAG,
    }
    versies = DocumentVersie.objects.filter(document__region=haaglanden)
    assert all(1 <= d.versies.count() <= 2 for d in documenten)
    assert versies.filter(versie=2).exists()
    # Every version is a real PDF in the private storage, with the hash that was recorded.
    for versie in versies.select_related("document"):
        data = private_storage().open(versie.bestand.name).read()
        assert hashlib.sha256(data).hexdigest() == versie.sha256
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert versie.document.titel.replace("–", "-") in text
    files = {p for p in private_media.rglob("*") if p.is_file()}
    assert len(files) == versies.count()

    counts = (
        StuurgroepLid.objects.count(),
        StuurgroepVergadering.objects.count(),
        Besluit.objects.filter(vergadering__isnull=False).count(),
        DocumentVersie.objects.count(),
    )
    call_command("seed_demo")
    assert (
        StuurgroepLid.objects.count(),
        StuurgroepVergadering.objects.count(),
        Besluit.objects.filter(vergadering__isnull=False).count(),
        DocumentVersie.objects.count(),
    ) == counts
    assert {p for p in private_media.rglob("*") if p.is_file()} == files


def test_the_demo_official_reads_the_stuurgroep_and_downloads_the_convenant(client):
    call_command("seed_demo")
    official = User.objects.get(email="gemeente@demo.ivh.nl")
    client.force_login(official)
    response = client.get(reverse("netwerkwerk:stuurgroep"))
    assert response.status_code == 200
    convenant = next(
        d for d in response.context["overzicht"].documenten if d.soort == DocumentSoort.CONVENANT
    )
    download = client.get(
        reverse("netwerkwerk:versie_download", args=[convenant.laatste_versie.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
