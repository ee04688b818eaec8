from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from ivh.accounts.models import User
from ivh.core.references import REFERENCE_ALPHABET
from ivh.core.werkdagen import werkdagen_tussen
from ivh.termijnen.constants import DEFAULT_NORMS, Niveau, Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import current_norm_amounts
from ivh.werkkalender.calendar import WorkCalendar

from .constants import DUBBEL_BINNEN_DAGEN, Status
from .models import Aanmelding


@dataclass(frozen=True)
class Wachttijd:
    """The wait for a first contact: the working days so far, against the registration's stored
    deadline (`ivh.termijnen`), which alone says whether it is late."""

    werkdagen: int
    norm: int  # the norm's working days (the deadline's version; else the region's current)
    afgerond: bool  # first contact made (the figure no longer grows; nor once closed)
    level: str = ""  # "", or the Niveau the deadline reached (`Termijn.level_reached`)
    uiterlijk: date | None = None  # the last day within the norm; None without a deadline

    @property
    def over_norm(self) -> bool:
        return self.level in (Niveau.OVER, Niveau.VER_OVER)

    @property
    def bijna(self) -> bool:
        return self.level == Niveau.BIJNA


def eerste_contact_termijnen(aanmelding_ids: Iterable[int]) -> dict[int, Termijn]:
    """The first-contact deadline of each registration, with its norm (one query)."""
    return {
        t.subject_id: t
        for t in Termijn.objects.filter(
            subject_kind=Onderwerp.AANMELDING,
            subject_id__in=list(aanmelding_ids),
            regel=Regel.EERSTE_CONTACT,
        )
        .select_related("norm")
        .order_by("occurrence")
    }


def wachttijden_eerste_contact(
    aanmeldingen: Iterable[Aanmelding], today: date | None = None
) -> dict[int, Wachttijd | None]:
    """`wachttijd_eerste_contact` of many registrations: one query for their deadlines (and
    one for the norms of those whose deadline has not been started yet)."""
    rows = list(aanmeldingen)
    termijnen = eerste_contact_termijnen(a.pk for a in rows if a.status != Status.DUBBEL)
    now, today = timezone.now(), today or timezone.localdate()
    # No deadline (yet): no verdict, only the norm that will apply. Without a region (a
    # postcode outside every region) that is the DESIGN default.
    without = {
        a.region_id
        for a in rows
        if a.pk not in termijnen and a.status != Status.DUBBEL and a.region_id is not None
    }
    fallback: dict[int | None, int] = {None: DEFAULT_NORMS[Regel.EERSTE_CONTACT][0]}
    if without:
        fallback.update(current_norm_amounts(without, Regel.EERSTE_CONTACT).items())
    out: dict[int, Wachttijd | None] = {}
    for aanmelding in rows:
        if aanmelding.status == Status.DUBBEL:
            out[aanmelding.pk] = None
            continue
        received = timezone.localdate(aanmelding.received_at)
        # The clock stops at its end event, as the deadline does (`feiten.EERSTE_CONTACT`):
        # the first contact, or the closing of a registration closed without one (forwarded,
        # out of scope). Only an open registration waits until today.
        stopped_at = aanmelding.first_contact_at or aanmelding.closed_at
        end = timezone.localdate(stopped_at) if stopped_at else today
        done = aanmelding.first_contact_at is not None
        werkdagen = werkdagen_tussen(received, end)
        termijn = termijnen.get(aanmelding.pk)
        if termijn is None:
            out[aanmelding.pk] = Wachttijd(werkdagen, fallback[aanmelding.region_id], done)
            continue
        out[aanmelding.pk] = Wachttijd(
            werkdagen=werkdagen,
            norm=termijn.norm.amount,
            afgerond=done,
            level=termijn.level_reached(now),
            uiterlijk=termijn.last_day,
        )
    return out


