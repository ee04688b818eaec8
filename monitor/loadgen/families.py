"""Registrations and what follows them: intake, trajecten, MDOs, plans, referrals, contacts,
closures and surveys, each with the fact timestamps the services would have recorded.

Everything happens before `as_of` (midnight after the last day of the data set); what would
happen later has not happened yet, so the most recent families are still waiting, in intake, or
somewhere in their traject. Waits are drawn per region (its `Profile`) and per provider, so the
figures differ between regions the way they do in practice.
"""

from __future__ import annotations

import math
import random
import uuid
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from aanmelding.constants import (
    TOESTEMMING_VERSIES,
    AndereGezagsdrager,
    ContactVoorkeur,
    ContactWijze,
    Gezag,
    Kanaal,
    Status,
    ToestemmingDoel,
    VerwijzerSoort,
)
from aanmelding.models import Aanmelding, Toestemming
from casemanagement.constants import (
    ActieStatus,
    Afsluitreden,
    AkkoordWijze,
    ContactSoort,
    DoelenBehaald,
    Fase,
)
from casemanagement.models import (
    Contactmoment,
    Gezin,
    Kind,
    Ondersteuningsplan,
    OuderVraag,
    PlanAkkoord,
    PlanVersie,
    Tevredenheid,
    Traject,
    TrajectToewijzing,
    Verwijzing,
    plan_next_day,
)
from ivh.core.references import REFERENCE_ALPHABET
from ivh.netwerk.constants import ZorgDomein
from mdo.constants import AdviesactieStatus, Antwoord, DeelnemerSoort, MdoStatus
from mdo.models import Adviesactie, Agendapunt, Deelnemer, Mdo

from . import words
from .calendar import LOCAL, FastCalendar, local_day
from .network import GemeenteW, Network, Person, Provider, RegionW
from .tables import Tables

# A fixed prefix in every generated registration's submission token (a version-8 UUID, the
# kind RFC 9562 leaves to applications): `generated_token_range()` finds them, and a real
# form's token (version 4) never falls inside it.
TOKEN_MARK = 0x10AD_6E4E_7A7E
YEARS = 10

# Month weights: quieter in the summer holidays and at the turn of the year.
MONTH_WEIGHT = (1.0, 1.0, 1.1, 0.95, 1.0, 1.05, 0.7, 0.55, 1.15, 1.15, 1.15, 0.8)

REFERRERS = (
    (VerwijzerSoort.JGZ, 45),
    (VerwijzerSoort.KINDEROPVANG, 15),
    (VerwijzerSoort.HUISARTS, 10),
    (VerwijzerSoort.ZIEKENHUIS, 12),
    (VerwijzerSoort.WIJKTEAM, 10),
    (VerwijzerSoort.ONDERWIJS, 4),
    (VerwijzerSoort.ANDERS, 4),
)
CONTACT_KINDS = (
    (ContactSoort.TELEFONISCH, 35, (10, 30)),
    (ContactSoort.HUISBEZOEK, 20, (45, 120)),
    (ContactSoort.OVERLEG_PARTNER, 18, (15, 45)),
    (ContactSoort.EMAIL, 12, (5, 20)),
    (ContactSoort.BEELDBELLEN, 6, (20, 45)),
    (ContactSoort.GESPREK_LOCATIE, 6, (30, 90)),
    (ContactSoort.CONSULT, 3, (30, 60)),
)
CLOSURE_REASONS = (
    (Afsluitreden.DOELEN_BEREIKT, 40, DoelenBehaald.JA),
    (Afsluitreden.SPECIALISTISCHE_ZORG, 25, DoelenBehaald.DEELS),
    (Afsluitreden.REGULIERE_ZORG, 15, DoelenBehaald.JA),
    (Afsluitreden.VERHUISD, 5, DoelenBehaald.DEELS),
    (Afsluitreden.OUDERS_GESTOPT, 7, DoelenBehaald.NEE),
    (Afsluitreden.GEEN_CONTACT, 5, DoelenBehaald.NEE),
    (Afsluitreden.OVERIG, 3, DoelenBehaald.DEELS),
)


def generated_token_range() -> tuple[uuid.UUID, uuid.UUID]:
    """The lowest and highest submission token the generator can write (an index range)."""
    return uuid.UUID(int=TOKEN_MARK << 80), uuid.UUID(int=((TOKEN_MARK + 1) << 80) - 1)


def _token(rng: random.Random) -> uuid.UUID:
    bits = rng.getrandbits(80)
    # Version 8 in the version nibble, RFC 9562 variant bits: a valid UUID of its own kind.
    bits = (bits & ~(0xF << 76)) | (0x8 << 76)
    bits = (bits & ~(0x3 << 62)) | (0x2 << 62)
    return uuid.UUID(int=(TOKEN_MARK << 80) | bits)


@dataclass(slots=True)
class Registration:
    ref: str
    region: RegionW
    gemeente: GemeenteW
    postcode: str
    received_at: datetime
    kanaal: str
    verwijzer_soort: str
    child: str
    born: date
    ouder: str
    phone: str
    email: str
    domains: list[str]
    consent_mdo: bool
    consent_partners: bool
    taal: str
    token: uuid.UUID
    id: int = 0
    status: str = Status.NIEUW
    first_contact_at: datetime | None = None
    first_contact_by: Person | None = None
    closed_at: datetime | None = None
    closed_by: Person | None = None
    toelichting: str = ""
    verwezen: tuple[int, int] | None = None
    forwarded_to: str = ""
    duplicate_of: Registration | None = None
    traject: Trajectory | None = None


