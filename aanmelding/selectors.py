from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from ivh.accounts.models import User
from ivh.core.werkdagen import werkdagen_tussen

from .constants import DUBBEL_BINNEN_DAGEN, Status
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


def wachttijd_eerste_contact(aanmelding: Aanmelding, today: date | None = None) -> Wachttijd | None:
    """Working days from receipt to first contact (or to today while there is none). None for
    a duplicate: the family waits once, on the earlier registration's clock."""
    if aanmelding.status == Status.DUBBEL:
        return None
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


# --- Likely duplicates ----------------------------------------------------------------------


def _phone_digits(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def _postcode_key(value: str) -> str:
    return "".join((value or "").split()).upper()


def same_child_and_family(a: Aanmelding, b: Aanmelding) -> bool:
    """The rule for a likely duplicate, in one place: the same child (first name and birth date)
    and the same family (postcode, or the parent's e-mail address or phone number), received
    within DUBBEL_BINNEN_DAGEN of each other."""
    if a.kind_first_name.strip().casefold() != b.kind_first_name.strip().casefold():
        return False
    if a.kind_geboortedatum != b.kind_geboortedatum:
        return False
    if abs(a.received_at - b.received_at) > timedelta(days=DUBBEL_BINNEN_DAGEN):
        return False
    if _postcode_key(a.postcode) and _postcode_key(a.postcode) == _postcode_key(b.postcode):
        return True
    if a.ouder_email and a.ouder_email.strip().lower() == (b.ouder_email or "").strip().lower():
        return True
    phone = _phone_digits(a.ouder_telefoon)
    return bool(phone) and phone == _phone_digits(b.ouder_telefoon)


def likely_duplicates(
    aanmeldingen: Iterable[Aanmelding], user: User
) -> dict[int, list[Aanmelding]]:
    """For each registration, the other registrations the user may see that are likely the same
    child (`same_child_and_family`), oldest first. One query for all of them: candidates share
    the first name and birth date; the family and the period are compared here."""
    rows = list(aanmeldingen)
    if not rows:
        return {}
    condition = Q()
    for a in rows:
        condition |= Q(
            first_name_key=a.kind_first_name.strip().lower(),
            kind_geboortedatum=a.kind_geboortedatum,
        )
    candidates = list(
        Aanmelding.objects.visible_to(user)
        .annotate(first_name_key=Lower("kind_first_name"))
        .filter(condition)
        .filter(anonymised_at__isnull=True)
        .only(
            "pk",
            "reference",
            "status",
            "kind_first_name",
            "kind_geboortedatum",
            "postcode",
            "ouder_email",
            "ouder_telefoon",
            "received_at",
            "duplicate_of_id",
        )
        .order_by("received_at", "pk")
    )
    # A registration already closed as a duplicate is settled: its original stands for it.
    return {
        a.pk: [
            c
            for c in candidates
            if c.pk != a.pk and c.duplicate_of_id is None and same_child_and_family(a, c)
        ]
        for a in rows
    }


def resent_registration(references: list[str], sent: Aanmelding) -> Aanmelding | None:
    """The registration this browser saved before (`references`, from its session) that the
    form `sent` repeats: a parent who went Back after sending and sent the form again."""
    if not references:
        return None
    for earlier in Aanmelding.objects.filter(reference__in=references).order_by("-received_at"):
        if same_child_and_family(earlier, sent):
            return earlier
    return None


@dataclass(frozen=True)
class NotesVersion:
    text: str
    at: datetime
    by: str  # who saved it, when the change came through a page ("" otherwise)


def intake_notes_history(aanmelding: Aanmelding) -> list[NotesVersion]:
    """Every version of the intake notes, newest first, from the registration's history (the
    trigger writes a row per change; rows where the notes stayed the same are left out)."""
    versions: list[tuple[str, datetime, int | None]] = []
    # `events` is the history relation pghistory adds (not known to the type checker).
    for text, at, metadata in (
        aanmelding.events.order_by("pgh_created_at", "pgh_id")  # type: ignore[attr-defined]
        .values_list("intake_notities", "pgh_created_at", "pgh_context__metadata")
        .iterator()
    ):
        previous = versions[-1][0] if versions else ""
        if text != previous:
            versions.append((text, at, (metadata or {}).get("user")))
    names = (
        dict(
            User.objects.filter(pk__in={by for _t, _a, by in versions if by}).values_list(
                "pk", "full_name"
            )
        )
        if any(by for _t, _a, by in versions)
        else {}
    )
    return [
        NotesVersion(text, at, names.get(by, "") if by else "")
        for text, at, by in reversed(versions)
    ]
