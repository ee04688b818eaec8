"""Transitions of an MDO: planning, the agenda, invitations, answers, holding it, advice and
taking advice into the family's plan. Each runs in one transaction and checks state and actor;
e-mails are outbox rows written in the same transaction (ivh.outbox)."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aanmelding.constants import ToestemmingDoel
from casemanagement import services as cm_services
from casemanagement.constants import ActieStatus, ActieWie
from casemanagement.feiten import traject_termijnen_bijwerken
from casemanagement.models import Traject
from casemanagement.permissions import can_work_on
from casemanagement.selectors import substitute_on
from casemanagement.termijnen import next_evaluation_day
from ivh.accounts.constants import Role
from ivh.accounts.models import RoleAssignment, User
from ivh.netwerk.models import Organisatie, Region
from ivh.outbox.services import outbox_put
from ivh.outbox.staff import notify_staff
from ivh.werkkalender.calendar import WORKDAY_START, WorkCalendar

from .constants import AdviesactieStatus, Antwoord, DeelnemerSoort, MdoStatus
from .models import Adviesactie, Agendapunt, Deelnemer, Mdo
from .outbox import ADVICE_WAITING, CANCELLATION, INVITATION, REMINDER
from .permissions import MDO_ADVISE

# --- checks -------------------------------------------------------------------------------


def _require_coordinator(by: User, region_id: int) -> None:
    # The region (not an MDO row) is the subject: also used before an MDO exists.
    if region_id not in by.coordinator_region_ids():
        raise PermissionDenied


def _require_planned(mdo: Mdo) -> None:
    if mdo.status != MdoStatus.GEPLAND:
        raise ValidationError(_("Dit MDO is al gehouden of geannuleerd."))


def _locked(mdo: Mdo) -> Mdo:
    return Mdo.objects.select_for_update().get(pk=mdo.pk)


def mdo_consent_given(traject: Traject) -> bool:
    """The parents agreed that their child is discussed in an MDO, and did not withdraw it."""
    if traject.aanmelding is None:
        return False
    return traject.aanmelding.toestemmingen.filter(
        doel=ToestemmingDoel.MDO, gegeven=True, withdrawn_at__isnull=True
    ).exists()


def expert_role(user: User, region_id: int) -> RoleAssignment | None:
    return next(
        (
            a
            for a in user.active_roles
            if a.role == Role.MDO_EXPERT and a.region_id == region_id and user.is_active
        ),
        None,
    )


def _queue_mail(deelnemer: Deelnemer, mdo: Mdo | None = None) -> None:
    """Write what this person is due to the outbox: the invitation (or update) for the
    meeting's current sequence with its reminder, or a cancellation. Each renderer checks the
    state again when it sends, so a superseded row is skipped, never sent."""
    mdo = mdo or deelnemer.mdo
    language = _language(deelnemer)
    context: dict[str, object] = {"deelnemer_id": deelnemer.pk, "sequence": mdo.sequence}
    if deelnemer.withdrawn_at is not None or mdo.status == MdoStatus.GEANNULEERD:
        outbox_put(
            key=f"{CANCELLATION}:{deelnemer.pk}",
            kind=CANCELLATION,
            recipient=deelnemer.email,
            context=context,
            language=language,
        )
        return
    if mdo.status != MdoStatus.GEPLAND:
        return
    outbox_put(
        key=f"{INVITATION}:{deelnemer.pk}:{mdo.sequence}",
        kind=INVITATION,
        recipient=deelnemer.email,
        context=context,
        language=language,
    )
    remind_at = mdo_reminder_at(mdo, deelnemer.slot[0])
    if remind_at > timezone.now():
        outbox_put(
            key=f"{REMINDER}:{deelnemer.pk}:{mdo.sequence}",
            kind=REMINDER,
            recipient=deelnemer.email,
            context=context,
            language=language,
            not_before=remind_at,
        )


def mdo_reminder_at(mdo: Mdo, starts_at: datetime) -> datetime:
    """The reminder goes out at the start of the working day that lies
    `IVH_MDO_HERINNERING_WERKDAGEN` working days before the meeting (the region's calendar:
    a meeting on Tuesday after Easter Monday is announced on the Thursday before)."""
    calendar = WorkCalendar.for_region(mdo.region_id)
    day = calendar.add_workdays(
        timezone.localdate(starts_at), -settings.IVH_MDO_HERINNERING_WERKDAGEN
    )
    return timezone.make_aware(datetime.combine(day, WORKDAY_START))


def _language(deelnemer: Deelnemer) -> str:
    # Parents read the language they filled in the form in; staff read Dutch.
    if deelnemer.agendapunt and deelnemer.agendapunt.traject.aanmelding:
        return deelnemer.agendapunt.traject.aanmelding.taal or "nl"
    return "nl"


def _queue_all(mdo: Mdo) -> None:
    for deelnemer in mdo.deelnemers.select_related("agendapunt__traject__aanmelding"):
        _queue_mail(deelnemer, mdo)


# --- planning -----------------------------------------------------------------------------


def _check_time(starts_at: datetime, duur_minuten: int) -> None:
    if starts_at < timezone.now():
        raise ValidationError(_("Een MDO plant u in de toekomst."))
    if not 15 <= duur_minuten <= 480:
        raise ValidationError(_("Een MDO duurt tussen 15 minuten en 8 uur."))


@transaction.atomic
def mdo_create(
    *,
    region: Region,
    by: User,
    starts_at: datetime,
    duur_minuten: int,
    locatie: str,
    video_link: str,
    voorzitter: User | None,
    max_agendapunten: int,
) -> Mdo:
    """A coordinator plans an MDO for their region."""
    _require_coordinator(by, region.pk)
    _check_time(starts_at, duur_minuten)
    if not locatie and not video_link:
        raise ValidationError(_("Vul een plaats of een link voor beeldbellen in."))
    return Mdo.objects.create(
        region=region,
        starts_at=starts_at,
        duur_minuten=duur_minuten,
        locatie=locatie,
        video_link=video_link,
        voorzitter=voorzitter,
        max_agendapunten=max_agendapunten,
        created_by=by,
    )


@transaction.atomic
def mdo_update(
    *,
    mdo: Mdo,
    by: User,
    starts_at: datetime,
    duur_minuten: int,
    locatie: str,
    video_link: str,
    voorzitter: User | None,
    max_agendapunten: int,
) -> Mdo:
    """Change time, place or chair. A change of date, time, length or place resets every
    invited person's answer (experts, casemanagers and parents) and sends them an update of
    their calendar item (a higher SEQUENCE) that asks again whether they come."""
    _require_coordinator(by, mdo.region_id)
    mdo = _locked(mdo)
    _require_planned(mdo)
    if not locatie and not video_link:
        raise ValidationError(_("Vul een plaats of een link voor beeldbellen in."))
    if starts_at != mdo.starts_at or duur_minuten != mdo.duur_minuten:
        _check_time(starts_at, duur_minuten)
    if max_agendapunten < mdo.agendapunten.count():
        raise ValidationError(_("Er staan al meer gezinnen op de agenda."))
    changed = (starts_at, duur_minuten, locatie, video_link) != (
        mdo.starts_at,
        mdo.duur_minuten,
        mdo.locatie,
        mdo.video_link,
    )
    mdo.starts_at, mdo.duur_minuten = starts_at, duur_minuten
    mdo.locatie, mdo.video_link = locatie, video_link
    mdo.voorzitter, mdo.max_agendapunten = voorzitter, max_agendapunten
    if changed:
        now = timezone.now()
        mdo.sequence += 1
        mdo.rescheduled_at = now
        # A "komt" was given for the old time or place: nobody has accepted the new one yet.
        # The update mail (a new outbox key per sequence) asks everyone again.
        mdo.deelnemers.filter(withdrawn_at__isnull=True).update(
            antwoord=Antwoord.OPEN, answered_at=None, antwoord_reset_at=now
        )
    mdo.save()
    if changed:
        _queue_all(mdo)
    return mdo


@transaction.atomic
def mdo_cancel(*, mdo: Mdo, by: User) -> Mdo:
    """Cancel the meeting; everyone invited gets a cancellation for their calendar."""
    _require_coordinator(by, mdo.region_id)
    mdo = _locked(mdo)
    _require_planned(mdo)
    mdo.status = MdoStatus.GEANNULEERD
    mdo.cancelled_at = timezone.now()
    mdo.sequence += 1
    mdo.save(update_fields=["status", "cancelled_at", "sequence"])
    _queue_all(mdo)
    return mdo


@transaction.atomic
def agendapunt_add(
    *, mdo: Mdo, traject: Traject, by: User, vraag: str, disciplines: list[str], minuten: int
) -> Agendapunt:
    """Put a family on the agenda with the question for the team. Needs the parents' consent
    for discussion in an MDO; the family's casemanager is invited with it."""
    _require_coordinator(by, mdo.region_id)
    mdo = _locked(mdo)
    _require_planned(mdo)
    if traject.region_id != mdo.region_id or not traject.is_open:
        raise ValidationError(_("Dit traject hoort niet bij deze regio of is afgesloten."))
    if not mdo_consent_given(traject):
        raise ValidationError(
            _("De ouders hebben geen toestemming gegeven om hun kind in een MDO te bespreken.")
        )
    if mdo.agendapunten.filter(traject=traject).exists():
        raise ValidationError(_("Dit gezin staat al op de agenda."))
    if mdo.agendapunten.count() >= mdo.max_agendapunten:
        raise ValidationError(_("De agenda is vol."))
    if not disciplines:
        raise ValidationError(_("Kies welke deskundigen nodig zijn."))
    # The new item starts where the last one ends (minutes after the start of the meeting).
    end = mdo.agendapunten.aggregate(end=Max(F("start_minuut") + F("minuten")))["end"]
    item = Agendapunt.objects.create(
        mdo=mdo,
        traject=traject,
        vraag=vraag,
        disciplines=disciplines,
        start_minuut=end or 0,
        minuten=minuten,
    )
    # The family's casemanager, and whoever covers for them on the day of the meeting (the
    # absent one is still told: the family is theirs when they are back).
    substitute = substitute_on(traject, timezone.localdate(mdo.starts_at))
    for casemanager in (traject.casemanager, substitute):
        if (
            casemanager is not None
            and not mdo.deelnemers.filter(user=casemanager, withdrawn_at__isnull=True).exists()
        ):
            deelnemer = Deelnemer.objects.create(
                mdo=mdo,
                soort=DeelnemerSoort.CASEMANAGER,
                user=casemanager,
                name=casemanager.full_name,
                email=casemanager.email,
            )
            _queue_mail(deelnemer)
    return item


