from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from netwerkwerk import services
from netwerkwerk.constants import (
    ActiviteitSoort,
    BesluitStatus,
    ConsultKanaal,
    DocumentSoort,
    Vraagsteller,
)
from netwerkwerk.demo import pdf_bytes
from netwerkwerk.models import (
    Besluit,
    Consult,
    Netwerkactiviteit,
    StuurgroepLid,
    StuurgroepVergadering,
)
from tests.support.names import safe_name


class ConsultFactory(DjangoModelFactory):
    """A phone consult from a parent today; pass `region` and `created_by`."""

    class Meta:
        model = Consult

    region = None
    datum = factory.LazyFunction(timezone.localdate)
    kanaal = ConsultKanaal.TELEFOON
    vraagsteller = Vraagsteller.OUDER
    onderwerpen = factory.LazyFunction(lambda: ["spraak_taal"])
    minuten = 10
    created_by = None


class NetwerkactiviteitFactory(DjangoModelFactory):
    class Meta:
        model = Netwerkactiviteit

    region = None
    datum = factory.LazyFunction(timezone.localdate)
    soort = ActiviteitSoort.TRAINING
    titel = factory.Sequence(lambda n: f"Training {n}")
    created_by = None


# --- the stuurgroep ----------------------------------------------------------------------------


class StuurgroepLidFactory(DjangoModelFactory):
    """A member for an organisation since a year ago; pass `region`, `created_by` and either
    `organisatie` or `gemeente`."""

    class Meta:
        model = StuurgroepLid

    region = None
    organisatie = None
    gemeente = None
    naam = factory.LazyFunction(safe_name)
    functie = "directeur"
    sinds = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    tot = None
    created_by = None

    class Params:
        voormalig = factory.Trait(
            tot=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
        )


class StuurgroepVergaderingFactory(DjangoModelFactory):
    class Meta:
        model = StuurgroepVergadering

    region = None
    datum = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    agenda = "Opening\nWerkplan\nRondvraag"
    verslag = ""
    created_by = None


class BesluitFactory(DjangoModelFactory):
    """An open decision due in a month; pass `region` and `created_by`."""

    class Meta:
        model = Besluit

    region = None
    vergadering = None
    wat = factory.Sequence(lambda n: f"Actie {n} uitvoeren")
    wie = "coördinator"
    uiterlijk = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = BesluitStatus.OPEN
    created_by = None

    class Params:
        te_laat = factory.Trait(
            uiterlijk=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
        )
        loopt = factory.Trait(status=BesluitStatus.LOOPT)
        afgerond = factory.Trait(status=BesluitStatus.AFGEROND)
        vervallen = factory.Trait(status=BesluitStatus.VERVALLEN)


def pdf_upload(name: str = "convenant.pdf", text: str = "Convenant") -> SimpleUploadedFile:
    """A real (small) PDF as the browser sends it."""
    return SimpleUploadedFile(name, pdf_bytes(text, [text]), content_type="application/pdf")


def document_met_versie(region, by, *, titel: str = "Convenant 2026", text: str = "v1"):
    """A region document with its first version, through the service (the file is stored in
    the private storage the test points at)."""
    return services.document_toevoegen(
        region=region,
        by=by,
        soort=DocumentSoort.CONVENANT,
        titel=titel,
        bestand=pdf_upload(text=text),
    )
