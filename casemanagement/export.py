"""Right of access (AVG art. 15): everything stored about one family.

Two forms of the same content. The JSON export is complete and machine-readable, with every
access-log entry, streamed so a well-used file does not have to fit in memory. The PDF is for
people: each record as a table with readable labels, and the access log grouped per person,
role and day (one aggregate query, `selectors.access_log_grouped`) instead of one line per
page view, which made the PDF of a well-used file too slow to make within a request.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanmelding.models import Aanmelding, Toestemming
from ivh.audit.models import AccessLogEntry

from .models import (
    Contactmoment,
    Gezin,
    Kind,
    OuderLink,
    OuderVraag,
    PlanAkkoord,
    PlanVersie,
    Tevredenheid,
    Traject,
    TrajectToewijzing,
    Verwijzing,
)
from .selectors import AccessLogGroup

ACCESS_LOG_KEY = "wie_heeft_het_dossier_geopend"

# The model behind each key of the export, and the heading the PDF gives its records.
SECTIONS: dict[str, tuple[type[models.Model], object]] = {
    "gezin": (Gezin, gettext_lazy("Gezin")),
    "kinderen": (Kind, gettext_lazy("Kinderen")),
    "aanmeldingen": (Aanmelding, gettext_lazy("Aanmeldingen")),
    "toestemmingen": (Toestemming, gettext_lazy("Toestemmingen")),
    "trajecten": (Traject, gettext_lazy("Trajecten")),
    "casemanagers": (TrajectToewijzing, gettext_lazy("Casemanagers")),
    "contactmomenten": (Contactmoment, gettext_lazy("Contactmomenten")),
    "verwijzingen": (Verwijzing, gettext_lazy("Verwijzingen")),
    "vragen_van_ouders": (OuderVraag, gettext_lazy("Vragen van ouders")),
    "tevredenheid": (Tevredenheid, gettext_lazy("Tevredenheid")),
    "plan_versies": (PlanVersie, gettext_lazy("Versies van het plan")),
    "akkoord": (PlanAkkoord, gettext_lazy("Akkoord van de ouders")),
    "persoonlijke_links": (OuderLink, gettext_lazy("Persoonlijke links")),
}
# Labels for fields whose model gives no Dutch name (Django then makes one of the English name).
LABELS = {
    "region": gettext_lazy("regio"),
    "created_at": gettext_lazy("aangemaakt op"),
    "created_by": gettext_lazy("aangemaakt door"),
    "closed_by": gettext_lazy("afgesloten door"),
    "first_contact_by": gettext_lazy("eerste contact door"),
    "assigned_at": gettext_lazy("toegewezen op"),
    "assigned_by": gettext_lazy("toegewezen door"),
    "ended_at": gettext_lazy("beëindigd op"),
}

# Keys inside a record that hold other records (shown in their own section).
NESTED = frozenset(SECTIONS) - {"gezin", "kinderen", "aanmeldingen", "trajecten", "plan_versies"}


@dataclass(frozen=True)
class ExtraSection:
    """Records of an app above this one (an MDO's agenda items, a consult, an erasure request)
    that belong to the family: casemanagement may not import those apps, so each app registers
    its own section from its AppConfig.ready()."""

    model: type[models.Model]
    rows: Callable[[Gezin], Iterable[models.Model]]
    exclude: tuple[str, ...] = ()


EXTRA_SECTIONS: dict[str, ExtraSection] = {}


def export_section_register(
    key: str,
    model: type[models.Model],
    title: object,
    rows: Callable[[Gezin], Iterable[models.Model]],
    *,
    exclude: tuple[str, ...] = (),
) -> None:
    """Add a section of the family's records to the export (JSON and PDF), after the ones of
    this app. `rows` gives the family's records of `model`; `exclude` names fields that are of
    no use to the parents (a token's hash)."""
    SECTIONS[key] = (model, title)
    EXTRA_SECTIONS[key] = ExtraSection(model, rows, exclude)


def _plain(obj: models.Model, exclude: tuple[str, ...] = ()) -> dict:
    data = model_to_dict(obj, exclude=list(exclude))
    data["id"] = obj.pk
    return data


def family_references(gezin: Gezin) -> list[str]:
    """The children's client references: the access log is kept per child."""
    return list(gezin.kinderen.order_by("pk").values_list("reference", flat=True))


def family_data(gezin: Gezin) -> dict:
    """Everything stored about the family except the access log (whose size has no bound)."""
    kinderen = list(gezin.kinderen.all())
    trajecten = list(gezin.trajecten.all())
    aanmeldingen = Aanmelding.objects.filter(traject__gezin=gezin).prefetch_related("toestemmingen")
    return {
        "export_gemaakt_op": timezone.now(),
        "gezin": _plain(gezin),
        "kinderen": [_plain(k) for k in kinderen],
        "aanmeldingen": [
            {
                **_plain(a, exclude=("submission_token",)),
                "toestemmingen": [_plain(t) for t in a.toestemmingen.all()],
            }
            for a in aanmeldingen
        ],
        "trajecten": [
            {
                **_plain(t),
                "casemanagers": [_plain(x) for x in t.toewijzingen.all()],
                "contactmomenten": [_plain(c) for c in t.contacten.all()],
                "verwijzingen": [_plain(v) for v in t.verwijzingen.all()],
                "vragen_van_ouders": [_plain(q) for q in t.oudervragen.all()],
                "tevredenheid": _plain(t.tevredenheid) if hasattr(t, "tevredenheid") else None,
            }
            for t in trajecten
        ],
        "plan_versies": [
            {**_plain(v), "akkoord": _plain(v.akkoord) if hasattr(v, "akkoord") else None}
            for v in PlanVersie.objects.filter(plan__gezin=gezin).order_by("nummer")
        ],
        "persoonlijke_links": [
            # The nonce is an ingredient of the link's token, of no use to anyone reading this.
            _plain(link, exclude=("token_hash", "nonce"))
            for link in gezin.ouderlinks.all()
        ],
        **{
            key: [_plain(obj, exclude=extra.exclude) for obj in extra.rows(gezin)]
            for key, extra in EXTRA_SECTIONS.items()
        },
    }


def access_log_rows(client_refs: list[str], *, chunk_size: int = 2000) -> Iterator[dict]:
    """Every access-log entry about these clients, oldest first, read from the database in
    chunks (a server-side cursor) so memory does not grow with the log."""
    rows = (
        AccessLogEntry.objects.filter(client_ref__in=client_refs)
        .order_by("at", "id")
        .values_list(
            "at",
            "user__full_name",
            "actor_label",
            "role",
            "organisatie_name",
            "action",
            "client_ref",
        )
    )
    for at, full_name, actor_label, role, organisatie, action, client_ref in rows.iterator(
        chunk_size=chunk_size
    ):
        yield {
            "tijdstip": at,
            "wie": full_name or actor_label,
            "rol": role,
            "organisatie": organisatie,
            "handeling": action,
            "kind": client_ref,
        }


def _dumps(value: object, **kwargs: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, **kwargs)


def family_export_json(gezin: Gezin) -> Iterator[str]:
    """The complete export as JSON text, in pieces: the family's records first (small), then
    the access log entry by entry under ACCESS_LOG_KEY."""
    head = _dumps(family_data(gezin), indent=2)
    # `head` is a non-empty object ending in "\n}": reopen it to add the log as its last key.
    yield head[: -len("\n}")] + f",\n  {_dumps(ACCESS_LOG_KEY)}: ["
    separator = "\n    "
    written = False
    for row in access_log_rows(family_references(gezin)):
        yield separator + _dumps(row)
        separator = ",\n    "
        written = True
    yield ("\n  ]" if written else "]") + "\n}\n"


# --- the printable form ----------------------------------------------------------------------


@dataclass
class Record:
    fields: list[tuple[str, str]]


@dataclass
class Section:
    key: str
    title: str
    records: list[Record] = field(default_factory=list)


def family_sections(data: dict) -> list[Section]:
    """`family_data` as headed sections of labelled records, nested records (a traject's
    contacts, an aanmelding's consents) in their own section. Related objects are shown by
    name, looked up with one query per kind of object, never one per record."""
    sections: dict[str, Section] = {}
    pending: list[tuple[list[tuple[str, object]], models.ForeignKey, object, int]] = []

    def add(key: str, record: dict) -> None:
        model, title = SECTIONS[key]
        section = sections.setdefault(key, Section(key=key, title=str(title)))
        fields: list[tuple[str, object]] = []
        for name, value in record.items():
            if name in NESTED:
                for child in value if isinstance(value, list) else [value]:
                    if child:
                        add(name, child)
                continue
            try:
                # A field of the model itself: the names come from model_to_dict.
                model_field: models.Field | None = cast(models.Field, model._meta.get_field(name))
            except FieldDoesNotExist:
                model_field = None
            label = _label(name, model_field)
            if isinstance(model_field, models.ForeignKey) and value is not None:
                pending.append((fields, model_field, value, len(fields)))
            fields.append((label, _display(model_field, value)))
        section.records.append(Record(fields=fields))  # type: ignore[arg-type]

    for key in SECTIONS:
        value = data.get(key)
        for record in value if isinstance(value, list) else [value]:
            if record:
                add(key, record)
    _name_related_objects(pending)
    return [sections[key] for key in SECTIONS if key in sections]


def _name_related_objects(
    pending: list[tuple[list[tuple[str, object]], models.ForeignKey, object, int]],
) -> None:
    """Replace foreign-key ids by the object's name: one query per related model."""
    wanted: dict[type[models.Model], set[object]] = defaultdict(set)
    for _fields, model_field, value, _index in pending:
        wanted[model_field.related_model].add(value)
    names = {
        model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(list(pks)).items()}
        for model, pks in wanted.items()
    }
    for fields, model_field, value, index in pending:
        label, _shown = fields[index]
        fields[index] = (label, names[model_field.related_model].get(value, str(value)))


def _display_dict(value: dict) -> str:
    return "; ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))


def _label(name: str, model_field: models.Field | None) -> str:
    verbose = getattr(model_field, "verbose_name", None)
    if verbose is None or (str(verbose) == name.replace("_", " ") and name in LABELS):
        return str(LABELS.get(name, name.replace("_", " ")))
    return str(verbose)


def _display(model_field: models.Field | None, value: object) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, ArrayField) and model_field.base_field.choices:
        labels = dict(model_field.base_field.flatchoices)
        return ", ".join(str(labels.get(v, v)) for v in cast(list, value))
    if isinstance(value, list) and all(isinstance(v, models.Model) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        # A plan's goals or actions: one line each, "omschrijving: ...; domein: ...".
        return "\n".join(_display_dict(v) for v in value)
    if isinstance(value, dict):
        return _display_dict(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class AccessLogMonth:
    """One person in one role in one month, with the days they opened the file."""

    maand: date  # the first of the month
    wie: str
    rol: str
    organisatie: str
    dagen: list[tuple[date, int]] = field(default_factory=list)  # newest first, with reads
    handelingen: list[str] = field(default_factory=list)

    @property
    def keer(self) -> int:
        return sum(keer for _dag, keer in self.dagen)


def access_log_by_month(groups: list[AccessLogGroup]) -> list[AccessLogMonth]:
    """The per-day groups of `access_log_grouped`, one line per person, role and month.

    A file read by a few people over years has thousands of (person, day) groups; a table row
    for each made the PDF of a well-used file tens of pages long and slow to lay out. One row a
    month that lists the days ("23 (3×), 22 (25×)") keeps every day and its count on a few
    pages. Keeps the groups' order: newest month first, in it the latest reader first."""
    months: dict[tuple, AccessLogMonth] = {}
    for group in groups:
        maand = group.dag.replace(day=1)
        key = (maand, group.user_id, group.actor_label, group.rol, group.organisatie)
        month = months.get(key)
        if month is None:
            month = months[key] = AccessLogMonth(
                maand=maand, wie=group.wie, rol=group.rol, organisatie=group.organisatie
            )
        month.dagen.append((group.dag, group.keer))
        month.handelingen.extend(h for h in group.handelingen if h not in month.handelingen)
    return list(months.values())