@transaction.atomic
def agendapunt_remove(*, agendapunt: Agendapunt, by: User) -> bool:
    """Take a family off the agenda; True when it is off. An invitation of the parents is
    withdrawn in the same step. Parents who were already sent one must get their cancellation
    first (the sweep sends it within minutes; it needs the item), so no calendar item is left
    behind: until then the item stays and False is returned."""
    mdo = _locked(agendapunt.mdo)
    _require_coordinator(by, mdo.region_id)
    _require_planned(mdo)
    if agendapunt.advies or agendapunt.acties.exists():
        # The team's advice and its actions are part of the family's dossier (PROTECT).
        raise ValidationError(
            _("Het team heeft al een advies voor dit gezin gegeven. Het blijft op de agenda.")
        )
    for ouders in agendapunt.ouders.filter(withdrawn_at__isnull=True).select_for_update():
        ouders.withdrawn_at = timezone.now()
        ouders.save(update_fields=["withdrawn_at"])
        if ouders.sent_sequence is not None:
            _queue_mail(ouders, mdo)
    if agendapunt.ouders.filter(sent_sequence__isnull=False, cancel_sent_at__isnull=True).exists():
        return False
    agendapunt.delete()
    return True


@transaction.atomic
def deelnemer_invite_expert(*, mdo: Mdo, expert: User, by: User) -> Deelnemer:
    """Invite an expert (an MDO-deelnemer of the region) to the meeting."""
    _require_coordinator(by, mdo.region_id)
    mdo = _locked(mdo)
    _require_planned(mdo)
    role = expert_role(expert, mdo.region_id)
    if role is None:
        raise ValidationError(_("Deze persoon is geen MDO-deelnemer in deze regio."))
    if mdo.deelnemers.filter(user=expert, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("Deze deskundige is al uitgenodigd."))
    deelnemer = Deelnemer.objects.create(
        mdo=mdo,
        soort=DeelnemerSoort.EXPERT,
        user=expert,
        name=expert.full_name,
        email=expert.email,
        discipline=role.discipline,
        organisatie=role.organisatie,
    )
    _queue_mail(deelnemer)
    return deelnemer


