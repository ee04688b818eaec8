import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from netwerkwerk.constants import ActiviteitSoort, ConsultKanaal, Vraagsteller
from netwerkwerk.models import Consult, Netwerkactiviteit


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
