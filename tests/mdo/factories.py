from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mdo.models import Mdo


class MdoFactory(DjangoModelFactory):
    """A planned MDO three days from now, in `region`."""

    class Meta:
        model = Mdo

    region = None
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(days=3)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
    )
    duur_minuten = 120
    locatie = "Vergaderzaal De Brug, Den Haag"
    created_by = None
