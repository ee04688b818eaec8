"""What a deadline is about, in the words and links a notification needs: the reference (never a
name), the page, and who is responsible. One place per subject kind; set-based over many."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models.expressions import RawSQL
from django.urls import reverse

from aanmelding.models import Aanmelding
from casemanagement.models import Traject, Verwijzing
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment
from ivh.termijnen.constants import Onderwerp, Regel

AANMELDING = Onderwerp.AANMELDING.value
TRAJECT = Onderwerp.TRAJECT.value
VERWIJZING = Onderwerp.VERWIJZING.value

# The coordinator watches the inbox and the way to the MDO; the casemanager the family's own steps.
COORDINATOR_RULES = frozenset(
    {Regel.EERSTE_CONTACT, Regel.MDO, Regel.DOORLOOPTIJD, Regel.TEVREDENHEID}
)
# Mailed already when almost due, as a reminder: the plan evaluation is planned, not chased.
REMINDER_RULES = frozenset({Regel.EVALUATIE})
# Shown, never mailed: nobody can make parents fill in the survey (they get one reminder).
SILENT_RULES = frozenset({Regel.TEVREDENHEID})


@dataclass(frozen=True)
class Subject:
    reference: str
    path: str
    casemanager_id: int | None


def _ids(ids: set[int]) -> RawSQL:
    """Many ids as one array parameter (not one placeholder each)."""
    return RawSQL("SELECT unnest(%s::bigint[])", (sorted(ids),))


def subjects(keys: set[tuple[str, int]]) -> dict[tuple[str, int], Subject]:
    """One query per kind, whatever the number of subjects."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, pk in keys:
        by_kind[kind].add(pk)
    out: dict[tuple[str, int], Subject] = {}
    for pk, reference in Aanmelding.objects.filter(pk__in=_ids(by_kind[AANMELDING])).values_list(
        "pk", "reference"
    ):
        out[AANMELDING, pk] = Subject(reference, reverse("casemanagement:intake", args=[pk]), None)
    for pk, reference, casemanager_id in Traject.objects.filter(
        pk__in=_ids(by_kind[TRAJECT])
    ).values_list("pk", "gezin__reference", "casemanager_id"):
        out[TRAJECT, pk] = Subject(
            reference, reverse("casemanagement:traject", args=[pk]), casemanager_id
        )
    for pk, traject_id, reference, casemanager_id in Verwijzing.objects.filter(
        pk__in=_ids(by_kind[VERWIJZING])
    ).values_list("pk", "traject_id", "traject__gezin__reference", "traject__casemanager_id"):
        out[VERWIJZING, pk] = Subject(
            reference, reverse("casemanagement:traject", args=[traject_id]), casemanager_id
        )
    return out


def coordinators(region_ids: set[int]) -> dict[int, set[int]]:
    """The active coordinators of each region (user ids)."""
    out: dict[int, set[int]] = defaultdict(set)
    for region_id, user_id in RoleAssignment.objects.filter(
        role=Role.COORDINATOR,
        active=True,
        user__is_active=True,
        region_id__in=region_ids,
    ).values_list("region_id", "user_id"):
        out[region_id].add(user_id)
    return out
