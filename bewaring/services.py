"""Writes of retention (docs/retention.md).

- `root_anonymise`: the one generic step. For one dossier root, in one transaction: lock it,
  check that it is (still) due and held by nothing, write its monitor facts, blank every
  declared field of every row below it (`bewaring.registry`), mark it anonymised, delete the
  history rows of those rows, record the access-log entry and what was done.
- `batch_run`: the daily job (and `manage.py bewaring`): every root that fell due, each in its
  own transaction (a crash loses nothing; the next run takes the rest), then the access log.
- `verwijderverzoek_*`: the erasure requests of parents (AVG article 17), recorded and carried
  out by a coordinator of the region with the same step.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

import pghistory
import pgtrigger
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aanmelding.models import Aanmelding
from casemanagement.models import Gezin, Kind, PlanVersie, Traject
from ivh.accounts.models import User
from ivh.audit.models import AccessLogEntry
from mdo.models import Mdo
from monitor.readmodel import refresh_subjects

from .constants import (
    ACCESS_ACTION_ANONYMISE,
    JONGERE_VANAF_JAREN,
    SYSTEM_ACTOR,
    Aanvrager,
    AfwijsReden,
    BatchSoort,
    Blokkade,
    Regel,
    RootSoort,
    Uitkomst,
    VerzoekStatus,
)
from .models import Bewaaractie, Bewaarbatch, Verwijderverzoek
from .permissions import VERZOEK_HANDLE, may_handle_root
from .registry import (
    Root,
    Subtree,
    blank_expression,
    declaration,
    history_models,
    in_scope,
    rows,
    subtree_of,
)
from .rules import Termen, aanmelding_roots, gezin_roots, termen
from .selectors import batch_counts, due_roots, root_holds

logger = logging.getLogger(__name__)

PLANVERSIE_IMMUTABLE = "casemanagement.PlanVersie:planversie_immutable"
# The access-log definer function (migration 0002).
TOEGANGSLOG_FUNCTION = "bewaring_toegangslog_opschonen"


# --- the one step --------------------------------------------------------------------------


def _still_due(root: Root, t: Termen, now: datetime) -> bool:
    roots: models.QuerySet = (
        gezin_roots(t) if root.soort == RootSoort.GEZIN else aanmelding_roots(t)
    )
    return roots.filter(pk=root.pk, vervalt_op__lte=now).exists()


def _record(
    batch: Bewaarbatch,
    root: Root,
    region_id: int | None,
    regel: str,
    uitkomst: str,
    now: datetime,
    holds: list[str] | None = None,
) -> Bewaaractie:
    return Bewaaractie.objects.create(
        batch=batch,
        root_soort=root.soort,
        aanmelding_id=root.pk if root.soort == RootSoort.AANMELDING else None,
        gezin_id=root.pk if root.soort == RootSoort.GEZIN else None,
        region_id=region_id,
        regel=regel,
        uitkomst=uitkomst,
        blokkades=holds or [],
        at=now,
    )


def _blank(tree: Subtree, now: datetime, batch: Bewaarbatch) -> dict[str, int]:
    """Blank every declared field of every row below the root, mark the root (and the
    registrations below a family) as anonymised, then delete the history of those rows: the
    blanking updates themselves wrote history rows, which go with the rest."""
    touched: list[tuple[type[models.Model], list[int]]] = []
    counts: dict[str, int] = {}
    with pghistory.context(bewaring_batch=batch.pk) as context:
        for model in in_scope():
            if model is Mdo:
                continue  # shared by several families: after the root is marked, below
            ids = list(rows(model, tree).values_list("pk", flat=True))
            if not ids:
                continue
            touched.append((model, ids))
            updates = {
                name: blank_expression(model, name, method, now)
                for name, method in declaration(model).blank.items()
            }
            if model in (Gezin, Aanmelding):
                updates["anonymised_at"] = Value(now)
            if not updates:
                continue
            queryset = model._default_manager.filter(pk__in=ids)
            if model is PlanVersie:
                # The one change a plan version ever gets, for exactly these rows' transaction.
                with pgtrigger.ignore(PLANVERSIE_IMMUTABLE):
                    counts[model._meta.label] = queryset.update(**updates)
            else:
                counts[model._meta.label] = queryset.update(**updates)
        # The minutes of a meeting go once no family on its agenda is kept any more.
        mdo_ids = list(rows(Mdo, tree).values_list("pk", flat=True))
        if mdo_ids:
            touched.append((Mdo, mdo_ids))
            counts[Mdo._meta.label] = Mdo.objects.filter(pk__in=mdo_ids).update(
                **{
                    name: blank_expression(Mdo, name, method, now)
                    for name, method in declaration(Mdo).blank.items()
                }
            )
        for model, ids in touched:
            for history in history_models(model):
                history._default_manager.filter(
                    models.Q(pgh_obj_id__in=ids) | models.Q(pgh_context_id=context.id)
                ).delete()
    return counts


def _log(tree: Subtree, batch: Bewaarbatch, regel: str, actor: User | None, now: datetime) -> None:
    """The access-log entry of the step: which client, by whom (the system, or the coordinator
    who carried out a request), in which batch. Names no field and no value."""
    role = organisatie = ""
    if actor is not None:
        with translation.override(settings.LANGUAGE_CODE):
            role = ", ".join(sorted({str(a.get_role_display()) for a in actor.active_roles}))
        organisatie = ", ".join(
            sorted({a.organisatie.name for a in actor.active_roles if a.organisatie})
        )
    AccessLogEntry.objects.create(
        at=now,
        user=actor,
        actor_label=actor.email if actor else SYSTEM_ACTOR,
        role=role[:40],
        organisatie_name=organisatie[:150],
        action=ACCESS_ACTION_ANONYMISE,
        object_type=tree.root.model._meta.label_lower,
        object_id=str(tree.root.pk),
        client_ref=tree.reference,
        client_refs=tree.references,
        query={"batch": batch.number, "regel": regel},
        region_id=tree.region_id,
    )


def root_anonymise(
    *,
    root: Root,
    batch: Bewaarbatch,
    regel: str,
    now: datetime,
    t: Termen | None = None,
    actor: User | None = None,
) -> Bewaaractie | None:
    """Anonymise one dossier root and everything below it, in one transaction, or record why
    not. Returns what was recorded; None when there was nothing to do (anonymised already, or
    no longer due: a second batch that reaches a root finds it done).

    Order inside the transaction: the root is locked; its term and holds are checked again
    (they may have changed since the batch listed it); its facts are written to the monitor's
    read model; then it is blanked and marked. From that moment the facts are frozen
    (`monitor.readmodel`), so no refresh can change a figure."""
    with transaction.atomic():
        obj = root.model._default_manager.select_for_update().filter(pk=root.pk).first()
        if obj is None or obj.anonymised_at is not None:
            return None
        if regel != Regel.VERZOEK and (t is None or not _still_due(root, t, now)):
            return None
        holds = root_holds(root, now)
        if regel != Regel.VERZOEK:
            # A root falls due only once closed: "still open" is the erasure request's hold.
            holds = [h for h in holds if h != Blokkade.NOG_OPEN]
        if holds:
            return _record(batch, root, obj.region_id, regel, Uitkomst.TEGENGEHOUDEN, now, holds)
        if batch.dry_run:
            return _record(batch, root, obj.region_id, regel, Uitkomst.PROEF, now)
        tree = subtree_of(root)
        refresh_subjects(
            aanmelding_ids=tree.aanmelding_ids,
            traject_ids=tree.traject_ids,
            termijn_ids=tree.termijn_ids,
        )
        _blank(tree, now, batch)
        # Open requests to erase this family are done by this step, whoever started it.
        Verwijderverzoek.objects.filter(status=VerzoekStatus.OPEN, **{root.soort: root.pk}).update(
            status=VerzoekStatus.UITGEVOERD,
            afgehandeld_at=now,
            afgehandeld_by=actor,
            batch=batch,
            toelichting="",
        )
        _log(tree, batch, regel, actor, now)
        return _record(batch, root, tree.region_id, regel, Uitkomst.GEANONIMISEERD, now)


# --- the batch -----------------------------------------------------------------------------


def toegangslog_opschonen(*, jaren: int, dry_run: bool) -> int:
    """Delete (or, dry run, count) the access-log entries past their term that name no client
    who is still kept. Through the definer function of migration 0002: the application's
    database role may not delete from the access log itself (docs/security-database.md)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {TOEGANGSLOG_FUNCTION}(%s, %s)", [jaren, dry_run])
        return int(cursor.fetchone()[0])


