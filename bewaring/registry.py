"""Which fields hold personal data, per model, and which rows belong to one dossier root.

The declarations live on the models themselves (plain class attributes, so the apps below need
not import this one):

- `RETENTION_BLANK = {field: method}`: how the anonymisation step blanks each field that holds
  personal data (`METHODS`);
- `RETENTION_KEEP = (field, ...)`: fields that could hold personal data by their type (text,
  a date, JSON) but do not (a reference, a fact the monitor counts);
- `RETENTION_NOT_PERSONAL = "reason"`: the model holds no personal data at all;
- `RETENTION_DELETE = "reason"`: rows are deleted by their own rule, not anonymised (the
  access log).

Models of apps whose files are not ours to change are declared in `EXTERNAL`, in the same
words. `problems()` lists every model linked to a family, child or registration (by foreign
keys, or by the id columns `SUBJECT_LINKED` names) without a declaration, and every text, date
or JSON field of a declared model that is in neither list; the system check and
`tests/bewaring/test_model_walk.py` fail on it, so a new sensitive model or field cannot be
forgotten. The history (pghistory `…Event`) tables of these models are not declared: the step
deletes the history of every row it anonymises (docs/retention.md).

`Subtree` collects the ids below one root; `rows(model, subtree)` is the queryset of a model's
rows that belong to it: one generic step (`bewaring.services.root_anonymise`) reads both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import pghistory.models
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Trunc

from aanmelding.models import Aanmelding
from aanmelding.outbox import CONFIRMATION
from casemanagement.models import Gezin, Kind, OuderLink, Traject, Verwijzing
from casemanagement.outbox import OUDERLINK_MAIL, PLAN_MAIL, SURVEY_MAIL
from ivh.outbox.models import OutboxMessage
from ivh.termijnen.constants import Onderwerp
from ivh.termijnen.models import Pauze, Termijn
from mdo.constants import DeelnemerSoort
from mdo.models import Agendapunt, Deelnemer, Mdo
from mdo.outbox import CANCELLATION, INVITATION, REMINDER
from signalen.models import Signaal

from .constants import PLACEHOLDER, RootSoort

# --- the vocabulary ------------------------------------------------------------------------

EMPTY = "empty"  # "" for text, [] for a list, the field's default for JSON
PLACEHOLDER_TEXT = "placeholder"  # the word "geanonimiseerd" (a required text, a name)
NULL = "null"
FIRST_OF_MONTH = "first_of_month"  # a date reduced to the first of its month
FIRST_OF_YEAR = "first_of_year"
JSON_EMPTY = "json_empty:"  # "json_empty:key,key": these keys emptied in each item of a list
SKIP_PENDING = "skip_pending"  # the outbox: a message not yet sent is marked as skipped
METHODS = (EMPTY, PLACEHOLDER_TEXT, NULL, FIRST_OF_MONTH, FIRST_OF_YEAR, SKIP_PENDING)

# The roots and what the walk follows to them.
ROOT_MODELS: tuple[type[models.Model], ...] = (Gezin, Kind, Aanmelding)

# Declarations of models in files this app does not own (same words as on a model).
EXTERNAL: dict[str, dict[str, Any]] = {
    # A consult turned into a registration: its note is about that child.
    "netwerkwerk.Consult": {"blank": {"notitie": EMPTY}, "keep": ("datum",)},
    "termijnen.Termijn": {
        "not_personal": (
            "Welk dossier (een nummer), welke norm en wanneer: feiten die de monitor telt; de "
            "reden van een verschuiving schrijft het systeem zelf."
        )
    },
    "termijnen.Pauze": {"blank": {"toelichting": EMPTY}},
    # Every e-mail is an outbox row; the rows to the family or the referrer are found by the
    # address or by the family's ids in their context (ids only, never content).
    "outbox.OutboxMessage": {
        "blank": {"recipient": EMPTY, "last_error": EMPTY, "skipped_at": SKIP_PENDING},
        "keep": ("key", "kind", "language", "context"),
    },
}

# Models that hang below a root by an id column, not a foreign key (see `rows`).
SUBJECT_LINKED = (
    "termijnen.Termijn",
    "termijnen.Pauze",
    "signalen.Signaal",
    "outbox.OutboxMessage",
)
# A meeting is about several families: its minutes go with the last of them (see `rows`).
SHARED = ("mdo.Mdo",)


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    blank: Mapping[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()
    not_personal: str = ""
    delete: str = ""
    declared_in: str = "model"

    @property
    def is_declared(self) -> bool:
        return bool(self.blank or self.keep or self.not_personal or self.delete)


def declaration(model: type[models.Model]) -> Declaration:
    external = EXTERNAL.get(model._meta.label)
    if external is not None:
        return Declaration(
            model=model,
            blank=external.get("blank", {}),
            keep=tuple(external.get("keep", ())),
            not_personal=external.get("not_personal", ""),
            declared_in="bewaring.registry.EXTERNAL",
        )
    # Read from the class itself, not inherited: a subclass is a model of its own.
    attrs = vars(model)
    return Declaration(
        model=model,
        blank=attrs.get("RETENTION_BLANK", {}),
        keep=tuple(attrs.get("RETENTION_KEEP", ())),
        not_personal=attrs.get("RETENTION_NOT_PERSONAL", ""),
        delete=attrs.get("RETENTION_DELETE", ""),
    )


def is_history(model: type[models.Model]) -> bool:
    """A pghistory event table (a copy of each version of a tracked row)."""
    return issubclass(model, pghistory.models.Event)


def history_models(model: type[models.Model]) -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if is_history(m) and m.pgh_tracked_model is model  # type: ignore[attr-defined]
    ]


# --- the walk ------------------------------------------------------------------------------

Path = tuple[str, type[models.Model]]  # (lookup to the root's pk, Gezin or Aanmelding)


def _forward_relations(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey) and f.concrete  # OneToOneField is a ForeignKey
    ]


@cache
def paths(model: type[models.Model]) -> tuple[Path, ...]:
    """Every chain of foreign keys from `model` to a family (Gezin) or a registration
    (Aanmelding), as a lookup: Deelnemer → ("agendapunt__traject__gezin", Gezin), … A child
    (Kind) is reached through its family. A registration's own `duplicate_of` is not a path:
    a duplicate is gathered by `Subtree`."""
    return tuple(_paths(model, (model,)))


def _paths(model: type[models.Model], seen: tuple[type[models.Model], ...]) -> Iterable[Path]:
    for fk in _forward_relations(model):
        target = fk.related_model
        if target is model:  # a registration's duplicate_of: gathered by `Subtree`
            continue
        if target in (Gezin, Aanmelding):
            yield fk.name, target
            continue
        if not isinstance(target, type) or target in seen or is_history(target) or len(seen) > 5:
            continue
        for lookup, root in _paths(target, (*seen, target)):
            yield f"{fk.name}__{lookup}", root


def linked_models() -> list[type[models.Model]]:
    """The models whose rows hang below a family, child or registration by foreign keys (the
    roots included), without the history tables."""
    return [m for m in apps.get_models() if not is_history(m) and (m in ROOT_MODELS or paths(m))]


def subject_linked_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in (*SUBJECT_LINKED, *SHARED)]


def in_scope() -> list[type[models.Model]]:
    """Every model the anonymisation step touches."""
    return [*linked_models(), *subject_linked_models()]


def _needs_classification(f: models.Field) -> bool:
    """A field that could hold personal data by its type: text, a date (not a moment: those
    are the facts), JSON, an address. A field with choices holds a code, not free text."""
    if not f.concrete or f.is_relation or f.primary_key or f.choices:
        return False
    if isinstance(f, ArrayField):
        return not f.base_field.choices
    if isinstance(f, models.DateTimeField):
        return False
    return isinstance(
        f,
        (
            models.CharField,
            models.TextField,
            models.JSONField,
            models.DateField,
            models.GenericIPAddressField,
            models.BinaryField,
        ),
    )


def _method_problem(f: models.Field, method: str) -> str | None:
    if method.startswith(JSON_EMPTY):
        return None if isinstance(f, models.JSONField) else "json_empty on a non-JSON field"
    if method not in METHODS:
        return f"unknown method {method!r}"
    if method in (FIRST_OF_MONTH, FIRST_OF_YEAR) and (
        not isinstance(f, models.DateField) or isinstance(f, models.DateTimeField)
    ):
        return f"{method} on a field that is not a date"
    if method == NULL and not f.null:
        return "null on a field that cannot be empty"
    if method == PLACEHOLDER_TEXT and not isinstance(f, (models.CharField, models.TextField)):
        return "placeholder on a field that is not text"
    if method == SKIP_PENDING and not {"sent_at", "skipped_at"} <= {
        x.name for x in f.model._meta.fields
    }:
        return "skip_pending outside the outbox"
    return None


def problems(models_: Iterable[type[models.Model]] | None = None) -> list[str]:
    """What is wrong with the declarations of these models (default: every model in scope).
    Empty when every model is declared and every field that could hold personal data is
    either blanked or knowingly kept."""
    found: list[str] = []
    for model in models_ if models_ is not None else in_scope():
        label = model._meta.label
        decl = declaration(model)
        if not decl.is_declared:
            found.append(
                f"{label}: linked to a family, child or registration, but neither "
                "RETENTION_BLANK/RETENTION_KEEP nor RETENTION_NOT_PERSONAL is declared"
            )
            continue
        if decl.not_personal or decl.delete:
            continue
        names = {f.name: f for f in model._meta.get_fields() if isinstance(f, models.Field)}
        for name, method in decl.blank.items():
            if name not in names:
                found.append(f"{label}.{name}: declared but no such field")
            elif problem := _method_problem(names[name], method):
                found.append(f"{label}.{name}: {problem}")
        for name in decl.keep:
            if name not in names:
                found.append(f"{label}.{name}: kept but no such field")
        for name, f in names.items():
            if _needs_classification(f) and name not in decl.blank and name not in decl.keep:
                found.append(
                    f"{label}.{name}: may hold personal data; add it to RETENTION_BLANK "
                    "(how to blank it) or RETENTION_KEEP (why it is no personal data)"
                )
    return found


# --- one root and the rows below it ---------------------------------------------------------


@dataclass(frozen=True)
class Root:
    soort: str  # RootSoort
    pk: int

    @classmethod
    def of(cls, obj: Aanmelding | Gezin) -> Root:
        soort = RootSoort.GEZIN if isinstance(obj, Gezin) else RootSoort.AANMELDING
        return cls(soort, obj.pk)

    @property
    def model(self) -> type[Aanmelding] | type[Gezin]:
        return Gezin if self.soort == RootSoort.GEZIN else Aanmelding


@dataclass
class Subtree:
    """The ids below one root that the rows of every model are found by."""

    root: Root
    region_id: int | None
    reference: str
    gezin_id: int | None
    aanmelding_ids: list[int]
    traject_ids: list[int]
    verwijzing_ids: list[int]
    termijn_ids: list[int]
    link_ids: list[int]
    ouder_deelnemer_ids: list[int]
    # Every e-mail address the family and the referrer were written to, now and before (from
    # the history too): the outbox rows to them go.
    addresses: set[str]
    # The client references of the root (the access log names clients by these).
    references: list[str]


def _addresses(model: type[models.Model], names: list[str], q: Q) -> set[str]:
    found: set[str] = set()
    for m in [model, *history_models(model)]:
        lookup = (
            q if m is model else Q(pgh_obj_id__in=model._default_manager.filter(q).values("pk"))
        )
        for row in m._default_manager.filter(lookup).values_list(*names):
            found.update(v for v in row if v)
    return found


def subtree_of(root: Root) -> Subtree:
    """Collect the ids below a root (a dozen small queries)."""
    region_id: int | None
    if root.soort == RootSoort.GEZIN:
        gezin = Gezin.objects.get(pk=root.pk)
        region_id, reference, gezin_id = gezin.region_id, gezin.reference, gezin.pk
        aanmelding_q = Q(traject__gezin_id=gezin.pk) | Q(duplicate_of__traject__gezin_id=gezin.pk)
    else:
        aanmelding = Aanmelding.objects.get(pk=root.pk)
        region_id, reference, gezin_id = aanmelding.region_id, aanmelding.reference, None
        aanmelding_q = Q(pk=aanmelding.pk) | Q(duplicate_of_id=aanmelding.pk)
    aanmelding_ids = sorted(Aanmelding.objects.filter(aanmelding_q).values_list("pk", flat=True))
    traject_ids = sorted(
        Traject.objects.filter(gezin_id=gezin_id).values_list("pk", flat=True) if gezin_id else []
    )
    verwijzing_ids = sorted(
        Verwijzing.objects.filter(traject_id__in=traject_ids).values_list("pk", flat=True)
    )
    termijn_ids = sorted(
        Termijn.objects.filter(
            Q(subject_kind=Onderwerp.AANMELDING, subject_id__in=aanmelding_ids)
            | Q(subject_kind=Onderwerp.TRAJECT, subject_id__in=traject_ids)
            | Q(subject_kind=Onderwerp.VERWIJZING, subject_id__in=verwijzing_ids)
        ).values_list("pk", flat=True)
    )
    link_ids = sorted(
        OuderLink.objects.filter(gezin_id=gezin_id).values_list("pk", flat=True) if gezin_id else []
    )
    ouder_deelnemer_ids = sorted(
        Deelnemer.objects.filter(
            agendapunt__traject_id__in=traject_ids, soort=DeelnemerSoort.OUDER
        ).values_list("pk", flat=True)
    )
    addresses = _addresses(
        Aanmelding, ["ouder_email", "verwijzer_email"], Q(pk__in=aanmelding_ids)
    ) | _addresses(Deelnemer, ["email"], Q(pk__in=ouder_deelnemer_ids))
    if gezin_id:
        addresses |= _addresses(Gezin, ["ouder_email"], Q(pk=gezin_id))
        addresses |= set(OuderLink.objects.filter(pk__in=link_ids).values_list("email", flat=True))
    references = [
        reference,
        *Aanmelding.objects.filter(pk__in=aanmelding_ids).values_list("reference", flat=True),
        *(
            Kind.objects.filter(gezin_id=gezin_id).values_list("reference", flat=True)
            if gezin_id
            else []
        ),
    ]
    return Subtree(
        root=root,
        region_id=region_id,
        reference=reference,
        gezin_id=gezin_id,
        aanmelding_ids=aanmelding_ids,
        traject_ids=traject_ids,
        verwijzing_ids=verwijzing_ids,
        termijn_ids=termijn_ids,
        link_ids=link_ids,
        ouder_deelnemer_ids=ouder_deelnemer_ids,
        addresses={a for a in addresses if a},
        references=list(dict.fromkeys(r for r in references if r)),
    )


def _outbox_q(tree: Subtree) -> Q:
    return (
        Q(recipient__in=sorted(tree.addresses))
        | Q(kind=CONFIRMATION, context__aanmelding_id__in=tree.aanmelding_ids)
        | Q(kind__in=[OUDERLINK_MAIL, PLAN_MAIL, SURVEY_MAIL], context__link_id__in=tree.link_ids)
        | Q(
            kind__in=[INVITATION, REMINDER, CANCELLATION],
            context__deelnemer_id__in=tree.ouder_deelnemer_ids,
        )
    )


def rows(model: type[models.Model], tree: Subtree) -> models.QuerySet:
    """The rows of `model` that belong to the root of `tree`."""
    manager = model._default_manager
    if model is Gezin:
        return manager.filter(pk=tree.gezin_id) if tree.gezin_id else manager.none()
    if model is Aanmelding:
        return manager.filter(pk__in=tree.aanmelding_ids)
    if model is Termijn:
        return manager.filter(pk__in=tree.termijn_ids)
    if model in (Pauze, Signaal):
        return manager.filter(termijn_id__in=tree.termijn_ids)
    if model is OutboxMessage:
        return manager.filter(_outbox_q(tree))
    if model is Mdo:
        # Only once no family on its agenda is kept any more: the caller marks the root as
        # anonymised first, so its own items no longer count as kept.
        kept = Agendapunt.objects.filter(mdo=OuterRef("pk"), traject__gezin__anonymised_at=None)
        return manager.filter(
            pk__in=Agendapunt.objects.filter(traject_id__in=tree.traject_ids).values("mdo_id")
        ).exclude(Exists(kept))
    condition = Q()
    for lookup, target in paths(model):
        if target is Gezin and tree.gezin_id:
            condition |= Q(**{lookup: tree.gezin_id})
        elif target is Aanmelding and tree.aanmelding_ids:
            condition |= Q(**{f"{lookup}__in": tree.aanmelding_ids})
    return manager.filter(condition) if condition else manager.none()


# --- blanking ------------------------------------------------------------------------------


def blank_expression(model: type[models.Model], name: str, method: str, now: datetime) -> Any:
    """The value or SQL expression a field is set to by the anonymisation step."""
    f = model._meta.get_field(name)
    assert isinstance(f, models.Field)
    if method.startswith(JSON_EMPTY):
        keys = [k for k in method[len(JSON_EMPTY) :].split(",") if k]
        column = connection.ops.quote_name(str(f.column))
        # Each object in the list keeps its other keys (a goal's domain, an action's status).
        return RawSQL(  # noqa: S611 (the column is the model's own, the keys a parameter)
            f"""CASE WHEN jsonb_typeof({column}) = 'array' THEN COALESCE((
                    SELECT jsonb_agg(CASE WHEN jsonb_typeof(e) = 'object' THEN e || %s::jsonb
                                          ELSE e END ORDER BY i)
                    FROM jsonb_array_elements({column}) WITH ORDINALITY AS x(e, i)),
                '[]'::jsonb) ELSE {column} END""",  # noqa: S608 (the column from the model)
            [json.dumps(dict.fromkeys(keys, ""))],
            output_field=f,
        )
    if method == EMPTY:
        if isinstance(f, ArrayField):
            return Value([], output_field=f)
        if isinstance(f, models.JSONField):
            return Value(f.get_default(), output_field=f)
        return Value("")
    if method == PLACEHOLDER_TEXT:
        limit = getattr(f, "max_length", None) or len(PLACEHOLDER)
        return Value(PLACEHOLDER[:limit])
    if method == NULL:
        return Value(None, output_field=f)
    if method in (FIRST_OF_MONTH, FIRST_OF_YEAR):
        return Trunc(name, "month" if method == FIRST_OF_MONTH else "year", output_field=f)
    if method == SKIP_PENDING:
        return Case(
            When(sent_at__isnull=True, skipped_at__isnull=True, then=Value(now)),
            default=F(name),
            output_field=f,
        )
    raise ValueError(f"Unknown retention method {method!r} for {model._meta.label}.{name}")
