from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.db.models.functions import TruncMonth

from ivh.accounts.models import User

from .models import Consult, Netwerkactiviteit


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