def _finish(batch: Bewaarbatch, now: datetime) -> Bewaarbatch:
    batch.counts = {
        **batch_counts(batch),
        Regel.TOEGANGSLOG.value: batch.toegangslog_verwijderd,
    }
    batch.finished_at = max(now, timezone.now())
    batch.save(update_fields=["counts", "finished_at", "toegangslog_verwijderd"])
    return batch


def batch_run(
    *,
    dry_run: bool,
    soort: str = BatchSoort.AUTOMATISCH,
    by: User | None = None,
    now: datetime | None = None,
    limit: int | None = None,
    reden: str = "",
) -> Bewaarbatch:
    """One run over every root whose term has ended: anonymise it, or (dry run) record that
    it would be; held roots are recorded with their holds. Then the access log past its term.

    Not one transaction: the batch row first, then each root in its own, so an interrupted run
    keeps what it did (the batch stays without `finished_at`) and the next run continues. At
    most `limit` (IVH_BEWARING_MAX_PER_BATCH) roots a run: a first run over years of old
    dossiers is spread over a few nights."""
    now = now or timezone.now()
    t = termen()
    batch = Bewaarbatch.objects.create(
        soort=soort,
        dry_run=dry_run,
        started_at=now,
        started_by=by,
        reden=reden,
        regels=t.in_words(),
    )
    for due in due_roots(t, now=now, limit=limit or settings.IVH_BEWARING_MAX_PER_BATCH):
        try:
            root_anonymise(root=due.root, batch=batch, regel=due.regel, now=now, t=t)
        except Exception:
            # No personal data in the log: the kind of root and its id.
            logger.exception("Bewaring: %s %s niet geanonimiseerd", due.root.soort, due.root.pk)
            _record(batch, due.root, due.region_id, due.regel, Uitkomst.MISLUKT, now)
    batch.toegangslog_verwijderd = toegangslog_opschonen(jaren=t.toegangslog_jaren, dry_run=dry_run)
    return _finish(batch, now)


