"""The traject's timeline, assembled from providers.

Casemanagement cannot import the apps above it (mdo, later others), yet their events belong on
the traject's timeline. So each app registers a provider: a function that takes the traject and
returns its entries. Casemanagement's own entries come from providers too, registered below;
mdo registers its provider from `MdoConfig.ready()` (see `mdo/timeline.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PlanVersie, Traject


@dataclass(frozen=True)
class TimelineItem:
    """One entry: when, what kind (a stable key), the title, and optionally a text, who did it
    and a link to the page that holds the detail."""

    moment: datetime | date
    soort: str
    titel: str
    tekst: str = ""
    door: str = ""
    url: str = ""


TimelineProvider = Callable[[Traject], Iterable[TimelineItem]]

_providers: list[TimelineProvider] = []


def register_timeline_provider(provider: TimelineProvider) -> TimelineProvider:
    """Add `provider` to every traject's timeline. Registering the same function again does
    nothing, so a `ready()` that runs twice does not show entries twice. Usable as a
    decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_providers() -> tuple[TimelineProvider, ...]:
    """The registered providers, in registration order."""
    return tuple(_providers)


def _sort_key(item: TimelineItem) -> datetime:
    # A date-only entry (a contact) sorts at the end of its day, after that day's timed entries.
    moment = item.moment
    if isinstance(moment, datetime):
        return moment
    return timezone.make_aware(datetime.combine(moment, datetime.max.time().replace(microsecond=0)))


def traject_timeline(traject: Traject) -> list[TimelineItem]:
    """Everything that happened in the traject, newest first, from every registered provider:
    registration, contacts, assignments, plan versions and agreements, referrals, MDOs,
    parents' questions, closure."""
    items = [item for provider in _providers for item in provider(traject)]
    return sorted(items, key=_sort_key, reverse=True)


# --- casemanagement's own entries -------------------------------------------------------------


@register_timeline_provider
def registration_and_intake(traject: Traject) -> list[TimelineItem]:
    items = [TimelineItem(traject.received_at, "aanmelding", _("Aanmelding ontvangen"))]
    if traject.first_contact_at:
        items.append(
            TimelineItem(traject.first_contact_at, "contact", _("Eerste contact (intake)"))
        )
    return items


@register_timeline_provider
def assignments(traject: Traject) -> list[TimelineItem]:
    return [
        TimelineItem(
            t.assigned_at,
            "toewijzing",
            _("Casemanager: %(name)s") % {"name": t.casemanager},
            t.reden,
            str(t.assigned_by),
        )
        for t in traject.toewijzingen.select_related("casemanager", "assigned_by")
    ]


@register_timeline_provider
def contacts(traject: Traject) -> list[TimelineItem]:
    return [
        TimelineItem(
            c.datum,
            "contact",
            f"{c.get_soort_display()} ({c.minuten} min)",
            c.notitie,
            str(c.created_by),
        )
        for c in traject.contacten.select_related("created_by")
    ]


@register_timeline_provider
def plan_versions(traject: Traject) -> list[TimelineItem]:
    items = []
    versies = PlanVersie.objects.filter(plan__gezin=traject.gezin).select_related(
        "created_by", "akkoord"
    )
    for v in versies:
        items.append(
            TimelineItem(
                v.created_at,
                "plan",
                _("Plan versie %(n)s") % {"n": v.nummer},
                v.wijziging,
                str(v.created_by),
            )
        )
        akkoord = getattr(v, "akkoord", None)
        if akkoord:
            items.append(
                TimelineItem(
                    akkoord.agreed_at,
                    "akkoord",
                    _("Ouders akkoord met versie %(n)s") % {"n": v.nummer},
                    akkoord.get_wijze_display(),
                )
            )
    return items


@register_timeline_provider
def referrals(traject: Traject) -> list[TimelineItem]:
    items = []
    for r in traject.verwijzingen.select_related("organisatie", "dienst"):
        name = f"{r.organisatie}" + (f" – {r.dienst.name}" if r.dienst else "")
        items.append(
            TimelineItem(
                r.referred_at,
                "verwijzing",
                _("Verwezen naar %(name)s") % {"name": name},
                r.toelichting,
            )
        )
        if r.started_at:
            items.append(
                TimelineItem(
                    r.started_at, "verwijzing", _("Hulp gestart bij %(name)s") % {"name": name}
                )
            )
    return items


@register_timeline_provider
def parent_questions(traject: Traject) -> list[TimelineItem]:
    return [
        TimelineItem(q.created_at, "vraag", _("Vraag van ouders"), q.tekst)
        for q in traject.oudervragen.all()
    ]


@register_timeline_provider
def closure(traject: Traject) -> list[TimelineItem]:
    if not traject.closed_at:
        return []
    return [
        TimelineItem(
            traject.closed_at,
            "afgesloten",
            _("Traject afgesloten"),
            traject.get_afsluitreden_display(),
        )
    ]