@dataclass(slots=True)
class Referral:
    provider: Provider
    dienst_id: int
    referred: date
    started: date | None
    ended: date | None
    id: int = 0


@dataclass(slots=True)
class PlanVersion:
    created_at: datetime
    agreed_at: datetime | None
    evaluatie: date
    id: int = 0


@dataclass(slots=True)
class Trajectory:
    reg: Registration
    assigned_at: datetime
    casemanager: Person
    coordinator: Person
    id: int = 0
    gezin_id: int = 0
    gezin_ref: str = ""
    kind_refs: list[str] = field(default_factory=list)
    reassigned: tuple[datetime, Person] | None = None
    needs_mdo: bool = False
    mdo_target: date | None = None
    mdo: Meeting | None = None
    plan: list[PlanVersion] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    closed_at: datetime | None = None
    reason: tuple[str, str] | None = None
    fase: str = Fase.START
    contacts: list[tuple[date, str, int, Person]] = field(default_factory=list)
    survey_invited: datetime | None = None
    survey_answered: datetime | None = None

    @property
    def mdo_held_at(self) -> datetime | None:
        return self.mdo.starts_at if self.mdo and self.mdo.held else None

    @property
    def plan_agreed_at(self) -> datetime | None:
        return next((v.agreed_at for v in self.plan if v.agreed_at), None)

    def casemanager_on(self, moment: datetime) -> Person:
        if self.reassigned and moment >= self.reassigned[0]:
            return self.reassigned[1]
        return self.casemanager


@dataclass(slots=True)
class Meeting:
    region: RegionW
    starts_at: datetime
    held: bool
    cancelled: bool = False
    items: list[Trajectory] = field(default_factory=list)
    punt_ids: list[int] = field(default_factory=list)
    id: int = 0


@dataclass
class Families:
    registrations: list[Registration]
    trajecten: list[Trajectory]
    meetings: list[Meeting]


def _weighted(pairs: tuple[tuple[object, int], ...] | list[tuple[object, int]]) -> tuple:
    values = [p[0] for p in pairs]
    return values, list(accumulate(p[1] for p in pairs))