def wachttijd_eerste_contact(aanmelding: Aanmelding, today: date | None = None) -> Wachttijd | None:
    """Working days from receipt to first contact (to the closing when it was closed without
    one; to today while it is open), and whether the stored deadline has passed. None for a
    duplicate: the family waits once, on the earlier registration's clock. For a list,
    `wachttijden_eerste_contact` (one query)."""
    return wachttijden_eerste_contact([aanmelding], today)[aanmelding.pk]


def first_contact_promise(aanmelding: Aanmelding) -> tuple[int, date | None]:
    """The working days the routed region promises for a first contact, and the last day of
    it (the receipt page; the confirmation mail): the registration's stored deadline (started
    when it was saved), else the region's current norm on its calendar. Without a region only
    the DESIGN default has meaning, and no day."""
    region_id = aanmelding.region_id
    if region_id is None:
        return DEFAULT_NORMS[Regel.EERSTE_CONTACT][0], None
    termijn = eerste_contact_termijnen([aanmelding.pk]).get(aanmelding.pk)
    if termijn is not None and termijn.last_day is not None:
        return termijn.norm.amount, termijn.last_day
    days = current_norm_amounts([region_id], Regel.EERSTE_CONTACT)[region_id]
    received = timezone.localdate(aanmelding.received_at)
    return days, WorkCalendar.for_region(region_id).add_workdays(received, days)


# A registration's reference as people type it: any case, with or without its dashes and
# spaces (A-7KQ4-M2XD, "a 7kq4 m2xd", a7kq4m2xd); the prefix and alphabet of `new_reference`.
_REFERENCE = re.compile(rf"A-?([{REFERENCE_ALPHABET}]{{4}})-?([{REFERENCE_ALPHABET}]{{4}})")


def normalised_reference(query: str) -> str | None:
    """The reference as stored (A-7KQ4-M2XD) when the search text is one, else None."""
    match = _REFERENCE.fullmatch(re.sub(r"\s+", "", query).upper())
    return f"A-{match[1]}-{match[2]}" if match else None


def inbox_search(qs: QuerySet[Aanmelding], query: str) -> QuerySet[Aanmelding]:
    """The registrations whose child's or parent's name contains the text, in any case
    (`icontains`: UPPER(name) LIKE '%TEXT%', which the trigram indexes on exactly those
    expressions serve), and, when the text is a reference, that registration: an exact match
    on the stored value (the unique index; a case-insensitive comparison could use none).
    Every branch has its index, which the database can combine (a bitmap OR) instead of
    walking all the region's registrations in date order."""
    query = query.strip()
    if not query:
        return qs
    condition = Q(kind_first_name__icontains=query) | Q(ouder_name__icontains=query)
    # A name can look like a reference (nine letters of its alphabet): both are searched.
    if (reference := normalised_reference(query)) is not None:
        condition |= Q(reference=reference)
    return qs.filter(condition)


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
    # Each (LOWER(first name), birth date) pair is a lookup in the expression index on exactly
    # that (`aanmelding_dubbel_sleutel`): the annotation below must stay the indexed expression.
    condition = Q()
    for name, born in dict.fromkeys(
        (a.kind_first_name.strip().lower(), a.kind_geboortedatum) for a in rows
    ):
        condition |= Q(first_name_key=name, kind_geboortedatum=born)
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
    # Each row is compared with the candidates of its own child key only (not every
    # candidate of the page); the order stays the query's.
    by_child: dict[tuple[str, date], list[Aanmelding]] = defaultdict(list)
    for c in candidates:
        # A registration already closed as a duplicate is settled: its original stands for it.
        if c.duplicate_of_id is None:
            by_child[_child_key(c)].append(c)
    return {
        a.pk: [
            c
            for c in by_child.get(_child_key(a), ())
            if c.pk != a.pk and same_child_and_family(a, c)
        ]
        for a in rows
    }


def _child_key(a: Aanmelding) -> tuple[str, date]:
    """The part of `same_child_and_family` that is about the child (a necessary condition)."""
    return a.kind_first_name.strip().casefold(), a.kind_geboortedatum


def resent_registration(references: list[str], sent: Aanmelding) -> Aanmelding | None:
    """The registration this browser saved before (`references`, from its signed receipt cookie) that the
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
