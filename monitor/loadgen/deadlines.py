"""The stored deadlines, pauses and signals that the recorded facts imply.

For every subject and rule this writes what `termijnen_sync` (the pass before each scan) and the
hourly scan would have written over the years: a `Termijn` started and stopped by the same facts
(`aanmelding.feiten`, `casemanagement.feiten`), projected with the region's norm, sometimes
held for a while at the parents' request; and for each level a clock reached while it ran, the
`Signaal` the scan raised, resolved when the next level was reached or the clock stopped.
Consistency is tested: after generating, a scan at `as_of` starts, stops, raises and resolves
nothing. Resolved signals are kept for the last year only (the open ones all).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from casemanagement.constants import Fase
from casemanagement.feiten import SURVEY_OPEN_FOR
from ivh.termijnen.constants import Niveau, Onderwerp, PauzeReden, Regel
from ivh.termijnen.models import Pauze, Termijn
from signalen.models import Signaal

from .calendar import LOCAL, Deadline, FastCalendar, Norm, deadline, local_day
from .families import Families
from .network import Network, Person, RegionW
from .tables import Tables

SIGNAL_HISTORY = timedelta(days=365)
# Share of clocks held for a while, and why.
PAUSES: dict[str, tuple[float, tuple[str, ...]]] = {
    Regel.EERSTE_CONTACT: (0.015, (PauzeReden.OUDERS,)),
    Regel.MDO: (0.04, (PauzeReden.OUDERS, PauzeReden.ZIEKENHUIS)),
    Regel.PLAN: (0.03, (PauzeReden.OUDERS, PauzeReden.ZIEKENHUIS)),
    Regel.VERVOLGHULP: (0.04, (PauzeReden.ANDERE_AANBIEDER, PauzeReden.OUDERS)),
    Regel.DOORLOOPTIJD: (0.02, (PauzeReden.OUDERS,)),
}
PAUSE_NOTES: dict[str, str] = {
    PauzeReden.OUDERS: "De ouders willen eerst de vakantie afwachten.",
    PauzeReden.ZIEKENHUIS: "Het kind ligt in het ziekenhuis.",
    PauzeReden.ANDERE_AANBIEDER: "Eerst het onderzoek bij een andere aanbieder.",
}
# The scan runs every hour, a few minutes past.
SCAN_MINUTE = 7


@dataclass(frozen=True, slots=True)
class Clock:
    kind: str
    subject_id: int
    regel: str
    occurrence: int
    region: RegionW
    started_at: datetime
    stopped_at: datetime | None
    # Who would hold it (the family's casemanager, or a coordinator at intake).
    holder: Person


def _day_start_utc(day: date) -> datetime:
    """A date as the rules compare it: midnight UTC (`feiten._day_start`)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _survey_closed(invited: datetime) -> datetime | None:
    """An unanswered survey's deadline stops when the survey has had its time
    (`casemanagement.feiten.SURVEY_OPEN_FOR`)."""
    closed = invited.astimezone(UTC) + SURVEY_OPEN_FOR  # as the database adds it: in UTC
    return closed if closed <= timezone.now() else None


def clocks(families: Families) -> Iterator[Clock]:
    """Every deadline the facts start, with the moment the facts stop it."""
    for reg in families.registrations:
        yield Clock(
            Onderwerp.AANMELDING,
            reg.id,
            Regel.EERSTE_CONTACT,
            1,
            reg.region,
            reg.received_at,
            reg.first_contact_at or reg.closed_at,
            reg.closed_by or reg.region.coordinators[0],
        )
    for t in families.trajecten:
        reg, region = t.reg, t.reg.region
        holder = t.reassigned[1] if t.reassigned else t.casemanager
        if t.mdo_held_at or (t.closed_at is None and t.fase == Fase.MDO):
            yield Clock(
                Onderwerp.TRAJECT,
                t.id,
                Regel.MDO,
                1,
                region,
                reg.received_at,
                t.mdo_held_at or t.closed_at,
                holder,
            )
        yield Clock(
            Onderwerp.TRAJECT,
            t.id,
            Regel.PLAN,
            1,
            region,
            t.assigned_at,
            t.plan_agreed_at or t.closed_at,
            holder,
        )
        started = [r.started for r in t.referrals if r.started]
        yield Clock(
            Onderwerp.TRAJECT,
            t.id,
            Regel.DOORLOOPTIJD,
            1,
            region,
            reg.received_at,
            _day_start_utc(min(started)) if started else t.closed_at,
            holder,
        )
        agreements = [v.agreed_at for v in t.plan if v.agreed_at]
        for i, agreed in enumerate(agreements):
            last = i == len(agreements) - 1
            yield Clock(
                Onderwerp.TRAJECT,
                t.id,
                Regel.EVALUATIE,
                i + 1,
                region,
                agreed,
                t.closed_at if last else agreements[i + 1],
                holder,
            )
        if t.survey_invited:
            yield Clock(
                Onderwerp.TRAJECT,
                t.id,
                Regel.TEVREDENHEID,
                1,
                region,
                t.survey_invited,
                t.survey_answered or _survey_closed(t.survey_invited),
                holder,
            )
        for r in t.referrals:
            stop = (
                _day_start_utc(r.started)
                if r.started
                else _day_start_utc(r.ended)
                if r.ended
                else t.closed_at
            )
            yield Clock(
                Onderwerp.VERWIJZING,
                r.id,
                Regel.VERVOLGHULP,
                1,
                region,
                _day_start_utc(r.referred),
                stop,
                holder,
            )


