"""Transitions of gezin and traject. Each runs in one transaction, checks state and actor."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aanmelding.constants import OPEN_STATUSES, Status
from aanmelding.models import Aanmelding
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.models import Dienst, Organisatie
from ivh.outbox.models import OutboxMessage
from ivh.outbox.services import outbox_put
from ivh.outbox.staff import notify_staff

from .constants import FASE_OVERGANGEN, Fase
from .feiten import traject_termijnen_bijwerken
from .models import (
    Contactmoment,
    Gezin,
    Kind,
    Ondersteuningsplan,
    OuderLink,
    OuderVraag,
    PlanAkkoord,
    PlanVersie,
    Tevredenheid,
    Traject,
    TrajectToewijzing,
    Vervanging,
    Verwijzing,
)
from .outbox import (
    CASEMANAGER_ASSIGNED,
    OUDERLINK_MAIL,
    PARENT_QUESTION,
    PLAN_MAIL,
    SURVEY_MAIL,
    SURVEY_REMINDER_AFTER,
    plan_mail_key,
)
from .permissions import can_manage, can_work_on
from .tokens import new_nonce, ouderlink_lookup, ouderlink_token


def _is_casemanager_in(user: User, region_id: int) -> bool:
    return RoleAssignment.objects.filter(
        user=user, role=Role.CASEMANAGER, region_id=region_id, active=True, user__is_active=True
    ).exists()


@transaction.atomic
def traject_start_from_aanmelding(
    *, aanmelding: Aanmelding, by: User, casemanager: User, at: datetime | None = None
) -> Traject:
    """Outcome of intake: a traject. Creates the gezin and kind from the registration, assigns
    the casemanager and closes the registration as 'traject started'."""
    if not by.has_role(Role.COORDINATOR) or aanmelding.region_id not in by.coordinator_region_ids():
        raise PermissionDenied
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if aanmelding.status not in OPEN_STATUSES:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    if aanmelding.first_contact_at is None:
        raise ValidationError(_("Leg eerst het eerste contact met de ouders vast."))
    if aanmelding.region_id is None or not _is_casemanager_in(casemanager, aanmelding.region_id):
        raise ValidationError(_("Deze persoon is geen casemanager in deze regio."))
    # `at`: when the decision was taken, if it is recorded afterwards; never in the future.
    now = at or timezone.now()
    if now > timezone.now() or now < aanmelding.first_contact_at:
        raise ValidationError(
            _("Deze datum kan niet: na het eerste contact en niet in de toekomst.")
        )
    gezin = Gezin.objects.create(
        region_id=aanmelding.region_id,
        gemeente_id=aanmelding.gemeente_id,
        ouder_name=aanmelding.ouder_name,
        ouder_telefoon=aanmelding.ouder_telefoon,
        ouder_email=aanmelding.ouder_email,
        postcode=aanmelding.postcode,
    )
    Kind.objects.create(
        gezin=gezin,
        reference=aanmelding.reference,
        first_name=aanmelding.kind_first_name,
        geboortedatum=aanmelding.kind_geboortedatum,
    )
    traject = Traject.objects.create(
        gezin=gezin,
        aanmelding=aanmelding,
        region_id=aanmelding.region_id,
        gemeente_id=aanmelding.gemeente_id,
        casemanager=casemanager,
        received_at=aanmelding.received_at,
        first_contact_at=aanmelding.first_contact_at,
        casemanager_assigned_at=now,
    )
    toewijzing = TrajectToewijzing.objects.create(
        traject=traject,
        casemanager=casemanager,
        assigned_by=by,
        assigned_at=now,
        reden=_("Start traject na intake"),
    )
    casemanager_assigned_mail_put(toewijzing=toewijzing, by=by)
    aanmelding.status = Status.TRAJECT
    aanmelding.closed_at = now
    aanmelding.closed_by = by
    aanmelding.save(update_fields=["status", "closed_at", "closed_by"])
    traject_termijnen_bijwerken(traject.pk)
    return traject


def casemanager_assigned_mail_put(*, toewijzing: TrajectToewijzing, by: User) -> None:
    """Tell the casemanager that a family was assigned to them (an outbox row, in the caller's
    transaction): the family's reference and a link, never the child. Not when they assigned
    it to themselves."""
    casemanager = toewijzing.casemanager
    if casemanager.pk == by.pk:
        return
    notify_staff(
        user=casemanager,
        kind=CASEMANAGER_ASSIGNED,
        key=f"{CASEMANAGER_ASSIGNED}:{toewijzing.pk}",
        context={"traject_id": toewijzing.traject_id, "casemanager_id": casemanager.pk},
    )


@transaction.atomic
def traject_assign_casemanager(
    *, traject: Traject, casemanager: User, by: User, reden: str = ""
) -> Traject:
    """Give a traject to another casemanager; the assignment history is kept."""
    if not can_manage(by, traject):
        raise PermissionDenied
    traject = Traject.objects.select_for_update().get(pk=traject.pk)
    if not traject.is_open:
        raise ValidationError(_("Dit traject is afgesloten."))
    if not _is_casemanager_in(casemanager, traject.region_id):
        raise ValidationError(_("Deze persoon is geen casemanager in deze regio."))
    if traject.casemanager_id == casemanager.pk:
        return traject
    now = timezone.now()
    TrajectToewijzing.objects.filter(traject=traject, ended_at__isnull=True).update(ended_at=now)
    toewijzing = TrajectToewijzing.objects.create(
        traject=traject, casemanager=casemanager, assigned_by=by, assigned_at=now, reden=reden
    )
    traject.casemanager = casemanager
    if traject.casemanager_assigned_at is None:
        traject.casemanager_assigned_at = now
    traject.save(update_fields=["casemanager", "casemanager_assigned_at"])
    traject_termijnen_bijwerken(traject.pk)
    casemanager_assigned_mail_put(toewijzing=toewijzing, by=by)
    return traject


# --- access -------------------------------------------------------------------------------


def _require_worker(traject: Traject, by: User) -> None:
    if not can_work_on(by, traject):
        raise PermissionDenied


def _require_open_traject(traject: Traject) -> None:
    if not traject.is_open:
        raise ValidationError(_("Dit traject is afgesloten."))


def _locked(traject: Traject) -> Traject:
    return Traject.objects.select_for_update().get(pk=traject.pk)


# --- substitution -------------------------------------------------------------------------


@transaction.atomic
def vervanging_create(
    *, afwezige: User, vervanger: User, region_id: int, van: date, tot: date, reden: str, by: User
) -> Vervanging:
    """A coordinator arranges that `vervanger` covers for `afwezige` (logged, time-bound)."""
    if not by.has_role(Role.COORDINATOR) or region_id not in by.coordinator_region_ids():
        raise PermissionDenied
    for person in (afwezige, vervanger):
        if not _is_casemanager_in(person, region_id):
            raise ValidationError(_("Beide personen moeten casemanager in deze regio zijn."))
    # Serialise substitutions of these two people, so two coordinators cannot each arrange
    # one half of a conflict at the same moment.
    list(User.objects.select_for_update().filter(pk__in=[afwezige.pk, vervanger.pk]))
    problems = vervanging_problems(afwezige=afwezige, vervanger=vervanger, van=van, tot=tot)
    if problems:
        raise ValidationError(problems)
    return Vervanging.objects.create(
        afwezige=afwezige,
        vervanger=vervanger,
        region_id=region_id,
        van=van,
        tot=tot,
        reden=reden,
        created_by=by,
    )


@transaction.atomic
def vervanging_end(*, vervanging: Vervanging, by: User) -> str:
    """The absent casemanager is back (or the plan changed): the substitution stops today. One
    that has not started yet is taken away; one already running ends yesterday (or, begun
    today, is taken away). Its history is kept. Returns what happened, in words."""
    if not by.has_role(Role.COORDINATOR) or vervanging.region_id not in by.coordinator_region_ids():
        raise PermissionDenied
    vervanging = Vervanging.objects.select_for_update().get(pk=vervanging.pk)
    today = timezone.localdate()
    if vervanging.tot < today:
        raise ValidationError(_("Deze vervanging is al voorbij."))
    names = {"vervanger": vervanging.vervanger.full_name, "afwezige": vervanging.afwezige.full_name}
    if vervanging.van >= today:
        vervanging.delete()
        return _("De vervanging van %(afwezige)s door %(vervanger)s gaat niet door.") % names
    vervanging.tot = today - timedelta(days=1)
    vervanging.save(update_fields=["tot"])
    return _("%(vervanger)s vervangt %(afwezige)s vanaf vandaag niet meer.") % names


def vervanging_problems(*, afwezige: User, vervanger: User, van: date, tot: date) -> list[str]:
    """What stands in the way of `vervanger` covering for `afwezige` from `van` to `tot`, in
    words for the coordinator (the form shows them at the form; `vervanging_create` refuses).

    In any period an absent casemanager has one substitute, and a substitute is not absent
    (nor the absent one a substitute for someone else): otherwise families would be left
    with nobody, or with two people each thinking the other has them."""
    if afwezige.pk == vervanger.pk:
        return [_("Iemand kan zichzelf niet vervangen.")]
    if tot < van:
        return [_("De einddatum ligt voor de begindatum.")]
    if tot < timezone.localdate():
        return [_("Deze vervanging is al voorbij: kies een einddatum vanaf vandaag.")]
    overlapping = Vervanging.objects.filter(van__lte=tot, tot__gte=van).select_related(
        "afwezige", "vervanger"
    )

    def period(v: Vervanging) -> dict[str, str]:
        return {
            "van": date_format(v.van, "j F Y"),
            "tot": date_format(v.tot, "j F Y"),
            "afwezige": v.afwezige.full_name,
            "vervanger": v.vervanger.full_name,
        }

    problems = []
    if clash := overlapping.filter(afwezige=afwezige).first():
        problems.append(
            _(
                "Voor %(afwezige)s is al een vervanging geregeld van %(van)s tot en met "
                "%(tot)s (door %(vervanger)s). Pas de data aan of beëindig die vervanging eerst."
            )
            % period(clash)
        )
    if clash := overlapping.filter(afwezige=vervanger).first():
        problems.append(
            _(
                "%(afwezige)s is zelf afwezig van %(van)s tot en met %(tot)s en kan in die "
                "tijd niet vervangen."
            )
            % period(clash)
        )
    if clash := overlapping.filter(vervanger=afwezige).first():
        problems.append(
            _(
                "%(vervanger)s vervangt van %(van)s tot en met %(tot)s zelf %(afwezige)s. "
                "Regel eerst een andere vervanger voor %(afwezige)s."
            )
            % period(clash)
        )
    return problems


# --- contacts -----------------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *, traject: Traject, by: User, datum: date, soort: str, minuten: int, notitie: str
) -> Contactmoment:
    """Log a contact moment (what the casemanager did, and the time it took)."""
    _require_worker(traject, by)
    _require_open_traject(traject)
    if datum > timezone.localdate():
        raise ValidationError({"datum": _("Een contact kan niet in de toekomst liggen.")})
    return Contactmoment.objects.create(
        traject=traject, datum=datum, soort=soort, minuten=minuten, notitie=notitie, created_by=by
    )


def contact_editable_by(contact: Contactmoment, user: User) -> bool:
    limit = timedelta(hours=settings.IVH_CONTACT_EDIT_HOURS)
    return contact.created_by_id == user.pk and timezone.now() - contact.created_at <= limit


@transaction.atomic
def contact_update(
    *, contact: Contactmoment, by: User, datum: date, soort: str, minuten: int, notitie: str
) -> Contactmoment:
    """Correct a contact: only its author, only shortly after writing it; history is kept."""
    if not contact_editable_by(contact, by):
        raise PermissionDenied
    if datum > timezone.localdate():
        raise ValidationError({"datum": _("Een contact kan niet in de toekomst liggen.")})
    contact.datum, contact.soort, contact.minuten, contact.notitie = datum, soort, minuten, notitie
    contact.save(update_fields=["datum", "soort", "minuten", "notitie"])
    return contact


# --- phase --------------------------------------------------------------------------------


@transaction.atomic
def traject_set_fase(*, traject: Traject, by: User, fase: str) -> Traject:
    """Move the traject to the next phase, if that step is allowed from the current one."""
    _require_worker(traject, by)
    traject = _locked(traject)
    _require_open_traject(traject)
    if fase not in FASE_OVERGANGEN.get(traject.fase, ()):
        raise ValidationError(_("Deze stap kan niet vanuit de huidige fase."))
    traject.fase = fase
    traject.save(update_fields=["fase"])
    traject_termijnen_bijwerken(traject.pk)
    return traject


# --- referrals ----------------------------------------------------------------------------


@transaction.atomic
def verwijzing_create(
    *,
    traject: Traject,
    by: User,
    organisatie: Organisatie,
    dienst: Dienst | None,
    referred_at: date,
    toelichting: str,
) -> Verwijzing:
    _require_worker(traject, by)
    _require_open_traject(traject)
    if not Organisatie.objects.visible_to(by).filter(pk=organisatie.pk).exists():
        raise PermissionDenied
    if dienst is not None and dienst.organisatie_id != organisatie.pk:
        raise ValidationError(_("Deze dienst hoort niet bij de gekozen organisatie."))
    if referred_at > timezone.localdate():
        raise ValidationError({"referred_at": _("De verwijsdatum kan niet in de toekomst liggen.")})
    verwijzing = Verwijzing.objects.create(
        traject=traject,
        organisatie=organisatie,
        dienst=dienst,
        referred_at=referred_at,
        toelichting=toelichting,
        created_by=by,
    )
    traject_termijnen_bijwerken(traject.pk)
    return verwijzing


@transaction.atomic
def verwijzing_update_dates(
    *, verwijzing: Verwijzing, by: User, started_at: date | None, ended_at: date | None
) -> Verwijzing:
    """Record when the help actually started (the waiting time ends) and when it ended."""
    _require_worker(verwijzing.traject, by)
    today = timezone.localdate()
    if started_at and started_at < verwijzing.referred_at:
        raise ValidationError(_("De hulp kan niet starten voor de verwijzing."))
    if ended_at and not started_at:
        raise ValidationError({"started_at": _("Vul eerst in wanneer de hulp startte.")})
    if ended_at and started_at and ended_at < started_at:
        raise ValidationError({"ended_at": _("De einddatum ligt voor de startdatum.")})
    future = {
        name: _("Een datum kan niet in de toekomst liggen.")
        for name, day in (("started_at", started_at), ("ended_at", ended_at))
        if day and day > today
    }
    if future:
        raise ValidationError(future)
    verwijzing.started_at, verwijzing.ended_at = started_at, ended_at
    verwijzing.save(update_fields=["started_at", "ended_at"])
    traject_termijnen_bijwerken(verwijzing.traject_id)
    return verwijzing


# --- plan ---------------------------------------------------------------------------------


def plan_current(gezin: Gezin) -> PlanVersie | None:
    return (
        PlanVersie.objects.filter(plan__gezin=gezin)
        .select_related("akkoord")
        .order_by("-nummer")
        .first()
    )


@transaction.atomic
def plan_save_version(
    *,
    traject: Traject,
    by: User,
    gezinsvraag: str,
    doelen: list[dict],
    acties: list[dict],
    evaluatie_datum: date,
    wijziging: str,
) -> PlanVersie:
    """Write a new version of the family's plan (all its goals and actions at once); returns
    the current one if nothing changed.

    A new version needs the parents' agreement again. When they had agreed to the version it
    replaces, they are told (whoever saves it: the plan form, an MDO advice taken over): their
    page asks them to agree to the new version, and a mail says there is something to read."""
    _require_worker(traject, by)
    _require_open_traject(traject)
    plan, _created = Ondersteuningsplan.objects.get_or_create(gezin=traject.gezin)
    plan = Ondersteuningsplan.objects.select_for_update().get(pk=plan.pk)
    current = plan.versies.order_by("-nummer").first()
    if current and (
        current.gezinsvraag,
        current.doelen,
        current.acties,
        current.evaluatie_datum,
    ) == (gezinsvraag, doelen, acties, evaluatie_datum):
        return current
    versie = PlanVersie.objects.create(
        plan=plan,
        nummer=(current.nummer + 1) if current else 1,
        gezinsvraag=gezinsvraag,
        doelen=doelen,
        acties=acties,
        evaluatie_datum=evaluatie_datum,
        wijziging=wijziging,
        created_by=by,
    )
    if current is not None and PlanAkkoord.objects.filter(versie=current).exists():
        _plan_announce_new_version(traject=traject, versie=versie, by=by)
    return versie


def _plan_announce_new_version(*, traject: Traject, versie: PlanVersie, by: User) -> None:
    """Mail the parents, whose agreement this version replaced, that there is something new to
    read: a personal link, no content. One mail per version (the key)."""
    email = traject.gezin.ouder_email
    if not email:
        return  # the casemanager is told to let them know in person
    link, _token = ouderlink_create(gezin=traject.gezin, by=by, email=email)
    outbox_put(
        key=plan_mail_key(versie),
        kind=PLAN_MAIL,
        recipient=email,
        context={"link_id": link.pk, "versie_id": versie.pk},
        language=_parent_language(traject.gezin),
    )


def plan_parents_mailed(versie: PlanVersie) -> bool:
    """Whether the parents get a mail about this version (see `plan_save_version`)."""
    return OutboxMessage.objects.filter(key=plan_mail_key(versie)).exists()


@transaction.atomic
def plan_record_agreement(
    *, versie: PlanVersie, traject: Traject, by: User | None, wijze: str, at: datetime | None = None
) -> PlanAkkoord:
    """The parents agree to this version. `by` is None when the parent agrees via their link.
    The first agreement is the traject's 'plan agreed' fact."""
    if by is not None:
        _require_worker(traject, by)
    if versie.plan.gezin_id != traject.gezin_id:
        raise PermissionDenied
    current = plan_current(traject.gezin)
    if current is None or current.pk != versie.pk:
        raise ValidationError(_("Er is een nieuwere versie van het plan."))
    if PlanAkkoord.objects.filter(versie=versie).exists():
        raise ValidationError(_("Voor deze versie is het akkoord al vastgelegd."))
    at = at or timezone.now()
    akkoord = PlanAkkoord.objects.create(versie=versie, agreed_at=at, wijze=wijze, recorded_by=by)
    traject = _locked(traject)
    if traject.plan_agreed_at is None:
        traject.plan_agreed_at = at
        traject.save(update_fields=["plan_agreed_at"])
    traject_termijnen_bijwerken(traject.pk)
    return akkoord


