from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from aanmelding.constants import (
    TOESTEMMING_VERSIE,
    AndereGezagsdrager,
    ContactWijze,
    Gezag,
    Kanaal,
    Status,
    ToestemmingDoel,
)
from aanmelding.models import Aanmelding, Toestemming
from tests.support.names import safe_name


class AanmeldingFactory(DjangoModelFactory):
    class Meta:
        model = Aanmelding
        skip_postgeneration_save = True

    kanaal = Kanaal.OUDER
    kind_first_name = factory.Faker("first_name", locale="nl_NL")
    kind_geboortedatum = factory.LazyFunction(lambda: date.today() - timedelta(days=3 * 365))
    ouder_name = factory.LazyFunction(safe_name)
    ouder_telefoon = "06 12345678"
    ouder_email = factory.Sequence(lambda n: f"ouder{n}@example.org")
    postcode = "2511 AB"
    zorg = "Onze dochter praat nog weinig."
    gezag = Gezag.BEIDE_OUDERS
    andere_gezagsdrager = AndereGezagsdrager.WEET_EN_AKKOORD
    region = factory.LazyAttribute(lambda o: o.gemeente.region if o.gemeente else None)
    gemeente = None
    received_at = factory.LazyFunction(timezone.now)

    class Params:
        professional = factory.Trait(
            kanaal=Kanaal.PROFESSIONAL,
            verwijzer_soort="jgz",
            verwijzer_name="J. Arts",
            verwijzer_organisatie="Consultatiebureau",
            verwijzer_email="jgz@example.org",
            ouders_op_de_hoogte=True,
        )
        gecontacteerd = factory.Trait(
            status=Status.IN_BEHANDELING,
            first_contact_at=factory.LazyAttribute(lambda o: o.received_at + timedelta(hours=2)),
            first_contact_wijze=ContactWijze.TELEFONISCH,
        )

    @factory.post_generation
    def toestemmingen(self, create: bool, extracted: dict | None, **kwargs: object) -> None:
        if not create:
            return
        given = extracted or {}
        for doel in ToestemmingDoel.values:
            Toestemming.objects.create(
                aanmelding=self,
                doel=doel,
                gegeven=given.get(doel, True),
                tekst_versie=TOESTEMMING_VERSIE,
            )