def scan_after(moment: datetime) -> datetime:
    """The first hourly scan at or after `moment`."""
    at = moment.astimezone(UTC).replace(minute=SCAN_MINUTE, second=0, microsecond=0)
    return at if at >= moment else at + timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class RaisedSignal:
    level: str
    raised_at: datetime
    resolved_at: datetime | None


def signals_for(
    projection: Deadline, stopped_at: datetime | None, as_of: datetime
) -> list[RaisedSignal]:
    """The signals the hourly scan raised for one deadline version up to `as_of`.

    A level is raised by the first scan after it is reached while the clock still runs (at
    `as_of` itself: what a scan now would raise), and resolved by the scan that raises the next
    level or sees the clock stopped."""
    levels: tuple[tuple[str, datetime], ...] = (
        (Niveau.BIJNA, projection.warn_at),
        (Niveau.OVER, projection.due_at),
        (Niveau.VER_OVER, projection.far_at),
    )
    end = stopped_at if stopped_at is not None else as_of
    raised: list[tuple[str, datetime]] = []
    for level, reached in levels:
        if reached > as_of or (stopped_at is not None and reached >= stopped_at):
            break
        at = min(scan_after(reached), as_of)
        if stopped_at is not None and at >= stopped_at:
            break
        raised.append((level, at))
    out = []
    for i, (level, at) in enumerate(raised):
        if i + 1 < len(raised):
            resolved: datetime | None = raised[i + 1][1]
        elif stopped_at is not None:
            resolved = min(scan_after(end), as_of)
        else:
            resolved = None
        out.append(RaisedSignal(level, at, resolved))
    return out


def build(
    *,
    tables: Tables,
    network: Network,
    families: Families,
    seed: int,
    as_of: datetime,
    calendar: FastCalendar,
) -> None:
    rng = random.Random(f"{seed}:deadlines")
    t_termijn, t_pauze, t_signaal = tables[Termijn], tables[Pauze], tables[Signaal]
    # The reasons `termijn_pause` and `termijn_resume` store (their Dutch source text).
    paused_reason, resumed_reason = "gepauzeerd", "hervat na een pauze"
    history_from = as_of - SIGNAL_HISTORY
    for clock in clocks(families):
        norm: Norm = clock.region.norms[clock.regel]
        plain = deadline(clock.started_at, norm, calendar)
        projection: Deadline | None = plain
        version, reason = 1, ""
        pause: tuple[datetime, datetime | None, str] | None = None
        share, reasons = PAUSES.get(clock.regel, (0.0, ()))
        if share and rng.random() < share:
            pause = _pause(rng, clock, plain, as_of)
            if pause is not None:
                started, ended, _why = pause
                if ended is None:
                    projection, version, reason = None, 2, paused_reason
                else:
                    projection = deadline(clock.started_at, norm, calendar, [(started, ended)])
                    version, reason = 3, resumed_reason
        termijn_id = t_termijn.new_id()
        t_termijn.add(
            termijn_id,
            clock.kind,
            clock.subject_id,
            clock.regel,
            clock.occurrence,
            clock.region.id,
            norm.id,
            clock.started_at,
            projection.warn_at if projection else None,
            projection.due_at if projection else None,
            projection.far_at if projection else None,
            version,
            reason,
            clock.stopped_at,
        )
        if pause is not None:
            started, ended, why = pause
            t_pauze.add(
                t_pauze.new_id(),
                termijn_id,
                started,
                ended,
                why,
                PAUSE_NOTES.get(why, ""),
                clock.holder.id,
                clock.holder.id if ended else None,
            )
        if projection is None or projection.warn_at > as_of:
            continue
        for signal in signals_for(projection, clock.stopped_at, as_of):
            if signal.resolved_at is not None and signal.raised_at < history_from:
                continue
            acknowledged = None
            if signal.resolved_at is None and rng.random() < 0.25:
                acknowledged = min(signal.raised_at + timedelta(days=rng.randint(1, 3)), as_of)
            coordinator = rng.choice(clock.region.coordinators)
            t_signaal.add(
                t_signaal.new_id(),
                termijn_id,
                clock.regel,
                clock.region.id,
                signal.level,
                version,
                signal.raised_at,
                signal.resolved_at,
                acknowledged,
                coordinator.id if acknowledged else None,
                "Gezien; de casemanager belt het gezin." if acknowledged else "",
            )


def _pause(
    rng: random.Random, clock: Clock, plain: Deadline, as_of: datetime
) -> tuple[datetime, datetime | None, str] | None:
    """A hold that begins before the warning and ends before the clock stops (or is still on
    when the data set ends); None when the clock ran too briefly for one."""
    _share, reasons = PAUSES[clock.regel]
    latest_start = min(plain.warn_at, clock.stopped_at or as_of, as_of)
    span = (latest_start - clock.started_at).days
    if span < 2:
        return None
    first_day = local_day(clock.started_at) + timedelta(days=rng.randint(1, span - 1))
    started = datetime.combine(first_day, time(10, rng.randrange(60)), tzinfo=LOCAL)
    if started <= clock.started_at or started >= latest_start:
        return None
    ended: datetime | None = started + timedelta(days=rng.randint(3, 30), hours=rng.randint(0, 6))
    assert ended is not None
    if clock.stopped_at is not None and ended >= clock.stopped_at:
        return None
    if ended >= as_of:
        if clock.stopped_at is not None:
            return None
        ended = None
    return started, ended, rng.choice(reasons)
