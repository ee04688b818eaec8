"""Every figure of the monitor against an independent count on a small hand-built data set: the
registrations by channel, age band, outcome and concern per gemeente and period, the waits (gross
and net of a pause, in working days and in days: median, 90th percentile, share within the norm),
the parents at the MDO, satisfaction, outcomes and the MDOs."""

import random
import statistics
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from aanmelding.constants import Kanaal, Status
from aanmelding.models import Aanmelding
from casemanagement.constants import Afsluitreden, DoelenBehaald, Fase
from casemanagement.models import Tevredenheid, Traject, Verwijzing
from ivh.netwerk.constants import ZorgDomein
from ivh.termijnen.constants import Onderwerp, PauzeReden, Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_pause, termijn_resume, termijn_waits
from ivh.termijnen.sync import termijnen_sync
from ivh.werkkalender.calendar import WorkCalendar
from ivh.werkkalender.services import calendar_extend
from mdo.constants import MdoStatus
from mdo.models import Agendapunt
from monitor.figures import AGE_BANDS, REGION, UNKNOWN_GEMEENTE, Period, periods_of, region_year
from monitor.models import Verversing, WachtFeit
from monitor.protect import Soort, protect
from monitor.readmodel import refresh_full
from tests.aanmelding.factories import AanmeldingFactory
from tests.casemanagement.factories import TrajectFactory
from tests.mdo.factories import MdoFactory
from tests.monitor.test_protect import attack
from tests.netwerk.factories import GemeenteFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
YEAR = 2025
H1 = Period(YEAR, 1, 2)
Q2 = Period(YEAR, 2, 2)
HALF_YEARS_AND_QUARTERS = [H1, Q2, Period(YEAR, 1, 1), Period(YEAR, 1, 4), Period(YEAR, 2, 3)]


def moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


