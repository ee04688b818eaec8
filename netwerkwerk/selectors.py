from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ivh.accounts.models import User
from ivh.netwerk.models import Region

from .constants import BESLUIT_LOPEND
from .models import (
    Besluit,
    Consult,
    DocumentVersie,
    Netwerkactiviteit,
    RegioDocument,
    StuurgroepLid,
    StuurgroepVergadering,
)
from .permissions import BESLUIT_VIEW, stuurgroep_region_ids


def consult_months(user: User) -> list[date]:
    """The months in which the user's regions logged consults, newest first (the filter)."""
    return list(
        Consult.objects.visible_to(user)
        .annotate(maand=TruncMonth("datum"))
        .values_list("maand", flat=True)
        .distinct()
        .order_by("-maand")
    )


def consult_list(user: User, month: date | None = None) -> QuerySet[Consult]:
    qs = Consult.objects.visible_to(user).select_related("region", "gemeente", "aanmelding")
    if month is not None:
        qs = qs.filter(datum__year=month.year, datum__month=month.month)
    return qs.order_by("-datum", "-created_at", "-pk")


def activiteit_list(user: User) -> QuerySet[Netwerkactiviteit]:
    return (
        Netwerkactiviteit.objects.visible_to(user)
        .select_related("region")
        .prefetch_related("organisaties")
        .order_by("-datum", "-created_at", "-pk")
    )


# --- the stuurgroep ----------------------------------------------------------------------------


def open_besluiten(region_ids: Iterable[int]) -> QuerySet[Besluit]:
    """The decisions of these regions that still ask for action (open or under way), the
    nearest date first and those without a date last. Not scoped to a user: the caller passes
    only regions the reader may see (the monitor passes the region of its scope)."""
    return (
        Besluit.objects.filter(region_id__in=list(region_ids), status__in=BESLUIT_LOPEND)
        .select_related("vergadering")
        .order_by(F("uiterlijk").asc(nulls_last=True), "created_at", "pk")
    )


def stuurgroep_regions(user: User) -> QuerySet[Region]:
    """The regions whose stuurgroep the user may open, by name."""
    return Region.objects.filter(pk__in=stuurgroep_region_ids(user)).order_by("name")


@dataclass
class StuurgroepOverzicht:
    """Everything on the overview page of one region's stuurgroep."""

    leden: list[StuurgroepLid] = field(default_factory=list)
    voormalige_leden: list[StuurgroepLid] = field(default_factory=list)
    komende_vergaderingen: list[StuurgroepVergadering] = field(default_factory=list)
    eerdere_vergaderingen: list[StuurgroepVergadering] = field(default_factory=list)
    open_besluiten: list[Besluit] = field(default_factory=list)
    documenten: Sequence[RegioDocument] = field(default_factory=list)


def stuurgroep_overzicht(user: User, region: Region) -> StuurgroepOverzicht:
    """The overview of one region, each list through its own access rule (a region the user
    may not read gives empty lists)."""
    today = timezone.localdate()
    leden = list(
        StuurgroepLid.objects.visible_to(user)
        .filter(region=region)
        .select_related("organisatie", "gemeente")
        .order_by("naam", "pk")
    )
    vergaderingen = list(
        StuurgroepVergadering.objects.visible_to(user).filter(region=region).order_by("datum", "pk")
    )
    latest = DocumentVersie.objects.filter(document=OuterRef("pk")).order_by("-versie")
    documenten = list(
        RegioDocument.objects.visible_to(user)
        .filter(region=region)
        .annotate(laatste_versie_id=Subquery(latest.values("pk")[:1]))
        .order_by("soort", "titel", "pk")
    )
    laatste = DocumentVersie.objects.in_bulk([d.laatste_versie_id for d in documenten])
    for document in documenten:
        document.laatste_versie = laatste.get(document.laatste_versie_id)  # type: ignore[attr-defined]
    return StuurgroepOverzicht(
        leden=[lid for lid in leden if lid.is_huidig],
        voormalige_leden=[lid for lid in leden if not lid.is_huidig],
        komende_vergaderingen=[v for v in vergaderingen if v.datum >= today],
        eerdere_vergaderingen=[v for v in reversed(vergaderingen) if v.datum < today],
        open_besluiten=list(BESLUIT_VIEW.filter(open_besluiten([region.pk]), user)),
        documenten=documenten,
    )