# --- closure and survey -------------------------------------------------------------------


@transaction.atomic
def traject_close(
    *, traject: Traject, by: User, reden: str, doelen_behaald: str, toelichting: str
) -> Traject:
    """Close the traject with a reason and outcome; the satisfaction survey goes to the parents."""
    _require_worker(traject, by)
    traject = _locked(traject)
    _require_open_traject(traject)
    traject.fase = Fase.AFGESLOTEN
    traject.closed_at = timezone.now()
    traject.closed_by = by
    traject.afsluitreden = reden
    traject.doelen_behaald = doelen_behaald
    traject.afsluit_toelichting = toelichting
    traject.save()
    Tevredenheid.objects.get_or_create(traject=traject)
    traject_termijnen_bijwerken(traject.pk)
    _survey_queue(traject)
    return traject


def _survey_queue(traject: Traject) -> None:
    """The survey invitation now and one reminder a week later, both through the parents'
    personal link (the reminder is skipped when they answered)."""
    email = traject.gezin.ouder_email
    if not email:
        return
    link, _token = ouderlink_create(gezin=traject.gezin, by=None, email=email)
    language = _parent_language(traject.gezin)
    for reminder, not_before in ((False, None), (True, timezone.now() + SURVEY_REMINDER_AFTER)):
        outbox_put(
            key=f"{SURVEY_MAIL}:{traject.pk}:{'herinnering' if reminder else 'uitnodiging'}",
            kind=SURVEY_MAIL,
            recipient=email,
            context={"traject_id": traject.pk, "link_id": link.pk, "herinnering": reminder},
            language=language,
            not_before=not_before,
        )


