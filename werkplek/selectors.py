"""What each role's start page shows: the work that needs the user now. Composed from the
domain apps' selectors and permission rules (werkplek sits above them all); every queryset is
scoped to the user inside the query, by the same rule the domain pages use.

Each list is counted in the database and cut to a few rows for the page; the counts are what
the domain pages show (the open registrations: `Aanmelding.objects.visible_to(user).open()`,
what the inbox lists by default)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aanmelding.constants import Status
from aanmelding.models import Aanmelding
from aanmelding.permissions import may_use_aanmeldpunt
from aanmelding.selectors import Wachttijd, wachttijden_eerste_contact
from casemanagement.models import Traject, Verwijzing
from casemanagement.permissions import TRAJECT_WORK, may_use_trajecten
from casemanagement.selectors import Deadline, caseload
from casemanagement.termijnen import termijnen_by_subject
from ivh.accounts.constants import Role
from ivh.accounts.models import User
from ivh.termijnen.constants import Niveau, Onderwerp, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import current_norm_amounts
from mdo.constants import Antwoord, DeelnemerSoort, MdoStatus
from mdo.models import Agendapunt, Deelnemer, Mdo
from mdo.permissions import may_use_mdo
from mdo.selectors import mdo_list, mdo_waitlist, without_answer

# How many rows of each list the start page shows; the count says how many there are.
SHOWN = 8
# "This week's MDOs": the meetings of the coming seven days, today included.
MDO_WEEK = timedelta(days=7)
# A casemanager's deadline counts as "due" this many days ahead.
DUE_WITHIN = timedelta(days=14)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- coordinator ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EersteContact:
    aanmelding: Aanmelding
    wachttijd: Wachttijd

    @property
    def uiterlijk(self) -> date | None:
        """The last day within the norm, from the stored deadline (None without one)."""
        return self.wachttijd.uiterlijk

    @property
    def status(self) -> str:
        """ "te_laat", "vandaag" (the deadline's warning level) or "op_tijd"."""
        if self.wachttijd.over_norm:
            return "te_laat"
        return "vandaag" if self.wachttijd.bijna else "op_tijd"


@dataclass(frozen=True)
class MdoWachtend:
    traject: Traject
    weken: int  # whole weeks since the registration
    termijn: Termijn | None  # the traject's MDO deadline; None while it has not started
    level: str  # "" or the Niveau the deadline has reached
    gepland_op: datetime | None  # the planned MDO it is on, if any

    @property
    def norm_weken(self) -> int | None:
        return self.termijn.norm.amount if self.termijn is not None else None

    @property
    def uiterlijk(self) -> date | None:
        return self.termijn.last_day if self.termijn is not None else None

    @property
    def over_norm(self) -> bool:
        return self.level in (Niveau.OVER, Niveau.VER_OVER)


@dataclass(frozen=True)
class MdoDezeWeek:
    mdo: Mdo
    zonder_antwoord: list[Deelnemer]


@dataclass
class CoordinatorWork:
    open_count: int = 0
    nieuw_count: int = 0
    eerste_contact_count: int = 0
    eerste_contact_te_laat: int = 0
    eerste_contact: list[EersteContact] = field(default_factory=list)
    mdo_wachtend_count: int = 0
    mdo_wachtend_te_laat: int = 0
    mdo_wachtend: list[MdoWachtend] = field(default_factory=list)
    mdos: list[MdoDezeWeek] = field(default_factory=list)
    # (region id, working days): each region's current first-contact norm, for its card.
    eerste_contact_normen: list[tuple[int, int]] = field(default_factory=list)

    @property
    def client_refs(self) -> list[str]:
        """The clients this page names (for the access log)."""
        refs = [row.aanmelding.audit_client_ref for row in self.eerste_contact]
        refs += [k.reference for row in self.mdo_wachtend for k in row.traject.gezin.kinderen.all()]
        return refs

    @property
    def region_ids(self) -> list[int | None]:
        return [row.aanmelding.region_id for row in self.eerste_contact] + [
            row.traject.region_id for row in self.mdo_wachtend
        ]


def _eerste_contact(user: User, today: date) -> tuple[int, int, list[EersteContact]]:
    """Open registrations without a first contact, the longest waiting first: how many, how
    many past their stored deadline, and the first few. One query for all their deadlines
    (`wachttijden_eerste_contact`), over the open registrations only, which an aanmeldpunt
    keeps to a few dozen."""
    waiting = list(
        Aanmelding.objects.visible_to(user)
        .open()
        .filter(first_contact_at__isnull=True)
        .select_related("region", "gemeente")
        .order_by("received_at", "pk")
    )
    wachttijden = wachttijden_eerste_contact(waiting, today)
    rows = [
        EersteContact(aanmelding, wachttijd)
        for aanmelding in waiting
        # None: a duplicate, which waits on the earlier registration's clock.
        if (wachttijd := wachttijden[aanmelding.pk]) is not None
    ]
    te_laat = sum(1 for row in rows if row.wachttijd.over_norm)
    return len(rows), te_laat, rows[:SHOWN]


def _mdo_wachtend(user: User, today: date) -> tuple[int, int, list[MdoWachtend]]:
    regions = user.coordinator_region_ids()
    if not regions:
        return 0, 0, []
    trajecten = list(mdo_waitlist(regions).prefetch_related("gezin__kinderen"))
    termijnen = termijnen_by_subject(Onderwerp.TRAJECT, Regel.MDO, [t.pk for t in trajecten])
    now = timezone.now()
    rows = []
    for traject in trajecten:
        termijn = termijnen.get(traject.pk)
        rows.append(
            MdoWachtend(
                traject=traject,
                weken=(today - timezone.localdate(traject.received_at)).days // 7,
                termijn=termijn,
                level=termijn.level_at(now) if termijn is not None else "",
                gepland_op=getattr(traject, "gepland_op", None),  # annotated by mdo_waitlist
            )
        )
    te_laat = sum(1 for row in rows if row.over_norm)
    return len(rows), te_laat, rows[:SHOWN]


def _mdos_deze_week(user: User, today: date, *, region_ids: set[int] | None = None) -> list[Mdo]:
    start = _day_start(today)
    qs = mdo_list(user).filter(
        status=MdoStatus.GEPLAND, starts_at__gte=start, starts_at__lt=start + MDO_WEEK
    )
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    return list(
        qs.prefetch_related(
            Prefetch(
                "deelnemers",
                queryset=without_answer(Deelnemer.objects.all()),
                to_attr="zonder_antwoord",
            )
        ).order_by("starts_at")
    )


def coordinator_work(user: User, today: date | None = None) -> CoordinatorWork | None:
    """The aanmeldpunt and MDO work of a coordinator's regions, or None for others."""
    if not may_use_aanmeldpunt(user):
        return None
    today = today or timezone.localdate()
    counts = (
        Aanmelding.objects.visible_to(user)
        .open()
        .aggregate(open=Count("pk"), nieuw=Count("pk", filter=Q(status=Status.NIEUW)))
    )
    work = CoordinatorWork(open_count=counts["open"], nieuw_count=counts["nieuw"])
    work.eerste_contact_count, work.eerste_contact_te_laat, work.eerste_contact = _eerste_contact(
        user, today
    )
    work.mdo_wachtend_count, work.mdo_wachtend_te_laat, work.mdo_wachtend = _mdo_wachtend(
        user, today
    )
    work.mdos = [
        MdoDezeWeek(mdo, getattr(mdo, "zonder_antwoord", []))  # prefetched
        for mdo in _mdos_deze_week(user, today, region_ids=user.coordinator_region_ids())
    ]
    work.eerste_contact_normen = sorted(
        current_norm_amounts(user.coordinator_region_ids(), Regel.EERSTE_CONTACT).items()
    )
    return work


# --- casemanager ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GezinAandacht:
    """One of the casemanager's families with what is due."""

    traject: Traject
    redenen: list[str]
    volgende: Deadline | None
    te_laat: bool


@dataclass
class CasemanagerWork:
    open_count: int = 0
    aandacht_count: int = 0
    gezinnen: list[GezinAandacht] = field(default_factory=list)

    @property
    def client_refs(self) -> list[str]:
        return [k.reference for row in self.gezinnen for k in row.traject.gezin.kinderen.all()]

    @property
    def region_ids(self) -> list[int | None]:
        return [row.traject.region_id for row in self.gezinnen]


def casemanager_work(user: User, today: date | None = None) -> CasemanagerWork | None:
    """The casemanager's own families (and those they cover for) with something due: a
    deadline within two weeks or past (plan, evaluation, action, MDO norm), parents'
    questions not handled, referrals that have not started, an MDO in the coming week.
    None for users who are not a casemanager."""
    if not (user.has_role(Role.CASEMANAGER) and may_use_trajecten(user)):
        return None
    today = today or timezone.localdate()
    start = _day_start(today)
    own = TRAJECT_WORK.filter(Traject.objects.all(), user)
    not_started = (
        Verwijzing.objects.filter(
            traject=OuterRef("pk"), started_at__isnull=True, ended_at__isnull=True
        )
        .order_by()
        .values("traject")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mdo_soon = Agendapunt.objects.filter(
        traject=OuterRef("pk"),
        mdo__status=MdoStatus.GEPLAND,
        mdo__starts_at__gte=start,
        mdo__starts_at__lt=start + MDO_WEEK,
    ).order_by("mdo__starts_at")
    rows = caseload(
        own.annotate(
            n_niet_gestart=Subquery(not_started),
            mdo_op=Subquery(mdo_soon.values("mdo__starts_at")[:1]),
        )
    )
    gezinnen = []
    for row in rows:
        traject = row.traject
        # Annotated above.
        n_niet_gestart: int = getattr(traject, "n_niet_gestart", None) or 0
        mdo_op: datetime | None = getattr(traject, "mdo_op", None)
        redenen = []
        volgende = row.volgende
        te_laat = volgende is not None and volgende.datum < today
        if volgende is not None and volgende.datum <= today + DUE_WITHIN:
            redenen.append(
                (
                    _("%(wat)s was uiterlijk %(datum)s")
                    if te_laat
                    else _("%(wat)s uiterlijk %(datum)s")
                )
                % {"wat": volgende.wat, "datum": _date(volgende.datum)}
            )
        if row.open_vragen:
            redenen.append(
                ngettext(
                    "%(n)d vraag van de ouders nog niet beantwoord",
                    "%(n)d vragen van de ouders nog niet beantwoord",
                    row.open_vragen,
                )
                % {"n": row.open_vragen}
            )
        if n_niet_gestart:
            redenen.append(
                ngettext(
                    "%(n)d verwijzing nog niet gestart",
                    "%(n)d verwijzingen nog niet gestart",
                    n_niet_gestart,
                )
                % {"n": n_niet_gestart}
            )
        if mdo_op:
            redenen.append(
                _("besproken in het MDO van %(wanneer)s") % {"wanneer": _datetime(mdo_op)}
            )
        if redenen:
            gezinnen.append(GezinAandacht(traject, redenen, volgende, te_laat))
    return CasemanagerWork(
        open_count=len(rows), aandacht_count=len(gezinnen), gezinnen=gezinnen[:SHOWN]
    )


def _date(day: date) -> str:
    return date_format(day, "j F")


def _datetime(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F H:i")


# --- expert ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitnodiging:
    mdo: Mdo
    antwoord: str  # Antwoord value: the user's own answer
    antwoord_label: str


def expert_invitations(user: User, today: date | None = None) -> list[Uitnodiging] | None:
    """The planned MDOs, today and later, that the user is invited to (and not withdrawn
    from), soonest first, with their own answer. None for users who are not an expert."""
    if not (user.has_role(Role.MDO_EXPERT) and may_use_mdo(user)):
        return None
    today = today or timezone.localdate()
    own = Deelnemer.objects.filter(
        mdo=OuterRef("pk"), user=user, withdrawn_at__isnull=True, soort=DeelnemerSoort.EXPERT
    )
    mdos = (
        mdo_list(user)
        .filter(Exists(own), status=MdoStatus.GEPLAND, starts_at__gte=_day_start(today))
        .annotate(eigen_antwoord=Subquery(own.values("antwoord")[:1]))
        .order_by("starts_at")
    )
    labels = dict(Antwoord.choices)
    return [
        Uitnodiging(mdo, answer, str(labels.get(answer, "")))
        for mdo in mdos
        for answer in [getattr(mdo, "eigen_antwoord", Antwoord.OPEN)]
    ]