@transaction.atomic
def deelnemer_invite_ouders(*, agendapunt: Agendapunt, by: User) -> Deelnemer:
    """Invite the parents for their own agenda item."""
    mdo = _locked(agendapunt.mdo)
    _require_coordinator(by, mdo.region_id)
    _require_planned(mdo)
    traject = agendapunt.traject
    if not traject.is_open or not mdo_consent_given(traject):
        raise ValidationError(
            _(
                "Dit gezin kan niet besproken worden: het traject is afgesloten of de ouders "
                "gaven geen toestemming voor het MDO."
            )
        )
    gezin = traject.gezin
    if not gezin.ouder_email:
        raise ValidationError(
            _("Van deze ouders is geen e-mailadres bekend. Nodig ze uit per telefoon.")
        )
    if agendapunt.ouders.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError(_("De ouders zijn al uitgenodigd."))
    deelnemer = Deelnemer.objects.create(
        mdo=mdo,
        soort=DeelnemerSoort.OUDER,
        agendapunt=agendapunt,
        name=gezin.ouder_name,
        email=gezin.ouder_email,
    )
    _queue_mail(deelnemer)
    return deelnemer


@transaction.atomic
def deelnemer_withdraw(*, deelnemer: Deelnemer, by: User) -> Deelnemer:
    """Withdraw an invitation; the person gets a cancellation if they had been invited."""
    mdo = _locked(deelnemer.mdo)
    _require_coordinator(by, mdo.region_id)
    _require_planned(mdo)
    deelnemer = Deelnemer.objects.select_for_update().get(pk=deelnemer.pk)
    if deelnemer.withdrawn_at is None:
        deelnemer.withdrawn_at = timezone.now()
        deelnemer.save(update_fields=["withdrawn_at"])
        _queue_mail(deelnemer)
    return deelnemer


