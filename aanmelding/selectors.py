from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from ivh.core.werkdagen import werkdagen_tussen

from .models import Aanmelding

DEFAULT_NORM_WERKDAGEN = 5


@dataclass(frozen=True)
class Wachttijd:
    werkdagen: int
    norm: int
    afgerond: bool  # first contact made: the figure no longer grows

    @property
    def over_norm(self) -> bool:
        return self.werkdagen > self.norm

    @property
    def bijna(self) -> bool:
        return not self.over_norm and not self.afgerond and self.werkdagen >= self.norm - 1


def wachttijd_eerste_contact(aanmelding: Aanmelding, today: date | None = None) -> Wachttijd:
    """Working days from receipt to first contact (or to today while there is none)."""
    received = timezone.localdate(aanmelding.received_at)
    if aanmelding.first_contact_at:
        end, done = timezone.localdate(aanmelding.first_contact_at), True
    else:
        end, done = today or timezone.localdate(), False
    norm = (
        aanmelding.region.norm_eerste_contact_werkdagen
        if aanmelding.region
        else DEFAULT_NORM_WERKDAGEN
    )
    return Wachttijd(werkdagen=werkdagen_tussen(received, end), norm=norm, afgerond=done)


def inbox_search(qs: QuerySet[Aanmelding], query: str) -> QuerySet[Aanmelding]:
    query = query.strip()
    if not query:
        return qs
    return qs.filter(
        Q(reference__iexact=query)
        | Q(kind_first_name__icontains=query)
        | Q(ouder_name__icontains=query)
    )