class Flow:
    def __init__(
        self,
        *,
        network: Network,
        seed: int,
        children: int,
        as_of: datetime,
        calendar: FastCalendar,
    ) -> None:
        self.net = network
        self.seed = seed
        self.children = children
        self.as_of = as_of
        self.last_day = local_day(as_of) - timedelta(days=1)
        self.first_day = self.last_day.replace(year=self.last_day.year - YEARS) + timedelta(days=1)
        self.cal = calendar
        self.rng = random.Random(f"{seed}:families")
        # References already taken (with --append): a new one never repeats one.
        self.refs: set[str] = {
            *Aanmelding.objects.values_list("reference", flat=True),
            *Gezin.objects.values_list("reference", flat=True),
            *Kind.objects.values_list("reference", flat=True),
        }
        self._referrers = _weighted(REFERRERS)
        self._contacts = _weighted([(c, w) for c, w, _m in CONTACT_KINDS])
        self._minutes = {c: m for c, _w, m in CONTACT_KINDS}
        self._closures = _weighted([((r, d), w) for r, w, d in CLOSURE_REASONS])

    # --- helpers ------------------------------------------------------------------------

    def reference(self, prefix: str) -> str:
        rng = self.rng
        while True:
            chars = "".join(rng.choices(REFERENCE_ALPHABET, k=8))
            ref = f"{prefix}-{chars[:4]}-{chars[4:]}"
            if ref not in self.refs:
                self.refs.add(ref)
                return ref

    def moment(self, day: date, start_hour: float = 8.5, end_hour: float = 17.0) -> datetime:
        minutes = self.rng.randrange(int(start_hour * 60), int(end_hour * 60))
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=LOCAL)

    def workday_moment(self, day: date) -> datetime:
        return self.moment(self.cal.next_workday(day))

    def before_as_of(self, moment: datetime | None) -> datetime | None:
        return moment if moment is not None and moment < self.as_of else None

    def lognormal_days(self, median: float, sigma: float) -> float:
        return self.rng.lognormvariate(math.log(max(median, 0.5)), sigma)

    # --- registrations ------------------------------------------------------------------

    def _days(self) -> tuple[list[date], list[float]]:
        """Every day of the ten years with its weight: growth, season, weekday, holidays."""
        days, weights = [], []
        day = self.first_day
        while day <= self.last_day:
            years_in = (day - self.first_day).days / 365.25
            weight = (0.88 + 0.03 * years_in) * MONTH_WEIGHT[day.month - 1]
            if day.year == 2020 and 3 <= day.month <= 5:
                weight *= 0.6  # the first lockdown
            if day.weekday() >= 5:
                weight *= 0.07
            elif not self.cal.is_workday(day):
                weight *= 0.1
            days.append(day)
            weights.append(weight)
            day += timedelta(days=1)
        return days, list(accumulate(weights))

    def registrations(self) -> list[Registration]:
        rng = self.rng
        days, day_weights = self._days()
        gemeenten = [g for g in self.net.gemeenten if g.ranges]
        place_weights = list(accumulate(g.kinderen * g.region.profile.reach for g in gemeenten))
        received_days = sorted(rng.choices(days, cum_weights=day_weights, k=self.children))
        places = rng.choices(gemeenten, cum_weights=place_weights, k=self.children)
        out = [self._registration(day, g) for day, g in zip(received_days, places, strict=True)]
        for reg in out:
            self._intake(reg)
        duplicates = [self._duplicate(reg) for reg in out if rng.random() < 0.03]
        everything = out + [d for d in duplicates if d is not None]
        everything.sort(key=lambda r: r.received_at)
        return everything

    def _registration(self, day: date, gemeente: GemeenteW) -> Registration:
        rng = self.rng
        workday = self.cal.is_workday(day)
        professional = workday and rng.random() < 0.7
        if professional:
            received = self.moment(day, 8.5, 17.0)
            soort = rng.choices(self._referrers[0], cum_weights=self._referrers[1])[0]
        else:
            received = self.moment(day, 7.0, 23.0)
            soort = ""
        van, tot = rng.choice(gemeente.ranges)
        letters = "".join(rng.choices("ABCDEGHJKLMNPRSTVWXZ", k=2))
        surname = rng.choice(words.SURNAMES)
        ouder = f"{rng.choice(words.ADULT_NAMES)} {surname}"
        phone = f"06 {rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.93 else ""
        email = ""
        if not phone or rng.random() < 0.8:
            handle = surname.lower().replace(" ", "").replace("'", "")
            email = f"{ouder.split()[0].lower()}.{handle}{rng.randrange(100)}@ouder.loadgen.invalid"
        n_domains = rng.choice((1, 1, 2, 2, 3))
        domains = rng.sample([d.value for d in ZorgDomein], n_domains)
        age_days = int(rng.triangular(0.3, 6.9, 2.3) * 365.25)
        return Registration(
            ref=self.reference("A"),
            region=gemeente.region,
            gemeente=gemeente,
            postcode=f"{rng.randint(van, tot)} {letters}",
            received_at=received,
            kanaal=Kanaal.PROFESSIONAL if professional else Kanaal.OUDER,
            verwijzer_soort=soort,
            child=rng.choice(words.CHILD_NAMES),
            born=day - timedelta(days=age_days),
            ouder=ouder,
            phone=phone,
            email=email,
            domains=domains,
            consent_mdo=rng.random() < 0.93,
            consent_partners=rng.random() < 0.88,
            taal="en" if rng.random() < 0.04 else "nl",
            token=_token(rng),
        )

    def _first_contact(self, reg: Registration) -> datetime:
        """Within the region's norm in its share of cases, later otherwise."""
        rng = self.rng
        norm = reg.region.norms["eerste_contact"].amount
        if rng.random() < reg.region.profile.contact_within:
            wait = min(int(rng.expovariate(1 / max(norm / 3, 0.8))), norm)
        else:
            wait = norm + 1 + int(rng.expovariate(1 / max(norm * 0.8, 2)))
        received_day = local_day(reg.received_at)
        if wait == 0 and self.cal.is_workday(received_day):
            return reg.received_at + timedelta(minutes=rng.randrange(20, 240))
        day = self.cal.add_workdays(received_day, max(wait, 1))
        return self.moment(day)

    def _intake(self, reg: Registration) -> None:
        """First contact and the intake's outcome; what falls after `as_of` has not happened."""
        rng = self.rng
        coordinator = rng.choice(reg.region.coordinators)
        outcome = rng.random()
        first: datetime | None = self._first_contact(reg)
        status: str
        closed: datetime | None
        assert first is not None
        if outcome < 0.015:
            # Lives elsewhere: forwarded, often before anyone called.
            if rng.random() < 0.6:
                first = None
            day = self.cal.add_workdays(local_day(reg.received_at), rng.randint(1, 3))
            closed = max(self.moment(day), first or reg.received_at) + timedelta(minutes=5)
            status = Status.DOORGESTUURD
            others = [r.name for r in self.net.regions if r is not reg.region] or ["Buitenland"]
            reg.forwarded_to = f"IVH {rng.choice(others)}"
            reg.toelichting = "Het gezin woont in een andere regio."
        elif outcome < 0.035:
            # Outside the target group: the form only takes children under seven, so the reason
            # is the question itself (a parenting question for the wijkteam, no developmental worry).
            closed = first + timedelta(hours=rng.randrange(1, 72))
            status = Status.BUITEN_DOELGROEP
            reg.toelichting = "Een opvoedvraag zonder zorg over de ontwikkeling: naar het wijkteam."
        elif outcome < 0.135:
            closed, status = self._decision(first, 8), Status.ADVIES
            reg.toelichting = "Advies gegeven aan de ouders."
        elif outcome < 0.21:
            provider = rng.choice(reg.region.providers)
            reg.verwezen = (provider.organisatie_id, rng.choice(provider.diensten)[0])
            closed, status = self._decision(first, 10), Status.VERWEZEN
            reg.toelichting = "Direct verwezen."
        else:
            delay = self.lognormal_days(reg.region.profile.assign_days, 0.6)
            assigned_day = self.cal.next_workday(local_day(first) + timedelta(days=int(delay)))
            closed = max(self.moment(assigned_day), first + timedelta(minutes=30))
            status = Status.TRAJECT
        if first is not None and first >= self.as_of:
            first = None
            if status != Status.DOORGESTUURD:
                closed = None
        if closed is not None and closed >= self.as_of:
            closed = None
        if first is not None:
            reg.first_contact_at, reg.first_contact_by = first, coordinator
        if closed is None:
            reg.status = Status.IN_BEHANDELING if first else Status.NIEUW
            reg.verwezen, reg.forwarded_to, reg.toelichting = None, "", ""
            return
        reg.status, reg.closed_at, reg.closed_by = status, closed, coordinator
        if status == Status.TRAJECT:
            reg.toelichting = ""
            reg.traject = Trajectory(
                reg=reg,
                assigned_at=closed,
                casemanager=rng.choice(reg.region.casemanagers),
                coordinator=coordinator,
            )

    def _decision(self, first: datetime, max_workdays: int) -> datetime:
        days = int(self.rng.expovariate(1 / 3))
        if days == 0:
            return first + timedelta(minutes=self.rng.randrange(10, 120))
        return self.moment(self.cal.add_workdays(local_day(first), min(days, max_workdays)))

    def _duplicate(self, original: Registration) -> Registration | None:
        """The same child registered again (the other channel, days or weeks later)."""
        rng = self.rng
        received = original.received_at + timedelta(minutes=rng.randrange(60, 60 * 24 * 45))
        if received >= self.as_of:
            return None
        professional = original.kanaal != Kanaal.PROFESSIONAL
        if professional and not self.cal.is_workday(local_day(received)):
            professional = False
        soort = (
            rng.choices(self._referrers[0], cum_weights=self._referrers[1])[0]
            if professional
            else ""
        )
        dup = Registration(
            ref=self.reference("A"),
            region=original.region,
            gemeente=original.gemeente,
            postcode=original.postcode,
            received_at=received,
            kanaal=Kanaal.PROFESSIONAL if professional else Kanaal.OUDER,
            verwijzer_soort=soort,
            child=original.child,
            born=original.born,
            ouder=original.ouder,
            phone=original.phone,
            email=original.email,
            domains=original.domains,
            consent_mdo=original.consent_mdo,
            consent_partners=original.consent_partners,
            taal=original.taal,
            token=_token(rng),
        )
        closed = self.moment(self.cal.add_workdays(local_day(received), rng.randint(1, 4)))
        if closed < self.as_of:
            dup.status, dup.closed_at = Status.DUBBEL, closed
            dup.closed_by, dup.duplicate_of = rng.choice(dup.region.coordinators), original
            dup.toelichting = "Dezelfde aanmelding kwam ook via een ander kanaal binnen."
        return dup

    # --- trajecten ----------------------------------------------------------------------

    def trajecten(
        self, registrations: list[Registration]
    ) -> tuple[list[Trajectory], list[Meeting]]:
        trajecten = sorted(
            (r.traject for r in registrations if r.traject is not None),
            key=lambda t: t.assigned_at,
        )
        rng = self.rng
        for t in trajecten:
            profile = t.reg.region.profile
            t.needs_mdo = t.reg.consent_mdo and rng.random() < profile.mdo_share
            if t.needs_mdo:
                weeks = self.lognormal_days(profile.mdo_weeks, 0.35)
                target = local_day(t.reg.received_at) + timedelta(days=int(weeks * 7))
                t.mdo_target = max(target, local_day(t.assigned_at) + timedelta(days=5))
        meetings = self._schedule_meetings(trajecten)
        for t in trajecten:
            self._course(t)
        return trajecten, meetings

    def _schedule_meetings(self, trajecten: list[Trajectory]) -> list[Meeting]:
        """Each region meets on a fixed weekday; a family goes to the first meeting on or
        after the date it was asked for that has room (so queues form where capacity is
        short). Meetings up to ten weeks ahead are already planned."""
        rng = self.rng
        horizon = self.last_day + timedelta(weeks=10)
        meetings: list[Meeting] = []
        waiting: dict[int, list[Trajectory]] = defaultdict(list)
        for t in trajecten:
            if t.needs_mdo:
                waiting[t.reg.region.id].append(t)
        for region in self.net.regions:
            queue = sorted(waiting.get(region.id, []), key=lambda t: t.mdo_target or self.first_day)
            if not queue:
                continue
            # Places for the region's demand: a region that plans tightly (load near 1) has
            # queues in the busy months, one with room has none. Biweekly where that suffices,
            # else weekly, on more weekdays when one meeting would be too long.
            span = max((self.last_day - self.first_day).days, 1)
            places_per_week = len(queue) / span * 7 / region.profile.mdo_load
            if region.profile.mdo_interval == 14 and places_per_week * 2 <= 10:
                interval, per_week = 14, 1
                capacity = max(2, math.ceil(places_per_week * 2))
            else:
                interval, per_week = 7, max(1, math.ceil(places_per_week / 10))
                capacity = max(2, math.ceil(places_per_week / per_week))
            region.mdo_capacity = capacity
            first_weekday = rng.randrange(0, 5 - per_week + 1)
            sessions: list[Meeting] = []
            for weekday in range(first_weekday, first_weekday + per_week):
                day = self.first_day + timedelta(days=(weekday - self.first_day.weekday()) % 7)
                while day <= horizon:
                    if self.cal.is_workday(day):
                        starts = datetime.combine(day, time(13, 30), tzinfo=LOCAL)
                        sessions.append(
                            Meeting(
                                region,
                                starts,
                                held=starts < self.as_of,
                                cancelled=rng.random() < 0.02,
                            )
                        )
                    day += timedelta(days=interval)
            sessions.sort(key=lambda m: m.starts_at)
            session_days = [local_day(m.starts_at) for m in sessions]
            position = 0
            for t in queue:
                assert t.mdo_target is not None
                index = max(bisect_left(session_days, t.mdo_target), position)
                while index < len(sessions) and (
                    sessions[index].cancelled or len(sessions[index].items) >= capacity
                ):
                    index += 1
                if index >= len(sessions):
                    continue
                sessions[index].items.append(t)
                t.mdo = sessions[index]
                # The meetings before `position` are full: the next family starts looking there.
                while position < len(sessions) and len(sessions[position].items) >= capacity:
                    position += 1
            meetings.extend(s for s in sessions if s.items or (s.cancelled and s.held))
        return meetings

    def _course(self, t: Trajectory) -> None:
        """Plan, referrals, contacts and closure of one traject, each before `as_of`."""
        rng = self.rng
        profile = t.reg.region.profile
        start = t.assigned_at
        mdo_at = t.mdo_held_at
        waiting_for_mdo = t.needs_mdo and mdo_at is None
        # The first plan a few weeks in, after the MDO when there is one.
        if mdo_at is not None:
            first_plan = mdo_at + timedelta(days=rng.randint(2, 12))
        else:
            first_plan = start + timedelta(days=rng.randint(12, 35))
        first_plan = self.workday_moment(local_day(first_plan))
        closes = start + timedelta(days=min(max(self.lognormal_days(290, 0.5), 60), 900))
        if mdo_at is not None:
            closes = max(closes, mdo_at + timedelta(days=30))
        # Referrals to vervolghulp, from the plan on; the help starts after the provider's wait.
        last_event = max(start, first_plan)
        n = 0 if waiting_for_mdo or rng.random() < 0.2 else min(1 + int(rng.expovariate(2)), 4)
        for _ in range(n):
            referred = local_day(first_plan) + timedelta(days=rng.randint(0, 45))
            if referred >= local_day(min(closes, self.as_of)):
                continue
            provider = rng.choice(t.reg.region.providers)
            dienst_id, median = rng.choice(provider.diensten)
            started: date | None = referred + timedelta(days=int(self.lognormal_days(median, 0.45)))
            ended: date | None = None
            if started is not None and started > self.last_day:
                started = None
            if started is not None:
                last_event = max(last_event, self.moment(started))
                if rng.random() < 0.5:
                    ended = started + timedelta(days=rng.randint(60, 360))
                    if ended > self.last_day:
                        ended = None
            t.referrals.append(Referral(provider, dienst_id, referred, started, ended))
        closes = self.workday_moment(
            local_day(max(closes, last_event + timedelta(days=rng.randint(7, 40))))
        )
        if waiting_for_mdo:
            closes = self.as_of
        # Plan versions: one at the start, a new one after each evaluation (about every six
        # months), the parents agreeing to most.
        version_at, agree_share = first_plan, profile.plan_agree
        until = min(closes, self.as_of)
        while version_at < until and not waiting_for_mdo:
            agreed: datetime | None = None
            if rng.random() < agree_share:
                agreed = max(
                    self.moment(local_day(version_at) + timedelta(days=rng.randint(0, 20))),
                    version_at + timedelta(minutes=30),
                )
                if agreed >= until:
                    agreed = None
            evaluatie = local_day(version_at) + timedelta(days=182)
            t.plan.append(PlanVersion(version_at, agreed, evaluatie))
            agree_share = 0.85
            next_at = self.workday_moment(evaluatie + timedelta(days=int(rng.gauss(0, 20))))
            version_at = max(next_at, (agreed or version_at) + timedelta(days=1))
        if closes < self.as_of:
            t.closed_at = closes
            t.reason = rng.choices(self._closures[0], cum_weights=self._closures[1])[0]
            t.fase = Fase.AFGESLOTEN
        else:
            t.fase = self._open_fase(t)
        end = t.closed_at or self.as_of
        # A change of casemanager now and then (leave, caseload).
        if len(t.reg.region.casemanagers) > 1 and rng.random() < 0.08:
            switch = start + (end - start) * rng.uniform(0.2, 0.8)
            other = rng.choice([c for c in t.reg.region.casemanagers if c is not t.casemanager])
            t.reassigned = (switch, other)
        # Contacts: a home visit to start, then about one a month.
        days = max((local_day(end) - local_day(start)).days, 1)
        count = 1 + max(0, int(days / 30 * rng.uniform(0.6, 1.4)))
        first_visit = local_day(start) + timedelta(days=rng.randint(2, 10))
        if first_visit <= local_day(end - timedelta(seconds=1)):
            who = t.casemanager_on(self.moment(first_visit))
            t.contacts.append((first_visit, ContactSoort.HUISBEZOEK, rng.randint(60, 120), who))
        for _ in range(count - 1):
            day = local_day(start) + timedelta(days=rng.randrange(days))
            if day >= local_day(self.as_of):
                continue
            soort = rng.choices(self._contacts[0], cum_weights=self._contacts[1])[0]
            low, high = self._minutes[soort]
            minutes = rng.randint(low, high)
            t.contacts.append((day, soort, minutes, t.casemanager_on(self.moment(day))))
        # The survey after closure goes to parents with an e-mail address.
        if t.closed_at is not None and t.reg.email:
            t.survey_invited = t.closed_at + timedelta(minutes=rng.randint(2, 30))
            if t.survey_invited >= self.as_of:
                t.survey_invited = None
            elif rng.random() < profile.survey_response:
                t.survey_answered = self.before_as_of(
                    t.survey_invited + timedelta(days=self.lognormal_days(4, 0.9))
                )

    def _open_fase(self, t: Trajectory) -> str:
        if t.needs_mdo and t.mdo_held_at is None:
            return Fase.MDO
        agreed = [v for v in t.plan if v.agreed_at]
        if not t.plan:
            return Fase.PLAN if t.mdo_held_at else Fase.START
        if not agreed:
            return Fase.PLAN
        return Fase.EVALUATIE if agreed[-1].evaluatie < self.last_day else Fase.UITVOERING