# --- answers ------------------------------------------------------------------------------


@transaction.atomic
def deelnemer_answer(
    *, deelnemer: Deelnemer, antwoord: str, sequence: int | None = None
) -> Deelnemer:
    """The invited person says whether they come (through the link in the e-mail, or in the
    application). `sequence`: the version of the meeting the person saw when answering; an
    answer to a time or place that has changed since is refused, so nobody "comes" to a time
    they never saw."""
    if antwoord not in (Antwoord.KOMT, Antwoord.KOMT_NIET):
        raise ValidationError(_("Kies of u komt."))
    deelnemer = Deelnemer.objects.select_for_update().select_related("mdo").get(pk=deelnemer.pk)
    if deelnemer.withdrawn_at is not None or deelnemer.mdo.status != MdoStatus.GEPLAND:
        raise ValidationError(_("Deze uitnodiging geldt niet meer."))
    if sequence is not None and sequence != deelnemer.mdo.sequence:
        raise ValidationError(
            _(
                "De tijd of plaats is net veranderd. Kijk naar de nieuwe tijd en laat opnieuw "
                "weten of u komt."
            )
        )
    deelnemer.antwoord = antwoord
    deelnemer.answered_at = timezone.now()
    deelnemer.save(update_fields=["antwoord", "answered_at"])
    return deelnemer


# --- the meeting --------------------------------------------------------------------------


