"""The transitions of a registration. Each is one transaction that checks the current state and
the actor's permission; side effects are queued after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pghistory import runtime

from ivh.accounts.models import User
from ivh.netwerk.models import Dienst, Gemeente, Organisatie, Region
from ivh.outbox.services import Draft, outbox_put_many
from ivh.termijnen.constants import Onderwerp
from ivh.termijnen.sync import termijnen_bijwerken, termijnen_starten

from .constants import OPEN_STATUSES, TOESTEMMING_VERSIES, ContactWijze, Status
from .models import Aanmelding, Toestemming
from .outbox import CONFIRMATION, confirmation_recipients
from .permissions import AANMELDING_HANDLE, AANMELDING_VIEW


@dataclass(frozen=True)
class Routing:
    gemeente: Gemeente | None
    region: Region | None


def route_postcode(postcode: str) -> Routing:
    """The gemeente and region that serve a postcode; (None, None) outside every region."""
    gemeente = Gemeente.objects.for_postcode(postcode).select_related("region").first()
    return Routing(gemeente=gemeente, region=gemeente.region if gemeente else None)


def normalise_postcode(postcode: str) -> str:
    compact = "".join(postcode.split()).upper()
    return f"{compact[:4]} {compact[4:]}".strip()


def aanmelding_submit(
    *, fields: dict, consents: dict[str, tuple[bool, str]], language: str
) -> Aanmelding:
    """Save a registration from the public form, with a consent row per purpose.

    Idempotent on `fields["submission_token"]`: a second submit of the same form returns the
    registration saved the first time (the token is unique: the second insert fails and the
    first registration is returned). The confirmation e-mail is an outbox row in the same
    transaction: if the broker is down the registration is saved all the same and the outbox
    sweep sends it later. Each consent records the version of the words the channel saw
    (a parent's own consent, or a professional's record of the parents' consent).

    The public form's throughput rests on this transaction: a fixed number of statements,
    whatever the region (the registration; its consents in one insert; its deadline from one
    read and one insert; its e-mails in one insert), with the history context set once.
    """
    token = fields["submission_token"]
    # The ids are all the registration needs of its gemeente and region.
    gemeente_id, region_id = Gemeente.objects.for_postcode(fields["postcode"]).values_list(
        "pk", "region_id"
    ).first() or (None, None)
    try:
        with _history_context_once(), transaction.atomic():
            aanmelding = Aanmelding.objects.create(
                **{**fields, "postcode": normalise_postcode(fields["postcode"])},
                gemeente_id=gemeente_id,
                region_id=region_id,
                taal=language,
            )
            now = timezone.now()
            Toestemming.objects.bulk_create(
                Toestemming(
                    aanmelding=aanmelding,
                    doel=doel,
                    gegeven=given,
                    toelichting=toelichting,
                    tekst_versie=TOESTEMMING_VERSIES[aanmelding.kanaal],
                    recorded_at=now,
                )
                for doel, (given, toelichting) in consents.items()
            )
            # A new registration has no deadline to stop or move: its first-contact deadline
            # is started in one insert (`termijnen_bijwerken` does the same in more steps).
            termijnen_starten(Onderwerp.AANMELDING, [aanmelding.pk])
            outbox_put_many(
                [
                    Draft(
                        key=f"{CONFIRMATION}:{aanmelding.pk}:{role}",
                        kind=CONFIRMATION,
                        recipient=email,
                        context={"aanmelding_id": aanmelding.pk, "rol": role},
                        language=language,
                    )
                    for role, email in confirmation_recipients(aanmelding)
                ]
            )
    except IntegrityError:
        # The same form arrived twice (at the same moment, or again later): keep the first.
        existing = Aanmelding.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing
    return aanmelding


@contextmanager
def _history_context_once() -> Iterator[None]:
    """Around a transaction: the history triggers' context is set once, with its first
    statement, instead of in front of every write.

    pghistory's middleware (`pghistory.context`) prepends `SELECT set_config(...)` for its two
    transaction-local settings to each INSERT, UPDATE and SAVEPOINT of the request. Here only
    the first one (the transaction's first write, or the savepoint that opens it inside an
    outer transaction: either way before any savepoint of its own could roll the settings
    back) carries them; they then hold until the commit, and every trigger reads the same
    context id and metadata. No extra round trip. Afterwards pghistory injects as before;
    outside a pghistory context (a task, a test without a request) this does nothing."""
    hook = runtime._inject_history_context
    wrappers = connection.execute_wrappers
    if getattr(runtime._tracker, "value", None) is None or hook not in wrappers:
        yield
        return
    done = False

    def once(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        nonlocal done
        if done or not runtime._can_inject_variable(context["cursor"], sql):
            return execute(sql, params, many, context)
        done = True
        return hook(execute, sql, params, many, context)

    position = wrappers.index(hook)
    wrappers[position] = once
    try:
        yield
    finally:
        wrappers[position] = hook


def _deadlines(aanmelding: Aanmelding) -> None:
    """The first-contact deadline follows the fact just recorded, in the same transaction."""
    termijnen_bijwerken(Onderwerp.AANMELDING, [aanmelding.pk])


def _check_coordinator(aanmelding: Aanmelding, by: User) -> None:
    if not AANMELDING_HANDLE.allows(by, aanmelding):
        raise PermissionDenied


def _lock(aanmelding: Aanmelding) -> Aanmelding:
    return Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)


def _require_open(aanmelding: Aanmelding) -> None:
    if aanmelding.status not in OPEN_STATUSES:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))


@transaction.atomic
def aanmelding_record_first_contact(
    *, aanmelding: Aanmelding, by: User, at: datetime, wijze: ContactWijze | str
) -> Aanmelding:
    """Record the first contact with the family (the fact the first-contact norm measures)."""
    _check_coordinator(aanmelding, by)
    aanmelding = _lock(aanmelding)
    _require_open(aanmelding)
    if aanmelding.first_contact_at is not None:
        raise ValidationError(_("Het eerste contact is al vastgelegd."))
    if at < aanmelding.received_at:
        raise ValidationError(_("Het eerste contact kan niet voor de aanmelding liggen."))
    if at > timezone.now():
        raise ValidationError(_("Het eerste contact kan niet in de toekomst liggen."))
    aanmelding.first_contact_at = at
    aanmelding.first_contact_wijze = wijze
    aanmelding.first_contact_by = by
    aanmelding.status = Status.IN_BEHANDELING
    aanmelding.save(
        update_fields=["first_contact_at", "first_contact_wijze", "first_contact_by", "status"]
    )
    _deadlines(aanmelding)
    return aanmelding


def _close(
    aanmelding: Aanmelding, by: User, status: Status, toelichting: str, **extra: object
) -> Aanmelding:
    aanmelding.status = status
    aanmelding.closed_at = timezone.now()
    aanmelding.closed_by = by
    aanmelding.uitkomst_toelichting = toelichting
    for name, value in extra.items():
        setattr(aanmelding, name, value)
    aanmelding.save()
    _deadlines(aanmelding)
    return aanmelding


def _require_first_contact(aanmelding: Aanmelding) -> None:
    if aanmelding.first_contact_at is None:
        raise ValidationError(_("Leg eerst het eerste contact met de ouders vast."))


@transaction.atomic
def aanmelding_close_with_advice(
    *, aanmelding: Aanmelding, by: User, toelichting: str
) -> Aanmelding:
    """Outcome: advice or consultation only; the registration is closed (and counted)."""
    _check_coordinator(aanmelding, by)
    aanmelding = _lock(aanmelding)
    _require_open(aanmelding)
    _require_first_contact(aanmelding)
    return _close(aanmelding, by, Status.ADVIES, toelichting)


@transaction.atomic
def aanmelding_refer(
    *,
    aanmelding: Aanmelding,
    by: User,
    organisatie: Organisatie,
    dienst: Dienst | None,
    toelichting: str,
) -> Aanmelding:
    """Outcome: a direct referral to an organisation of the sociale kaart; closed, referral kept."""
    _check_coordinator(aanmelding, by)
    aanmelding = _lock(aanmelding)
    _require_open(aanmelding)
    _require_first_contact(aanmelding)
    if not Organisatie.objects.visible_to(by).filter(pk=organisatie.pk).exists():
        raise PermissionDenied
    if dienst is not None and dienst.organisatie_id != organisatie.pk:
        raise ValidationError(_("Deze dienst hoort niet bij de gekozen organisatie."))
    return _close(
        aanmelding,
        by,
        Status.VERWEZEN,
        toelichting,
        verwezen_naar=organisatie,
        verwezen_dienst=dienst,
    )


@transaction.atomic
def aanmelding_forward(
    *, aanmelding: Aanmelding, by: User, region: Region | None, naar: str, reden: str
) -> Aanmelding:
    """Forward to the right region. A region in this system gets it in its own inbox (as new);
    any other region is recorded by name and the registration is closed here."""
    _check_coordinator(aanmelding, by)
    aanmelding = _lock(aanmelding)
    _require_open(aanmelding)
    if not reden.strip():
        raise ValidationError(_("Geef de reden van het doorsturen."))
    if region is not None:
        if region.pk == aanmelding.region_id:
            raise ValidationError(_("De aanmelding hoort al bij deze regio."))
        aanmelding.doorgestuurd_van = aanmelding.region
        aanmelding.region = region
        aanmelding.doorgestuurd_naar = region.name
        aanmelding.uitkomst_toelichting = reden
        aanmelding.status = Status.NIEUW
        aanmelding.save()
        _deadlines(aanmelding)
        return aanmelding
    if not naar.strip():
        raise ValidationError(_("Geef aan naar welke regio of organisatie de aanmelding gaat."))
    return _close(
        aanmelding,
        by,
        Status.DOORGESTUURD,
        reden,
        doorgestuurd_naar=naar,
        doorgestuurd_van=aanmelding.region,
    )


@transaction.atomic
def aanmelding_out_of_scope(*, aanmelding: Aanmelding, by: User, reden: str) -> Aanmelding:
    """Outcome: outside the target group (age, question); the reason is kept."""
    _check_coordinator(aanmelding, by)
    aanmelding = _lock(aanmelding)
    _require_open(aanmelding)
    if not reden.strip():
        raise ValidationError(_("Geef de reden."))
    return _close(aanmelding, by, Status.BUITEN_DOELGROEP, reden)


@transaction.atomic
def aanmelding_mark_duplicate(
    *, aanmelding: Aanmelding, original: Aanmelding, by: User, toelichting: str = ""
) -> Aanmelding:
    """Outcome "dubbele aanmelding": the registration is closed into the earlier registration of
    the same child, and is never counted on its own (`AanmeldingQuerySet.counted`).

    The earlier one keeps its own data and its waiting-time clock; a parent's phone number or
    e-mail address it lacks is taken over from the duplicate while it is still open, so the
    aanmeldpunt can reach the family by every route it was given."""
    _check_coordinator(aanmelding, by)
    if not AANMELDING_VIEW.allows(by, original):
        raise PermissionDenied
    aanmelding = _lock(aanmelding)
    _require_open(aanmelding)
    # Merge into the first of a chain: a duplicate of a duplicate points at the registration
    # that counts.
    original = Aanmelding.objects.select_for_update().get(pk=original.pk)
    while original.duplicate_of_id is not None:
        original = Aanmelding.objects.select_for_update().get(pk=original.duplicate_of_id)
    if original.pk == aanmelding.pk:
        raise ValidationError(_("Een aanmelding kan geen dubbel van zichzelf zijn."))
    if (original.received_at, original.pk) > (aanmelding.received_at, aanmelding.pk):
        raise ValidationError(
            _("Kies de eerdere aanmelding: de latere wordt als dubbel afgesloten.")
        )
    if original.is_open and original.anonymised_at is None:
        taken = [
            name
            for name in ("ouder_telefoon", "ouder_email")
            if not getattr(original, name) and getattr(aanmelding, name)
        ]
        for name in taken:
            setattr(original, name, getattr(aanmelding, name))
        if taken:
            original.save(update_fields=taken)
    return _close(aanmelding, by, Status.DUBBEL, toelichting, duplicate_of=original)


@transaction.atomic
def aanmelding_update_intake_notes(
    *, aanmelding: Aanmelding, by: User, notities: str
) -> Aanmelding:
    """The coordinator's notes of the intake (vraagverheldering). Editable after the outcome
    too (what was learned stays with the registration); each version is kept in the history."""
    _check_coordinator(aanmelding, by)
    aanmelding = _lock(aanmelding)
    if aanmelding.anonymised_at is not None:
        raise ValidationError(_("Deze aanmelding is geanonimiseerd."))
    notities = notities.strip()
    if notities != aanmelding.intake_notities:
        aanmelding.intake_notities = notities
        aanmelding.save(update_fields=["intake_notities"])
    return aanmelding


def child_age_problem(born: date, today: date) -> str | None:
    """Why a child cannot be registered (future birth date, 7 years or older), or None."""
    from .constants import UITERSTE_LEEFTIJD_JAREN

    if born > today:
        return "toekomst"
    try:
        seventh = born.replace(year=born.year + UITERSTE_LEEFTIJD_JAREN)
    except ValueError:  # born on 29 February
        seventh = date(born.year + UITERSTE_LEEFTIJD_JAREN, 3, 1)
    if seventh <= today:
        return "te_oud"
    return None