@transaction.atomic
def tevredenheid_answer(
    *, traject: Traject, score: int, opmerking: str, terugbellen: bool
) -> Tevredenheid:
    """The parent's answer (through their link). Answering twice keeps the first answer."""
    survey = Tevredenheid.objects.select_for_update().get(traject=traject)
    if survey.answered_at is not None:
        raise ValidationError(_("U heeft de vragenlijst al ingevuld. Dank u wel!"))
    if not 1 <= score <= 10:
        raise ValidationError(_("Geef een cijfer van 1 tot en met 10."))
    survey.score, survey.opmerking, survey.terugbellen = score, opmerking, terugbellen
    survey.answered_at = timezone.now()
    survey.save()
    traject_termijnen_bijwerken(traject.pk)
    if terugbellen:
        OuderVraag.objects.create(
            traject=traject,
            terugbellen=True,
            tekst=_("Graag teruggebeld na de vragenlijst (cijfer %(score)s).") % {"score": score},
        )
    return survey


# --- parents' link and questions ----------------------------------------------------------


def ouderlink_create(*, gezin: Gezin, by: User | None, email: str) -> tuple[OuderLink, str]:
    """A new personal link for the parent; returns the link and its token (which only ever
    travels in the e-mail). Older links of the family keep working until they expire or are
    revoked."""
    link = OuderLink.objects.create(
        gezin=gezin,
        nonce=new_nonce(),
        email=email,
        created_by=by,
        expires_at=timezone.now() + timedelta(days=settings.IVH_OUDERLINK_DAYS),
    )
    return link, ouderlink_token(link)