def build(
    *,
    tables: Tables,
    network: Network,
    seed: int,
    children: int,
    as_of: datetime,
    calendar: FastCalendar,
) -> Families:
    flow = Flow(network=network, seed=seed, children=children, as_of=as_of, calendar=calendar)
    registrations = flow.registrations()
    trajecten, meetings = flow.trajecten(registrations)
    Writer(tables, flow).write(registrations, trajecten, meetings)
    return Families(registrations, trajecten, meetings)


class Writer:
    """Rows for every table from the generated families (ids handed out here)."""

    def __init__(self, tables: Tables, flow: Flow) -> None:
        self.t = tables
        self.flow = flow
        self.rng = random.Random(f"{flow.seed}:rows")

    def write(
        self,
        registrations: list[Registration],
        trajecten: list[Trajectory],
        meetings: list[Meeting],
    ) -> None:
        self._registrations(registrations)
        self._trajecten(trajecten)
        self._meetings(meetings)

    def _registrations(self, registrations: list[Registration]) -> None:
        rng = self.rng
        t_reg, t_consent = self.t[Aanmelding], self.t[Toestemming]
        for reg in registrations:
            reg.id = t_reg.new_id()
        for reg in registrations:
            professional = reg.kanaal == Kanaal.PROFESSIONAL
            referrer_org = words.VERWIJZER_ORGANISATIES.get(reg.verwijzer_soort, "")
            gezag = rng.choices(
                (Gezag.BEIDE_OUDERS, Gezag.EEN_OUDER, Gezag.VOOGD, Gezag.WEET_NIET),
                cum_weights=(75, 95, 97, 100),
            )[0]
            andere = (
                rng.choices(
                    (
                        AndereGezagsdrager.WEET_EN_AKKOORD,
                        AndereGezagsdrager.WEET_NIET_AKKOORD,
                        AndereGezagsdrager.WEET_NIET,
                    ),
                    cum_weights=(85, 88, 100),
                )[0]
                if gezag == Gezag.BEIDE_OUDERS
                else AndereGezagsdrager.NVT
            )
            zorg = " ".join(rng.choice(words.ZORG[d]) for d in reg.domains)
            t_reg.add(
                reg.id,
                reg.ref,
                reg.token,
                reg.kanaal,
                reg.verwijzer_soort,
                f"{rng.choice(words.ADULT_NAMES)} {rng.choice(words.SURNAMES)}"
                if professional
                else "",
                f"{referrer_org} {reg.gemeente.name}" if professional else "",
                f"088 {rng.randrange(1_000_000, 9_999_999)}" if professional else "",
                professional,
                reg.child,
                reg.born,
                reg.ouder,
                reg.phone,
                reg.email,
                rng.choice((ContactVoorkeur.TELEFOON, ContactVoorkeur.EMAIL))
                if rng.random() < 0.5
                else ContactVoorkeur.MAAKT_NIET_UIT,
                reg.postcode,
                reg.gemeente.id,
                reg.region.id,
                zorg,
                reg.domains,
                rng.choice(words.BETROKKEN),
                gezag,
                andere,
                reg.taal,
                reg.status,
                reg.received_at,
                reg.first_contact_at,
                rng.choices(
                    (
                        ContactWijze.TELEFONISCH,
                        ContactWijze.HUISBEZOEK,
                        ContactWijze.BEELDBELLEN,
                        ContactWijze.EMAIL,
                    ),
                    cum_weights=(70, 80, 90, 100),
                )[0]
                if reg.first_contact_at
                else "",
                reg.first_contact_by.id if reg.first_contact_by else None,
                reg.closed_at,
                reg.closed_by.id if reg.closed_by else None,
                reg.toelichting,
                reg.verwezen[0] if reg.verwezen else None,
                reg.verwezen[1] if reg.verwezen else None,
                reg.region.id if reg.forwarded_to else None,
                reg.forwarded_to,
                reg.duplicate_of.id if reg.duplicate_of else None,
                "Eerste gesprek met de ouders gevoerd." if reg.first_contact_at else "",
                reg.received_at + timedelta(seconds=rng.randint(20, 300)),
            )
            versie = TOESTEMMING_VERSIES[reg.kanaal]
            for doel, given, note in (
                (ToestemmingDoel.INFORMATIE_UITWISSELING, True, ""),
                (ToestemmingDoel.MDO, reg.consent_mdo, ""),
                (
                    ToestemmingDoel.DELEN_MET_PARTNERS,
                    reg.consent_partners,
                    "Consultatiebureau en kinderopvang" if reg.consent_partners else "",
                ),
            ):
                t_consent.add(
                    t_consent.new_id(), reg.id, doel, given, note, versie, reg.received_at, None
                )

    def _trajecten(self, trajecten: list[Trajectory]) -> None:
        rng, flow = self.rng, self.flow
        t = self.t
        t_gezin, t_kind, t_traject = t[Gezin], t[Kind], t[Traject]
        t_toewijzing, t_contact, t_verwijzing = (
            t[TrajectToewijzing],
            t[Contactmoment],
            t[Verwijzing],
        )
        t_plan, t_versie, t_akkoord = t[Ondersteuningsplan], t[PlanVersie], t[PlanAkkoord]
        t_survey, t_vraag = t[Tevredenheid], t[OuderVraag]
        for tr in trajecten:
            reg = tr.reg
            tr.id = t_traject.new_id()
            tr.gezin_id = t_gezin.new_id()
            tr.gezin_ref = flow.reference("G")
            t_gezin.add(
                tr.gezin_id,
                tr.gezin_ref,
                reg.region.id,
                reg.gemeente.id,
                reg.ouder,
                reg.phone,
                reg.email,
                reg.postcode,
                tr.assigned_at,
            )
            tr.kind_refs = [reg.ref]
            t_kind.add(t_kind.new_id(), reg.ref, tr.gezin_id, reg.child, reg.born)
            if rng.random() < 0.03:
                # A brother or sister, known to the team but not registered separately.
                ref = flow.reference("K")
                tr.kind_refs.append(ref)
                born = reg.born - timedelta(days=rng.randint(400, 1500))
                t_kind.add(t_kind.new_id(), ref, tr.gezin_id, rng.choice(words.CHILD_NAMES), born)
            current = tr.reassigned[1] if tr.reassigned else tr.casemanager
            reason, behaald = tr.reason or ("", "")
            t_traject.add(
                tr.id,
                tr.gezin_id,
                reg.id,
                reg.region.id,
                reg.gemeente.id,
                current.id,
                tr.fase,
                reg.received_at,
                reg.first_contact_at,
                tr.assigned_at,
                tr.mdo_held_at,
                tr.plan_agreed_at,
                tr.closed_at,
                reason,
                behaald,
                rng.choice(words.AFSLUIT_TOELICHTING) if tr.closed_at else "",
                current.id if tr.closed_at else None,
            )
            end_first = tr.reassigned[0] if tr.reassigned else None
            t_toewijzing.add(
                t_toewijzing.new_id(),
                tr.id,
                tr.casemanager.id,
                tr.coordinator.id,
                tr.assigned_at,
                end_first,
                "Start traject na intake",
            )
            if tr.reassigned:
                t_toewijzing.add(
                    t_toewijzing.new_id(),
                    tr.id,
                    tr.reassigned[1].id,
                    tr.coordinator.id,
                    tr.reassigned[0],
                    None,
                    "Wisseling van casemanager",
                )
            for day, soort, minutes, who in sorted(tr.contacts, key=lambda c: c[0]):
                t_contact.add(
                    t_contact.new_id(),
                    tr.id,
                    day,
                    soort,
                    minutes,
                    rng.choice(words.CONTACT_NOTES),
                    who.id,
                    flow.moment(day, 9, 18),
                )
            for referral in tr.referrals:
                referral.id = t_verwijzing.new_id()
                t_verwijzing.add(
                    referral.id,
                    tr.id,
                    referral.provider.organisatie_id,
                    referral.dienst_id,
                    referral.referred,
                    referral.started,
                    referral.ended,
                    "",
                    tr.casemanager_on(flow.moment(referral.referred)).id,
                )
            if tr.plan:
                plan_id = t_plan.new_id()
                t_plan.add(plan_id, tr.gezin_id, tr.plan[0].created_at)
                domains = reg.domains
                for number, version in enumerate(tr.plan, start=1):
                    version.id = t_versie.new_id()
                    who = tr.casemanager_on(version.created_at)
                    acties = [
                        {
                            "wat": rng.choice(words.ACTIES),
                            "wie": "organisatie",
                            "organisatie_id": r.provider.organisatie_id,
                            "organisatie_naam": r.provider.name,
                            "wanneer": r.referred.isoformat(),
                            "status": ActieStatus.BEZIG if r.started else ActieStatus.OPEN,
                        }
                        for r in tr.referrals[:3]
                    ]
                    t_versie.add(
                        version.id,
                        plan_id,
                        number,
                        rng.choice(words.GEZINSVRAGEN),
                        [{"domein": d, "omschrijving": words.DOELEN[d]} for d in domains],
                        acties,
                        version.evaluatie,
                        plan_next_day(version.evaluatie, acties),
                        "Eerste plan" if number == 1 else "Na de evaluatie",
                        who.id,
                        version.created_at,
                    )
                    if version.agreed_at:
                        t_akkoord.add(
                            t_akkoord.new_id(),
                            version.id,
                            version.agreed_at,
                            rng.choice(
                                (
                                    AkkoordWijze.GESPREK,
                                    AkkoordWijze.GESPREK,
                                    AkkoordWijze.TELEFONISCH,
                                    AkkoordWijze.SCHRIFTELIJK,
                                    AkkoordWijze.OUDERLINK,
                                )
                            ),
                            who.id,
                        )
            if tr.closed_at:
                score = None
                if tr.survey_answered:
                    score = min(10, max(1, round(rng.gauss(7.9, 1.3))))
                reminded = None
                if tr.survey_invited and (
                    tr.survey_answered is None
                    or tr.survey_answered > tr.survey_invited + timedelta(days=7)
                ):
                    reminded = flow.before_as_of(tr.survey_invited + timedelta(days=7))
                terugbellen = bool(score is not None and score <= 5 and rng.random() < 0.5)
                t_survey.add(
                    t_survey.new_id(),
                    tr.id,
                    tr.survey_invited,
                    reminded,
                    score,
                    rng.choice(words.OPMERKINGEN) if score is not None else "",
                    terugbellen,
                    tr.survey_answered,
                )
                if terugbellen and tr.survey_answered:
                    handled = flow.before_as_of(tr.survey_answered + timedelta(days=2))
                    t_vraag.add(
                        t_vraag.new_id(),
                        tr.id,
                        f"Graag teruggebeld na de vragenlijst (cijfer {score}).",
                        True,
                        tr.survey_answered,
                        handled,
                        tr.casemanager_on(tr.survey_answered).id if handled else None,
                    )
            if rng.random() < 0.12:
                end = tr.closed_at or flow.as_of
                asked = tr.assigned_at + (end - tr.assigned_at) * rng.uniform(0.1, 0.9)
                handled = flow.before_as_of(asked + timedelta(days=rng.randint(0, 4)))
                if tr.closed_at and handled and handled > tr.closed_at:
                    handled = tr.closed_at
                t_vraag.add(
                    t_vraag.new_id(),
                    tr.id,
                    rng.choice(words.OUDERVRAGEN),
                    rng.random() < 0.3,
                    asked,
                    handled,
                    tr.casemanager_on(asked).id if handled else None,
                )

    def _meetings(self, meetings: list[Meeting]) -> None:
        rng, flow = self.rng, self.flow
        t_mdo, t_punt, t_deelnemer = self.t[Mdo], self.t[Agendapunt], self.t[Deelnemer]
        t_actie = self.t[Adviesactie]
        for meeting in sorted(meetings, key=lambda m: m.starts_at):
            meeting.id = t_mdo.new_id()
            region = meeting.region
            chair = rng.choice(region.coordinators)
            created = meeting.starts_at - timedelta(days=rng.randint(14, 35))
            video = rng.random() < 0.3
            uid = uuid.UUID(int=rng.getrandbits(128), version=4)
            status = (
                MdoStatus.GEANNULEERD
                if meeting.cancelled
                else MdoStatus.GEHOUDEN
                if meeting.held
                else MdoStatus.GEPLAND
            )
            t_mdo.add(
                meeting.id,
                uid,
                region.id,
                meeting.starts_at,
                30 * max(len(meeting.items), 2),
                "" if video else f"Vergaderzaal aanmeldpunt {region.name}",
                f"https://video.loadgen.invalid/{uid.hex[:12]}" if video else "",
                chair.id,
                region.mdo_capacity,
                status,
                0,
                "Besproken volgens de agenda." if meeting.held and not meeting.cancelled else "",
                meeting.starts_at if meeting.held and not meeting.cancelled else None,
                meeting.starts_at - timedelta(days=3) if meeting.cancelled else None,
                chair.id,
                created,
            )
            experts = rng.sample(region.experts, min(len(region.experts), rng.randint(3, 5)))
            people: list[tuple[str, Person]] = [(DeelnemerSoort.EXPERT, e) for e in experts]
            seen = {e.id for e in experts}
            for item in meeting.items:
                cm = item.casemanager_on(meeting.starts_at)
                if cm.id not in seen:
                    seen.add(cm.id)
                    people.append((DeelnemerSoort.CASEMANAGER, cm))
            for soort, person in people:
                answered = created + timedelta(days=rng.randint(1, 6))
                comes = rng.random() < 0.9
                answer = (
                    (Antwoord.KOMT if comes else Antwoord.KOMT_NIET)
                    if answered < flow.as_of
                    else Antwoord.OPEN
                )
                t_deelnemer.add(
                    t_deelnemer.new_id(),
                    meeting.id,
                    soort,
                    person.id,
                    None,
                    person.name,
                    person.email,
                    person.discipline,
                    person.organisatie_id,
                    answer,
                    answered if answer != Antwoord.OPEN else None,
                    (comes and rng.random() < 0.95) if meeting.held else None,
                    0,
                    created + timedelta(minutes=5),
                    created,
                )
            for position, item in enumerate(meeting.items):
                punt_id = t_punt.new_id()
                meeting.punt_ids.append(punt_id)
                held = meeting.held and not meeting.cancelled
                parents_present = held and rng.random() < region.profile.parents_present
                advice_at = (
                    flow.before_as_of(meeting.starts_at + timedelta(hours=rng.randint(2, 60)))
                    if held
                    else None
                )
                disciplines = [e.discipline for e in rng.sample(experts, min(2, len(experts)))]
                t_punt.add(
                    punt_id,
                    meeting.id,
                    item.id,
                    rng.choice(words.MDO_VRAGEN),
                    disciplines,
                    30 * position,
                    30,
                    parents_present if held else None,
                    rng.choice(words.ADVIEZEN) if advice_at else "",
                    chair.id if advice_at else None,
                    advice_at,
                    max(created, item.assigned_at),
                )
                if item.reg.email:
                    t_deelnemer.add(
                        t_deelnemer.new_id(),
                        meeting.id,
                        DeelnemerSoort.OUDER,
                        None,
                        punt_id,
                        item.reg.ouder,
                        item.reg.email,
                        "",
                        None,
                        Antwoord.KOMT if parents_present or not held else Antwoord.KOMT_NIET,
                        created + timedelta(days=2)
                        if created + timedelta(days=2) < flow.as_of
                        else None,
                        parents_present if held else None,
                        0,
                        created + timedelta(minutes=10),
                        created,
                    )
                if advice_at and rng.random() < 0.6 and item.reg.region.providers:
                    provider = rng.choice(item.reg.region.providers)
                    handled = flow.before_as_of(advice_at + timedelta(days=rng.randint(1, 14)))
                    actie_status = (
                        rng.choice(
                            (
                                AdviesactieStatus.OVERGENOMEN,
                                AdviesactieStatus.OVERGENOMEN,
                                AdviesactieStatus.OVERGENOMEN,
                                AdviesactieStatus.AFGEWEZEN,
                            )
                        )
                        if handled
                        else AdviesactieStatus.VOORGESTELD
                    )
                    t_actie.add(
                        t_actie.new_id(),
                        punt_id,
                        rng.choice(words.ACTIES),
                        provider.organisatie_id,
                        local_day(advice_at) + timedelta(days=30),
                        actie_status,
                        chair.id,
                        advice_at,
                        item.casemanager_on(advice_at).id if handled else None,
                        handled,
                    )
