"""The deadline the registration's facts start and stop (see `ivh.termijnen.feiten`)."""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Coalesce

from ivh.termijnen.constants import Onderwerp, Regel
from ivh.termijnen.feiten import FeitRegel, register

from .models import Aanmelding

EERSTE_CONTACT = FeitRegel(
    Regel.EERSTE_CONTACT,
    Onderwerp.AANMELDING,
    # Without a region (a postcode outside every region) no norm applies until it is forwarded.
    lambda: Aanmelding.objects.filter(region__isnull=False).annotate(
        region_ref=F("region_id"),
        start=F("received_at"),
        stop=Coalesce("first_contact_at", "closed_at"),
    ),
)


def register_rules() -> None:
    register(EERSTE_CONTACT)