# --- erasure requests ----------------------------------------------------------------------


def root_for_reference(*, reference: str, by: User) -> Aanmelding | Gezin | None:
    """The dossier root a reference belongs to, among those the coordinator may handle: a
    registration's (or, when it became a traject, its family's), a child's family, a family.
    A duplicate registration leads to the registration it was merged into."""
    reference = reference.strip()
    if not reference:
        return None
    regions = by.coordinator_region_ids()
    aanmelding = Aanmelding.objects.filter(reference__iexact=reference).first()
    if aanmelding is not None:
        while aanmelding.duplicate_of_id is not None:
            aanmelding = Aanmelding.objects.get(pk=aanmelding.duplicate_of_id)
        traject = Traject.objects.filter(aanmelding=aanmelding).select_related("gezin").first()
        root: Aanmelding | Gezin = traject.gezin if traject else aanmelding
    else:
        kind = Kind.objects.filter(reference__iexact=reference).select_related("gezin").first()
        gezin = kind.gezin if kind else Gezin.objects.filter(reference__iexact=reference).first()
        if gezin is None:
            return None
        root = gezin
    if not regions or not may_handle_root(by, root):
        return None
    return root


def _child_birth_dates(root: Aanmelding | Gezin) -> list[date]:
    if isinstance(root, Gezin):
        return list(root.kinderen.values_list("geboortedatum", flat=True))
    return [root.kind_geboortedatum]


@transaction.atomic
def verwijderverzoek_record(
    *,
    root: Aanmelding | Gezin,
    by: User,
    aanvrager: str,
    reden: str,
    ontvangen_op: date,
    toelichting: str = "",
) -> Verwijderverzoek:
    """Record a request to erase the family's data, received on `ontvangen_op`."""
    if not may_handle_root(by, root):
        raise PermissionDenied
    if root.anonymised_at is not None:
        raise ValidationError(_("Dit dossier is al geanonimiseerd."))
    if ontvangen_op > timezone.localdate():
        raise ValidationError(_("De datum van ontvangst kan niet in de toekomst liggen."))
    if aanvrager == Aanvrager.JONGERE and not any(
        born + relativedelta(years=JONGERE_VANAF_JAREN) <= ontvangen_op
        for born in _child_birth_dates(root)
    ):
        raise ValidationError(
            _("Een jongere kan dit zelf vragen vanaf %(n)s jaar.") % {"n": JONGERE_VANAF_JAREN}
        )
    soort = RootSoort.GEZIN if isinstance(root, Gezin) else RootSoort.AANMELDING
    try:
        with transaction.atomic():
            return Verwijderverzoek.objects.create(
                root_soort=soort,
                aanmelding=root if isinstance(root, Aanmelding) else None,
                gezin=root if isinstance(root, Gezin) else None,
                region_id=root.region_id,
                aanvrager=aanvrager,
                reden=reden,
                toelichting=toelichting.strip(),
                ontvangen_op=ontvangen_op,
                ingediend_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            _("Voor dit dossier staat al een verzoek tot verwijderen open.")
        ) from None


