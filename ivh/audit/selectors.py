"""Reading the access log: the search, and each entry in words a privacy officer understands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ivh.accounts.constants import Role
from ivh.accounts.models import User

from .models import AccessLogEntry
from .registry import client_group, page_label


def normalise_reference(text: str) -> str:
    """A reference as stored: upper case, without spaces (people type "g-7kq4 m2xd")."""
    return re.sub(r"\s+", "", text).upper()


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log_search(
    user: User,
    *,
    client: str = "",
    actor: str = "",
    van: date | None = None,
    tot: date | None = None,
) -> QuerySet[AccessLogEntry]:
    """The entries the user may read that match the search, newest first.

    `client`: a child's or family's reference; a family number also finds its children's
    entries, and every list or search that showed one of them. Matched exactly on the indexed
    columns (`client_ref` b-tree, `client_refs` GIN), never case-insensitively (that would
    read the whole table). `actor`: the user's e-mail address or part of their name.
    `van`/`tot`: local calendar days, both included, as a range on the indexed timestamp."""
    entries = AccessLogEntry.objects.visible_to(user).select_related("region", "user")
    if client:
        entries = entries.for_clients(*client_group(normalise_reference(client)))
    if actor := actor.strip():
        entries = entries.filter(
            Q(user__email__iexact=actor)
            | Q(user__full_name__icontains=actor)
            | Q(actor_label__icontains=actor)
        )
    if van:
        entries = entries.filter(at__gte=_day_start(van))
    if tot:
        entries = entries.filter(at__lt=_day_start(tot + timedelta(days=1)))
    return entries


@lru_cache(maxsize=1)
def _role_codes() -> dict[str, str]:
    """Every spelling a role was ever stored in (each language's label) → its code."""
    codes: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in Role.choices:
                codes[str(label).casefold()] = code
    return codes


def role_display(stored: str) -> str:
    """The stored role snapshot ("Coordinator, Casemanager", written in whichever language
    the user had) in one spelling: the role names of the current language."""
    if not stored:
        return ""
    codes = _role_codes()
    labels = dict(Role.choices)
    parts = []
    for part in stored.split(","):
        part = part.strip()
        code = codes.get(part.casefold())
        parts.append(str(labels[code]) if code else part)
    return ", ".join(sorted(dict.fromkeys(parts)))


@dataclass(frozen=True)
class EntryDescription:
    wat: str  # "Aanmelding A-7KQ4-M2XD (intakepagina)"
    detail: str  # the search and filters of a list, if any


def describe_entry(entry: AccessLogEntry) -> EntryDescription:
    """What was opened, in words: the kind of record (the model's own name), the client, and
    the page (from the registry); unknown pages fall back to the technical names."""
    try:
        model = apps.get_model(entry.object_type)
        kind = str(model._meta.verbose_name)
    except (LookupError, ValueError):
        kind = entry.object_type
    kind = kind[:1].upper() + kind[1:]
    page = page_label(entry.view_name)
    if entry.is_list:
        n = len(entry.client_refs)
        wat = str(page or kind)
        wat = wat[:1].upper() + wat[1:]
        shown = ngettext("%(n)d cliënt getoond", "%(n)d cliënten getoond", n) % {"n": n}
        wat = f"{wat}: {shown}"
    else:
        wat = f"{kind} {entry.client_ref}"
        wat += f" ({page})" if page else (f" ({entry.view_name})" if entry.view_name else "")
    detail = ""
    if entry.query:
        detail = _("zoekopdracht en filters: %(query)s") % {"query": entry.query_display()}
    return EntryDescription(wat=wat, detail=detail)


# A CSV download of the log holds at most this many rows: enough for a year of one child or
# one user; a larger result is narrowed by period first.
EXPORT_MAX_ROWS = 100_000


def export_client_refs(entries: QuerySet[AccessLogEntry]) -> list[str]:
    """The clients a download of `entries` names (each single read's client), in one query,
    for the download's own access-log entry."""
    return list(
        entries.exclude(client_ref="")
        .order_by("client_ref")
        .values_list("client_ref", flat=True)
        .distinct()
    )


# What a spreadsheet may take for the start of a formula (OWASP "CSV Injection"), and their
# full-width forms. The same rule as the monitor's exports (which ivh/ may not import).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_safe(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