def _parent_language(gezin: Gezin) -> str:
    aanmelding = Aanmelding.objects.filter(traject__gezin=gezin).order_by("-received_at").first()
    return (aanmelding.taal if aanmelding else "") or "nl"


@transaction.atomic
def ouderlink_send(*, traject: Traject, by: User) -> OuderLink:
    """Send the parent a personal link by e-mail (no child data in it). The mail is an outbox
    row that names the link; the token is rebuilt when the mail is sent."""
    _require_worker(traject, by)
    email = traject.gezin.ouder_email
    if not email:
        raise ValidationError(_("Er is geen e-mailadres van de ouder bekend."))
    link, _token = ouderlink_create(gezin=traject.gezin, by=by, email=email)
    outbox_put(
        key=f"{OUDERLINK_MAIL}:{link.pk}",
        kind=OUDERLINK_MAIL,
        recipient=email,
        context={"link_id": link.pk},
        language=_parent_language(traject.gezin),
    )
    return link


@transaction.atomic
def ouderlink_revoke(*, link: OuderLink, by: User) -> None:
    traject = link.gezin.trajecten.order_by("-received_at").first()
    if traject is None or not (can_work_on(by, traject) or can_manage(by, traject)):
        raise PermissionDenied
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def ouderlink_resolve(token: str) -> OuderLink | None:
    """The usable link for a token (not expired, not revoked), or None."""
    link = ouderlink_lookup(token)
    if link is None or not link.usable:
        return None
    OuderLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link


