"""The retention terms (from the settings) and, per kind of dossier root, when it falls due.

| kind | term (default) | counted from | setting |
|---|---|---|---|
| registration that never became a traject | 12 months, per outcome | its closing | `IVH_BEWARING_AANMELDING_MAANDEN`, `…_PER_UITKOMST` |
| closed dossier (a family whose trajecten are all closed) | 20 years, per region | the closing of its last traject | `IVH_BEWARING_DOSSIER_JAREN`, `…_PER_REGIO` |
| access-log entry | 21 years | the entry itself (and only when no client it names is still kept) | `IVH_BEWARING_TOEGANGSLOG_JAREN` |

The due moment is computed in the database (`make_interval`), so the daily job and the calendar
read it with one query per kind, whatever the number of dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.translation import ngettext

from aanmelding.constants import OPEN_STATUSES, Status
from aanmelding.models import Aanmelding
from casemanagement.constants import OPEN_FASEN
from casemanagement.models import Gezin, Traject
from ivh.netwerk.models import Region

from .constants import RootSoort

# The access-log definer function (migration 0002) refuses a shorter term: the application
# cannot make it erase recent reads, whatever its settings say.
TOEGANGSLOG_MINIMUM_JAREN = 20


def _pairs(setting: str) -> dict[str, int]:
    """ "key=value" items of a list setting (e.g. `zeeland=15`) as a dict."""
    result: dict[str, int] = {}
    for item in getattr(settings, setting):
        key, sep, value = item.partition("=")
        if not sep or not value.strip().isdigit():
            raise ImproperlyConfigured(f"{setting}: expected items like 'naam=12', got {item!r}.")
        result[key.strip()] = int(value)
    return result


@dataclass(frozen=True)
class Termen:
    aanmelding_maanden: int
    aanmelding_per_uitkomst: dict[str, int]
    dossier_jaren: int
    dossier_per_regio: dict[int, int]  # region id → years
    toegangslog_jaren: int

    def aanmelding_maanden_voor(self, status: str) -> int:
        return self.aanmelding_per_uitkomst.get(status, self.aanmelding_maanden)

    def dossier_jaren_voor(self, region_id: int | None) -> int:
        return self.dossier_per_regio.get(region_id or 0, self.dossier_jaren)

    def in_words(self) -> dict[str, Any]:
        """The terms as the certificate prints them (no personal data)."""
        uitkomsten = dict(Status.choices)
        regions = dict(Region.objects.values_list("pk", "name"))
        return {
            RootSoort.AANMELDING.value: ngettext(
                "%(n)s maand na afsluiten", "%(n)s maanden na afsluiten", self.aanmelding_maanden
            )
            % {"n": self.aanmelding_maanden},
            "aanmelding_per_uitkomst": {
                str(uitkomsten.get(k, k)): ngettext("%(n)s maand", "%(n)s maanden", v) % {"n": v}
                for k, v in sorted(self.aanmelding_per_uitkomst.items())
            },
            RootSoort.GEZIN.value: ngettext(
                "%(n)s jaar na afsluiten van het laatste traject",
                "%(n)s jaar na afsluiten van het laatste traject",
                self.dossier_jaren,
            )
            % {"n": self.dossier_jaren},
            "dossier_per_regio": {
                regions.get(k, str(k)): ngettext("%(n)s jaar", "%(n)s jaar", v) % {"n": v}
                for k, v in sorted(self.dossier_per_regio.items())
            },
            "toegangslog": ngettext(
                "%(n)s jaar na de regel, en pas als geen cliënt die erin staat nog bewaard wordt",
                "%(n)s jaar na de regel, en pas als geen cliënt die erin staat nog bewaard wordt",
                self.toegangslog_jaren,
            )
            % {"n": self.toegangslog_jaren},
        }


def termen() -> Termen:
    """The terms now in force. Region overrides name the region by its slug."""
    per_regio_slug = _pairs("IVH_BEWARING_DOSSIER_JAREN_PER_REGIO")
    ids = dict(Region.objects.filter(slug__in=per_regio_slug).values_list("slug", "pk"))
    unknown = sorted(set(per_regio_slug) - set(ids))
    if unknown:
        raise ImproperlyConfigured(
            f"IVH_BEWARING_DOSSIER_JAREN_PER_REGIO names unknown regions: {', '.join(unknown)}."
        )
    per_uitkomst = _pairs("IVH_BEWARING_AANMELDING_MAANDEN_PER_UITKOMST")
    wrong = sorted(set(per_uitkomst) - set(Status.values))
    if wrong:
        raise ImproperlyConfigured(
            f"IVH_BEWARING_AANMELDING_MAANDEN_PER_UITKOMST names unknown outcomes: {wrong}."
        )
    toegangslog = settings.IVH_BEWARING_TOEGANGSLOG_JAREN
    if toegangslog < TOEGANGSLOG_MINIMUM_JAREN:
        raise ImproperlyConfigured(
            f"IVH_BEWARING_TOEGANGSLOG_JAREN must be at least {TOEGANGSLOG_MINIMUM_JAREN}."
        )
    return Termen(
        aanmelding_maanden=settings.IVH_BEWARING_AANMELDING_MAANDEN,
        aanmelding_per_uitkomst=per_uitkomst,
        dossier_jaren=settings.IVH_BEWARING_DOSSIER_JAREN,
        dossier_per_regio={ids[slug]: years for slug, years in per_regio_slug.items()},
        toegangslog_jaren=toegangslog,
    )


class _Interval(Func):
    """Postgres `make_interval(months => n)` or `(years => n)`."""

    output_field = models.DurationField()

    def __init__(self, amount: Any, unit: str) -> None:
        assert unit in ("months", "years")
        super().__init__(amount, template=f"make_interval({unit} => %(expressions)s)")


def _plus(moment: Any, amount: Any, unit: str) -> ExpressionWrapper:
    return ExpressionWrapper(moment + _Interval(amount, unit), output_field=models.DateTimeField())


def aanmelding_roots(t: Termen) -> models.QuerySet[Aanmelding]:
    """Registrations that never became a traject and are closed, not yet anonymised, with
    `vervalt_op` (when their term ends). A duplicate goes with the registration it was merged
    into (`registry.Subtree`), unless that one was anonymised before it was marked."""
    months = Case(
        *[When(status=s, then=Value(n)) for s, n in t.aanmelding_per_uitkomst.items()],
        default=Value(t.aanmelding_maanden),
        output_field=models.IntegerField(),
    )
    return (
        Aanmelding.objects.filter(anonymised_at__isnull=True, closed_at__isnull=False)
        .exclude(status__in=[*OPEN_STATUSES, Status.TRAJECT])
        .exclude(Exists(Traject.objects.filter(aanmelding=OuterRef("pk"))))
        .filter(~Q(status=Status.DUBBEL) | Q(duplicate_of__anonymised_at__isnull=False))
        .annotate(vervalt_op=_plus(F("closed_at"), months, "months"))
    )


def gezin_roots(t: Termen) -> models.QuerySet[Gezin]:
    """Families with at least one traject, all closed, not yet anonymised, with `afgesloten_op`
    (the last closing) and `vervalt_op` (when their term ends)."""
    years = Case(
        *[When(region_id=pk, then=Value(n)) for pk, n in t.dossier_per_regio.items()],
        default=Value(t.dossier_jaren),
        output_field=models.IntegerField(),
    )
    last_closed = Subquery(
        Traject.objects.filter(gezin=OuterRef("pk"))
        .values("gezin")
        .annotate(last=Max("closed_at"))
        .values("last")[:1],
        output_field=models.DateTimeField(),
    )
    return (
        Gezin.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(Traject.objects.filter(gezin=OuterRef("pk"))))
        .exclude(Exists(Traject.objects.filter(gezin=OuterRef("pk"), fase__in=OPEN_FASEN)))
        .annotate(afgesloten_op=last_closed)
        .annotate(vervalt_op=_plus(F("afgesloten_op"), years, "years"))
    )