@pytest.fixture
def data(personas):
    """60 registrations over 2025 in two gemeenten and one unknown, a quarter of them by
    professionals, some duplicates; first contact after 0 to 12 working days, one clock paused
    for a week; 20 trajecten with MDOs, plans, closures and surveys."""
    calendar_extend()
    rng = random.Random(7)
    delft = GemeenteFactory(region=personas.region, name="Delft", kinderen_0_6=5200)
    gemeenten = [personas.gemeente, delft, None]
    calendar = WorkCalendar.for_region(personas.region.pk)
    registrations = []
    for i in range(60):
        received = date(YEAR, 1, 2) + timedelta(days=rng.randrange(0, 360))
        gemeente = gemeenten[i % 3] if i % 7 else gemeenten[0]
        aanmelding = AanmeldingFactory(
            region=personas.region,
            gemeente=gemeente,
            professional=i % 4 == 0,
            verwijzer_soort="jgz" if i % 8 == 0 else ("huisarts" if i % 4 == 0 else ""),
            kind_geboortedatum=received - timedelta(days=rng.randrange(100, 7 * 365)),
            zorg_domeinen=rng.sample([d.value for d in ZorgDomein], k=rng.randrange(1, 3)),
            received_at=moment(received, 9),
        )
        registrations.append(aanmelding)
    termijnen_sync()
    # One clock held for a week at the parents' request, before the first contact.
    held = registrations[5]
    held_termijn = Termijn.objects.get(subject_kind=Onderwerp.AANMELDING, subject_id=held.pk)
    termijn_pause(
        termijn=held_termijn,
        reden=PauzeReden.OUDERS,
        by=personas.coordinator,
        at=held.received_at + timedelta(days=1),
    )
    termijn_resume(
        termijn=held_termijn, by=personas.coordinator, at=held.received_at + timedelta(days=8)
    )
    for i, aanmelding in enumerate(registrations):
        if i % 10 == 9:
            continue  # still waiting
        day = calendar.add_workdays(aanmelding.received_at.date(), rng.randrange(0, 13))
        status = [Status.ADVIES, Status.TRAJECT, Status.VERWEZEN, Status.IN_BEHANDELING][i % 4]
        extra = {"duplicate_of": registrations[0]} if i in (11, 23) else {}
        Aanmelding.objects.filter(pk=aanmelding.pk).update(
            first_contact_at=moment(day, 15),
            status=Status.DUBBEL if extra else status,
            closed_at=moment(day, 16) if status != Status.IN_BEHANDELING or extra else None,
            **extra,
        )
    trajecten = []
    mdo = MdoFactory(
        region=personas.region,
        created_by=personas.coordinator,
        starts_at=moment(date(YEAR, 5, 14), 13),
        status=MdoStatus.GEHOUDEN,
        held_at=moment(date(YEAR, 5, 14), 13),
    )
    for i in range(20):
        received = date(YEAR, 1, 6) + timedelta(days=9 * i)
        traject = TrajectFactory(
            region=personas.region,
            gezin__gemeente=gemeenten[i % 2],
            received_at=moment(received),
            casemanager=personas.casemanager,
            first_mdo_held_at=moment(date(YEAR, 5, 14), 13) if i < 12 else None,
            plan_agreed_at=moment(received + timedelta(days=30)) if i % 3 else None,
        )
        if i < 12:
            Agendapunt.objects.create(
                mdo=mdo, traject=traject, vraag="?", ouders_aanwezig=i % 4 != 0
            )
        if i % 2:
            closed = received + timedelta(days=100)
            Traject.objects.filter(pk=traject.pk).update(
                fase=Fase.AFGESLOTEN,
                closed_at=moment(closed),
                afsluitreden=[Afsluitreden.DOELEN_BEREIKT, Afsluitreden.VERHUISD][i % 4 // 2],
                doelen_behaald=DoelenBehaald.JA,
            )
            Tevredenheid.objects.create(
                traject=traject,
                invited_at=moment(closed),
                answered_at=moment(closed + timedelta(days=3)),
                score=5 + i % 5,
            )
        verwijzing = Verwijzing.objects.create(
            traject=traject,
            organisatie=personas.mee if i % 2 else personas.ziekenhuis,
            referred_at=received + timedelta(days=40),
            started_at=received + timedelta(days=40 + 3 * i),
            created_by=personas.casemanager,
        )
        trajecten.append((traject, verwijzing))
    termijnen_sync()
    refresh_full()
    return {"registrations": registrations, "delft": delft, "trajecten": trajecten}


def col_of(gemeente_id, personas, data):
    if gemeente_id in (personas.gemeente.pk, data["delft"].pk):
        return gemeente_id
    return UNKNOWN_GEMEENTE


def in_period(day: date, period: Period) -> bool:
    return period.start <= day <= period.end


def test_registrations_by_channel_age_outcome_and_concern(personas, data):
    figures = region_year(personas.region, YEAR)
    counted = list(Aanmelding.objects.filter(region=personas.region).exclude(status=Status.DUBBEL))
    assert len(counted) == 58
    cols = [personas.gemeente.pk, data["delft"].pk, UNKNOWN_GEMEENTE, REGION]

    def expected(period, col, keep) -> int:
        return sum(
            1
            for a in counted
            if in_period(a.received_at.astimezone(AMS).date(), period)
            and (col == REGION or col_of(a.gemeente_id, personas, data) == col)
            and keep(a)
        )

    def age(a) -> int:
        received = a.received_at.astimezone(AMS).date()
        born = a.kind_geboortedatum
        return received.year - born.year - ((received.month, received.day) < (born.month, born.day))

    for period in HALF_YEARS_AND_QUARTERS:
        for col in cols:
            cell = figures.cube.cells

            def value(quantity: str, row: str) -> float | None:
                return cell[(quantity, row, col, period.key)].value  # noqa: B023

            assert value("aanmeldingen", "") == expected(period, col, lambda a: True)
            for kanaal in Kanaal:
                assert value("kanaal", kanaal.value) == expected(
                    period,
                    col,
                    lambda a: a.kanaal == kanaal,  # noqa: B023
                )
            for key, _label, years in AGE_BANDS:
                assert value("leeftijd", key) == expected(
                    period,
                    col,
                    lambda a: age(a) in years,  # noqa: B023
                )
            for status in (Status.ADVIES, Status.TRAJECT, Status.IN_BEHANDELING):
                assert value("uitkomst", status.value) == expected(
                    period,
                    col,
                    lambda a: a.status == status,  # noqa: B023
                )
            for domein in ZorgDomein:
                assert value("domein", domein.value) == expected(
                    period,
                    col,
                    lambda a: domein.value in a.zorg_domeinen,  # noqa: B023
                )
            assert value("verwijzer", "jgz") == expected(
                period,
                col,
                lambda a: a.kanaal == Kanaal.PROFESSIONAL and a.verwijzer_soort == "jgz",
            )
            assert value("bereikt", "") == expected(
                period, col, lambda a: a.first_contact_at is not None
            )


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks, as Postgres' percentile_cont."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def test_first_contact_waits_in_working_days_gross_and_net(personas, data):
    figures = region_year(personas.region, YEAR)
    calendar = WorkCalendar.for_region(personas.region.pk)
    waits = []
    for termijn in Termijn.objects.filter(
        subject_kind=Onderwerp.AANMELDING, stopped_at__isnull=False
    ).exclude(subject_id__in=Aanmelding.objects.filter(status=Status.DUBBEL).values("pk")):
        start = termijn.started_at.astimezone(AMS).date()
        stop = termijn.stopped_at.astimezone(AMS).date()
        paused = sum(
            calendar.workdays_between(
                p.started_at.astimezone(AMS).date(),
                min(p.ended_at.astimezone(AMS).date(), stop),
            )
            for p in termijn.pauzes.all()
        )
        gross = calendar.workdays_between(start, stop)
        waits.append((stop, gross, gross - paused, termijn.stopped_at <= termijn.due_at))
    assert any(g != n for _s, g, n, _w in waits), "the paused clock is in the data"
    for period in HALF_YEARS_AND_QUARTERS:
        chosen = [w for w in waits if in_period(w[0], period)]
        cell = figures.cube.cells
        key = (Regel.EERSTE_CONTACT.value, REGION, period.key)
        assert cell[("wacht_n", *key)].value == len(chosen)
        assert cell[("wacht_mediaan", *key)].value == statistics.median(w[1] for w in chosen)
        assert cell[("wacht_mediaan_netto", *key)].value == statistics.median(w[2] for w in chosen)
        assert cell[("wacht_p90", *key)].value == pytest.approx(
            percentile([w[1] for w in chosen], 0.9)
        )
        within = sum(1 for w in chosen if w[3])
        assert cell[("wacht_binnen_norm", *key)].value == pytest.approx(100 * within / len(chosen))


def test_waits_in_days_match_the_deadlines_own_gross_and_net(personas, data):
    figures = region_year(personas.region, YEAR)
    for regel in (Regel.VERVOLGHULP, Regel.MDO, Regel.DOORLOOPTIJD):
        rows = []
        for termijn in Termijn.objects.filter(regel=regel, stopped_at__isnull=False):
            gross, net = termijn_waits(termijn)
            rows.append((termijn.stopped_at.astimezone(AMS).date(), gross, net))
        assert rows, regel
        for period in HALF_YEARS_AND_QUARTERS:
            chosen = [r for r in rows if in_period(r[0], period)]
            key = (regel.value, REGION, period.key)
            assert figures.cube.cells[("wacht_n", *key)].value == len(chosen)
            if chosen:
                assert figures.cube.cells[("wacht_mediaan", *key)].value == statistics.median(
                    r[1] for r in chosen
                )
                assert figures.cube.cells[("wacht_mediaan_netto", *key)].value == statistics.median(
                    r[2] for r in chosen
                )


def test_parents_at_the_mdo_satisfaction_outcomes_and_meetings(personas, data):
    figures = region_year(personas.region, YEAR)
    trajecten = list(Traject.objects.filter(region=personas.region))
    cell = figures.cube.cells
    for period in HALF_YEARS_AND_QUARTERS:
        p = period.key
        discussed = [
            t
            for t in trajecten
            if t.first_mdo_held_at and in_period(t.first_mdo_held_at.astimezone(AMS).date(), period)
        ]
        present = [t for t in discussed if t.agendapunten.filter(ouders_aanwezig=True).exists()]
        assert cell[("mdo_besproken", "", REGION, p)].value == len(discussed)
        assert cell[("mdo_ouders", "", REGION, p)].value == len(present)
        closed = [
            t
            for t in trajecten
            if t.closed_at and in_period(t.closed_at.astimezone(AMS).date(), period)
        ]
        assert cell[("afgesloten", "", REGION, p)].value == len(closed)
        for reden in (Afsluitreden.DOELEN_BEREIKT, Afsluitreden.VERHUISD):
            assert cell[("afsluitreden", reden.value, REGION, p)].value == sum(
                1 for t in closed if t.afsluitreden == reden
            )
        scores = [
            s.score
            for s in Tevredenheid.objects.filter(answered_at__isnull=False)
            if in_period(s.answered_at.astimezone(AMS).date(), period)
        ]
        assert cell[("tevredenheid_n", "", REGION, p)].value == len(scores)
        if scores:
            assert cell[("tevredenheid", "", REGION, p)].value == pytest.approx(
                statistics.mean(scores)
            )
        plans = [
            t
            for t in trajecten
            if t.plan_agreed_at and in_period(t.plan_agreed_at.astimezone(AMS).date(), period)
        ]
        assert cell[("plan_akkoord", "", REGION, p)].value == len(plans)
        assert cell[("mdos", "", REGION, p)].value == (
            1 if in_period(date(YEAR, 5, 14), period) else 0
        )


def test_reach_against_the_estimated_target_group(personas, data):
    figures = region_year(personas.region, YEAR)
    target = round(38000 * personas.region.prevalentie_procent / 100)
    reached = figures.cube.cells[("bereikt", "", personas.gemeente.pk, H1.key)].value
    assert figures.cube.cells[("doelgroep", "", personas.gemeente.pk, H1.key)].value == target
    assert figures.cube.cells[("bereik_pct", "", personas.gemeente.pk, H1.key)].value == (
        pytest.approx(100 * reached / target)
    )


def test_each_wait_fact_matches_its_deadline_gross_and_net(personas, data):
    calendar = WorkCalendar.for_region(personas.region.pk)
    facts = {f.termijn_id: f for f in WachtFeit.objects.all()}
    counted = Termijn.objects.exclude(
        subject_kind=Onderwerp.AANMELDING,
        subject_id__in=Aanmelding.objects.filter(status=Status.DUBBEL).values("pk"),
    ).filter(stopped_at__isnull=False)
    assert counted.count() == len([f for f in facts.values() if f.stopped_on])
    for termijn in counted:
        fact = facts[termijn.pk]
        gross, net = termijn_waits(termijn)
        start = termijn.started_at.astimezone(AMS).date()
        stop = termijn.stopped_at.astimezone(AMS).date()
        paused = sum(
            calendar.workdays_between(
                p.started_at.astimezone(AMS).date(),
                min(p.ended_at.astimezone(AMS).date(), stop),
            )
            for p in termijn.pauzes.all()
        )
        assert (fact.gross_days, fact.net_days) == (gross, net)
        assert fact.gross_workdays == calendar.workdays_between(start, stop)
        assert fact.net_workdays == fact.gross_workdays - paused
        assert fact.paused == termijn.pauzes.exists()
        assert fact.within_norm == (termijn.stopped_at <= termijn.due_at)


def independent_relations(figures) -> list[tuple]:
    """The sums a reader can see, written down without reading the cube's own relations:
    gemeenten add up to the region, quarters to a run of quarters, and the rows of each table
    with categories that exclude each other add up to that table's total."""
    cells = figures.cube.cells
    counts = {k for k, raw in cells.items() if raw.soort == Soort.COUNT}
    gemeenten = [g.pk for g in figures.gemeenten] + [UNKNOWN_GEMEENTE]
    periods = periods_of(YEAR)
    relations: list[tuple] = []
    rows_of: dict[str, set[str]] = {}
    for quantity, row, _col, _p in counts:
        rows_of.setdefault(quantity, set()).add(row)
    for quantity, rows in rows_of.items():
        for row in rows:
            for p in periods:
                if all((quantity, row, c, p.key) in counts for c in gemeenten):
                    relations.append(
                        (
                            (quantity, row, REGION, p.key),
                            [(quantity, row, c, p.key) for c in gemeenten],
                        )
                    )
                for split in range(p.first, p.last):
                    for col in [*gemeenten, REGION]:
                        if (quantity, row, col, p.key) in counts:
                            relations.append(
                                (
                                    (quantity, row, col, p.key),
                                    [
                                        (quantity, row, col, Period(YEAR, p.first, split).key),
                                        (quantity, row, col, Period(YEAR, split + 1, p.last).key),
                                    ],
                                )
                            )
    tables = {
        "kanaal": ("aanmeldingen", ""),
        "leeftijd": ("aanmeldingen", ""),
        "uitkomst": ("aanmeldingen", ""),
        "verwijzer": ("kanaal", Kanaal.PROFESSIONAL.value),
        "afsluitreden": ("afgesloten", ""),
        "doelen": ("afgesloten", ""),
        "aanbieder_n": ("wacht_n", Regel.VERVOLGHULP.value),
    }
    for quantity, total in tables.items():
        for p in periods:
            for col in [*gemeenten, REGION]:
                parts = [(quantity, row, col, p.key) for row in rows_of.get(quantity, ())]
                parts = [k for k in parts if k in counts]
                if parts and (total[0], total[1], col, p.key) in counts:
                    relations.append(((total[0], total[1], col, p.key), parts))
    return relations


def test_the_protected_cube_gives_no_hidden_count_away(personas, data):
    figures = region_year(personas.region, YEAR)
    shown = protect(figures.cube).cells
    hidden = [k for k, cell in shown.items() if cell.suppressed]
    assert any(shown[k].staat == "primary" for k in hidden), "the data has small counts"
    assert any(shown[k].staat == "secondary" for k in hidden)
    assert attack(shown, independent_relations(figures)) == {}
    # Every derived figure on fewer than 5 (or 20) children is hidden.
    for key, raw in figures.cube.cells.items():
        if raw.soort in (Soort.MEDIAN, Soort.PERCENT, Soort.MEAN) and raw.base and raw.base < 5:
            assert shown[key].value is None, key


def test_the_record_of_refreshes_keeps_a_month(db):
    old = Verversing.objects.create(
        soort=Verversing.Soort.BIJWERKEN,
        started_at=timezone.now() - timedelta(days=40),
        finished_at=timezone.now() - timedelta(days=40),
    )
    recent = refresh_full()
    assert not Verversing.objects.filter(pk=old.pk).exists()
    assert Verversing.objects.filter(pk=recent.pk).exists()