@transaction.atomic
def mdo_hold(
    *,
    mdo: Mdo,
    by: User,
    aanwezig: set[int],
    ouders_aanwezig: set[int],
    notulen: str,
    held_at: datetime | None = None,
) -> Mdo:
    """Record that the MDO took place: who was there (and whether the parents took part per
    family), and the minutes. Sets each family's 'first MDO held' fact."""
    _require_coordinator(by, mdo.region_id)
    mdo = _locked(mdo)
    _require_planned(mdo)
    held_at = held_at or mdo.starts_at
    if held_at > timezone.now():
        raise ValidationError(_("Een MDO kunt u pas vastleggen als het begonnen is."))
    later = (
        mdo.agendapunten.filter(traject__received_at__gt=held_at)
        .values_list("traject__gezin__reference", flat=True)
        .first()
    )
    if later is not None:
        # The database keeps a traject's dates in order (traject_first_mdo_held_at_after_receipt).
        raise ValidationError(
            _(
                "Gezin %(gezin)s is aangemeld na de start van dit MDO. Haal het gezin eerst van "
                "de agenda."
            )
            % {"gezin": later}
        )
    mdo.status = MdoStatus.GEHOUDEN
    mdo.held_at = held_at
    mdo.notulen = notulen
    mdo.save(update_fields=["status", "held_at", "notulen"])
    invited = mdo.deelnemers.filter(withdrawn_at__isnull=True)
    invited.update(aanwezig=Q(pk__in=aanwezig))
    mdo.agendapunten.update(ouders_aanwezig=Q(pk__in=ouders_aanwezig))
    first_held = list(
        Traject.objects.filter(agendapunten__mdo=mdo, first_mdo_held_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    Traject.objects.filter(pk__in=first_held).update(first_mdo_held_at=held_at)
    traject_termijnen_bijwerken(*first_held)
    return mdo


@transaction.atomic
def advies_record(
    *,
    agendapunt: Agendapunt,
    by: User,
    advies: str,
    actie_wat: str = "",
    actie_organisatie: Organisatie | None = None,
    actie_wanneer: date | None = None,
) -> Agendapunt:
    """The team's advice for one family, and optionally an agreed follow-up action that the
    casemanager can take into the plan."""
    mdo = agendapunt.mdo
    if not MDO_ADVISE.allows(by, mdo):
        raise PermissionDenied
    if mdo.status == MdoStatus.GEANNULEERD:
        raise ValidationError(_("Dit MDO is geannuleerd."))
    if not mdo_consent_given(agendapunt.traject):
        raise PermissionDenied
    agendapunt = Agendapunt.objects.select_for_update().get(pk=agendapunt.pk)
    if advies.strip() and advies != agendapunt.advies:
        agendapunt.advies = advies.strip()
        agendapunt.advice_by = by
        agendapunt.advice_at = timezone.now()
        agendapunt.save(update_fields=["advies", "advice_by", "advice_at"])
    if actie_wat.strip():
        actie = Adviesactie.objects.create(
            agendapunt=agendapunt,
            wat=actie_wat.strip(),
            organisatie=actie_organisatie,
            wanneer=actie_wanneer,
            proposed_by=by,
        )
        casemanager = agendapunt.traject.casemanager
        if casemanager is not None and casemanager.pk != by.pk:
            notify_staff(
                user=casemanager,
                kind=ADVICE_WAITING,
                key=f"{ADVICE_WAITING}:{actie.pk}",
                context={"adviesactie_id": actie.pk},
            )
    elif not advies.strip():
        raise ValidationError(_("Schrijf een advies of een actie."))
    return agendapunt


def _handle(actie: Adviesactie, by: User) -> Adviesactie:
    traject = actie.agendapunt.traject
    if not can_work_on(by, traject):
        raise PermissionDenied
    actie = Adviesactie.objects.select_for_update().get(pk=actie.pk)
    if actie.status != AdviesactieStatus.VOORGESTELD:
        raise ValidationError(_("Deze actie is al afgehandeld."))
    return actie


@transaction.atomic
def adviesactie_accept(*, actie: Adviesactie, by: User) -> Adviesactie:
    """The casemanager takes an action from the MDO into the family's plan (a new version)."""
    actie = _handle(actie, by)
    traject = actie.agendapunt.traject
    current = cm_services.plan_current(traject.gezin)
    nieuw = {
        "wat": actie.wat,
        "wie": ActieWie.ORGANISATIE if actie.organisatie else ActieWie.CASEMANAGER,
        "organisatie_id": actie.organisatie_id,
        "organisatie_naam": actie.organisatie.name if actie.organisatie else "",
        "wanneer": actie.wanneer.isoformat() if actie.wanneer else "",
        "status": ActieStatus.OPEN,
    }
    mdo_date = timezone.localtime(actie.agendapunt.mdo.starts_at)
    if current is None:
        # No plan yet: the first version starts from the question for the team.
        gezinsvraag = actie.agendapunt.vraag
        doelen: list[dict] = []
        acties = [nieuw]
        evaluatie = next_evaluation_day(traject)
    else:
        gezinsvraag, doelen = current.gezinsvraag, current.doelen
        acties = [*current.acties, nieuw]
        evaluatie = current.evaluatie_datum
    cm_services.plan_save_version(
        traject=traject,
        by=by,
        gezinsvraag=gezinsvraag,
        doelen=doelen,
        acties=acties,
        evaluatie_datum=evaluatie,
        wijziging=_("Advies MDO van %(date)s overgenomen") % {"date": f"{mdo_date:%d-%m-%Y}"},
    )
    actie.status = AdviesactieStatus.OVERGENOMEN
    actie.handled_by, actie.handled_at = by, timezone.now()
    actie.save(update_fields=["status", "handled_by", "handled_at"])
    return actie


@transaction.atomic
def adviesactie_decline(*, actie: Adviesactie, by: User) -> Adviesactie:
    """The casemanager does not take this action into the plan (kept, with who decided)."""
    actie = _handle(actie, by)
    actie.status = AdviesactieStatus.AFGEWEZEN
    actie.handled_by, actie.handled_at = by, timezone.now()
    actie.save(update_fields=["status", "handled_by", "handled_at"])
    return actie