@transaction.atomic
def oudervraag_create(*, traject: Traject, tekst: str, terugbellen: bool) -> OuderVraag:
    if not tekst.strip():
        raise ValidationError(_("Schrijf uw vraag op."))
    vraag = OuderVraag.objects.create(traject=traject, tekst=tekst.strip(), terugbellen=terugbellen)
    if traject.casemanager is not None:
        notify_staff(
            user=traject.casemanager,
            kind=PARENT_QUESTION,
            key=f"{PARENT_QUESTION}:{vraag.pk}",
            context={"vraag_id": vraag.pk},
        )
    return vraag


@transaction.atomic
def oudervraag_handle(*, vraag: OuderVraag, by: User) -> OuderVraag:
    traject = vraag.traject
    if not (can_work_on(by, traject) or can_manage(by, traject)):
        raise PermissionDenied
    vraag.handled_at = timezone.now()
    vraag.handled_by = by
    vraag.save(update_fields=["handled_at", "handled_by"])
    return vraag


@transaction.atomic
def toestemming_withdraw(*, traject: Traject, toestemming_id: int) -> None:
    """The parent withdraws a consent through their link; the time is kept."""
    from aanmelding.models import Toestemming

    toestemming = (
        Toestemming.objects.select_for_update()
        .filter(pk=toestemming_id, aanmelding__traject=traject)
        .first()
    )
    if toestemming is None:
        raise ValidationError(_("Deze toestemming hoort niet bij uw gezin."))
    if toestemming.withdrawn_at is None and toestemming.gegeven:
        toestemming.withdrawn_at = timezone.now()
        toestemming.save(update_fields=["withdrawn_at"])
