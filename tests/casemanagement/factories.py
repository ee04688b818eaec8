from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from casemanagement.models import Gezin, Kind, Traject
from tests.support.names import safe_name


class GezinFactory(DjangoModelFactory):
    class Meta:
        model = Gezin

    region = None
    gemeente = None
    ouder_name = factory.LazyFunction(safe_name)
    ouder_telefoon = "06 12345678"
    ouder_email = factory.Sequence(lambda n: f"gezin{n}@example.org")


class KindFactory(DjangoModelFactory):
    class Meta:
        model = Kind

    gezin = factory.SubFactory(GezinFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    geboortedatum = factory.LazyFunction(lambda: date.today() - timedelta(days=900))


class TrajectFactory(DjangoModelFactory):
    """An open traject of a family with one child, assigned to `casemanager`."""

    class Meta:
        model = Traject
        skip_postgeneration_save = True

    region = None
    gezin = factory.SubFactory(GezinFactory, region=factory.SelfAttribute("..region"))
    gemeente = factory.SelfAttribute("gezin.gemeente")
    casemanager = None
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=20))
    first_contact_at = factory.LazyAttribute(lambda o: o.received_at + timedelta(days=2))
    casemanager_assigned_at = factory.LazyAttribute(
        lambda o: o.received_at + timedelta(days=3) if o.casemanager else None
    )

    @factory.post_generation
    def kind(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            KindFactory(gezin=self.gezin, **kwargs)