def _locked_open(verzoek: Verwijderverzoek, by: User) -> Verwijderverzoek:
    verzoek = Verwijderverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if not VERZOEK_HANDLE.allows(by, verzoek):
        raise PermissionDenied
    if verzoek.status != VerzoekStatus.OPEN:
        raise ValidationError(_("Dit verzoek is al afgehandeld."))
    return verzoek


@transaction.atomic
def verwijderverzoek_uitvoeren(
    *, verzoek: Verwijderverzoek, by: User, now: datetime | None = None
) -> Verwijderverzoek:
    """Carry out the request: the same step as the daily job (facts first, one transaction),
    in a batch of its own started by the coordinator. Refused while something holds the
    dossier (the request itself is no hold). What stays is the request: when, by whom, on
    which ground, in which batch; its free text goes."""
    now = now or timezone.now()
    verzoek = _locked_open(verzoek, by)
    root = Root.of(verzoek.root)
    if verzoek.root.anonymised_at is not None:
        # The daily job was first: the request is done by the batch that did it.
        done = Bewaaractie.objects.filter(
            uitkomst=Uitkomst.GEANONIMISEERD, **{root.soort: root.pk}
        ).first()
        batch = done.batch if done else None
        if batch is None:
            # Anonymised outside any batch (by hand, before this app): a record of its own.
            batch = _finish(
                Bewaarbatch.objects.create(
                    soort=BatchSoort.HANDMATIG,
                    region_id=verzoek.region_id,
                    started_at=now,
                    started_by=by,
                    reden=str(Regel.VERZOEK.label),
                ),
                now,
            )
        verzoek.status = VerzoekStatus.UITGEVOERD
        verzoek.afgehandeld_at, verzoek.afgehandeld_by = now, by
        verzoek.batch = batch
        verzoek.toelichting = ""
        verzoek.save()
        return verzoek
    holds = root_holds(root, now)
    if holds:
        raise ValidationError(
            _("Dit kan nog niet: %(holds)s.")
            % {"holds": ", ".join(str(Blokkade(h).label) for h in holds)}
        )
    batch = Bewaarbatch.objects.create(
        soort=BatchSoort.HANDMATIG,
        dry_run=False,
        region_id=verzoek.region_id,
        started_at=now,
        started_by=by,
        reden=str(Regel.VERZOEK.label),
        regels={Regel.VERZOEK.value: str(Regel.VERZOEK.label)},
    )
    actie = root_anonymise(root=root, batch=batch, regel=Regel.VERZOEK, now=now, actor=by)
    if actie is None or actie.uitkomst != Uitkomst.GEANONIMISEERD:
        raise ValidationError(_("Het dossier kon niet worden geanonimiseerd."))
    _finish(batch, now)
    verzoek.refresh_from_db()
    return verzoek


@transaction.atomic
def verwijderverzoek_afwijzen(
    *, verzoek: Verwijderverzoek, by: User, afwijsreden: str, now: datetime | None = None
) -> Verwijderverzoek:
    """Close the request without erasing (a legal duty to keep, another's interest, withdrawn)."""
    if afwijsreden not in AfwijsReden.values:
        raise ValidationError(_("Kies een reden."))
    verzoek = _locked_open(verzoek, by)
    verzoek.status = VerzoekStatus.AFGEWEZEN
    verzoek.afwijsreden = afwijsreden
    verzoek.afgehandeld_at = now or timezone.now()
    verzoek.afgehandeld_by = by
    verzoek.save(update_fields=["status", "afwijsreden", "afgehandeld_at", "afgehandeld_by"])
    return verzoek
