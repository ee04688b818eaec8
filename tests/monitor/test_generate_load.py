"""The synthetic data set (`generate_load`): consistent with its own facts, the same for the
same seed, and refused where it does not belong."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Q
from django.test import override_settings

from aanmelding.constants import Status
from aanmelding.models import Aanmelding
from casemanagement.models import Contactmoment, Traject
from ivh.accounts.models import User
from ivh.netwerk.models import Gemeente, Region
from ivh.termijnen.constants import Eenheid
from ivh.termijnen.feiten import registered
from ivh.termijnen.models import Termijn
from ivh.termijnen.projection import NormSpec, PauseSpan, project
from ivh.termijnen.services import termijn_projection
from ivh.werkkalender.calendar import WorkCalendar
from monitor.loadgen import generate
from monitor.loadgen.calendar import FastCalendar, Norm, deadline
from monitor.loadgen.families import generated_token_range
from monitor.loadgen.guard import Refused
from signalen.models import Signaal
from signalen.scan import scan
from tests.aanmelding.factories import AanmeldingFactory

UNTIL = date(2026, 11, 20)
AMS = ZoneInfo("Europe/Amsterdam")


class Rollback(Exception):
    pass


def _snapshot() -> dict[str, object]:
    """What the data set is, without the ids (sequences never go back)."""
    return {
        "aanmeldingen": list(
            Aanmelding.objects.order_by("received_at", "reference").values_list(
                "reference",
                "received_at",
                "kind_first_name",
                "status",
                "gemeente__cbs_code",
                "first_contact_at",
                "closed_at",
            )
        ),
        "trajecten": list(
            Traject.objects.order_by("received_at", "gezin__reference").values_list(
                "gezin__reference",
                "casemanager__email",
                "fase",
                "first_mdo_held_at",
                "plan_agreed_at",
                "closed_at",
            )
        ),
        "contacten": Contactmoment.objects.count(),
        "termijnen": sorted(
            Termijn.objects.values_list("regel", "started_at", "due_at", "stopped_at")
        ),
        "signalen": Signaal.objects.count(),
    }


def _deadlines_not_following_the_facts() -> list[str]:
    """Per declared rule: the subjects that should have a deadline and those that have one, and
    whether each (latest) deadline started and stopped at the facts' moments."""
    problems = []
    for rule in registered():
        facts = {
            pk: (start, stop)
            for pk, start, stop in rule.subjects()
            .filter(start__isnull=False)
            .values_list("pk", "start", "stop")
        }
        stored: dict[int, tuple[datetime, datetime | None]] = {}
        for subject_id, started, stopped in (
            Termijn.objects.filter(subject_kind=rule.kind, regel=rule.regel)
            .order_by("occurrence")
            .values_list("subject_id", "started_at", "stopped_at")
        ):
            stored[subject_id] = (started, stopped)
        if set(stored) != set(facts):
            problems.append(f"{rule.regel}: {len(stored)} deadlines for {len(facts)} subjects")
        problems += [
            f"{rule.regel} {pk}: {stored.get(pk)} != {moments}"
            for pk, moments in facts.items()
            if stored.get(pk) != moments
        ]
    return problems


def _generate_and_roll_back(seed: int) -> dict[str, object]:
    snapshot: dict[str, object] = {}
    try:
        with transaction.atomic():
            generate(children=150, regions=2, seed=seed, until=UNTIL)
            snapshot = _snapshot()
            raise Rollback
    except Rollback:
        pass
    return snapshot


@pytest.mark.django_db
def test_small_data_set_is_consistent_with_its_facts() -> None:
    result = generate(children=300, regions=3, seed=7, until=UNTIL)

    # Three regions, with the real gemeenten of their veiligheidsregio.
    assert Region.objects.count() == 3
    assert Gemeente.objects.get(cbs_code="GM0014").name == "Groningen"
    assert Gemeente.objects.get(cbs_code="GM0080").name == "Leeuwarden"
    # N children: every registration counts once, duplicates point at the first one.
    assert Aanmelding.objects.counted().count() == 300
    assert not Aanmelding.objects.filter(status=Status.DUBBEL, duplicate_of__isnull=True).exists()
    # Every registration routes by its postcode to its own gemeente.
    for aanmelding in Aanmelding.objects.select_related("gemeente"):
        assert list(Gemeente.objects.for_postcode(aanmelding.postcode)) == [aanmelding.gemeente]
    # Every traject has its registration, with the same facts, closed as "traject started".
    trajecten = Traject.objects.all()
    assert trajecten.count() > 150
    assert not trajecten.filter(aanmelding__isnull=True).exists()
    assert not trajecten.exclude(
        aanmelding__status=Status.TRAJECT,
        aanmelding__received_at=F("received_at"),
        aanmelding__first_contact_at=F("first_contact_at"),
        aanmelding__closed_at=F("casemanager_assigned_at"),
    ).exists()
    assert not trajecten.filter(
        Q(casemanager_assigned_at__lt=F("first_contact_at"))
        | Q(closed_at__lt=F("casemanager_assigned_at"))
    ).exists()
    # Nothing happened after the moment the data set stands at.
    assert not Aanmelding.objects.filter(
        Q(received_at__gte=result.as_of) | Q(closed_at__gte=result.as_of)
    ).exists()
    # Staff accounts cannot log in until someone gives them a password.
    assert User.objects.exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    # One deadline per subject of every rule, started and stopped by the recorded facts.
    assert _deadlines_not_following_the_facts() == []
    # The stored deadlines are the ones the projection gives.
    for termijn in Termijn.objects.select_related("norm").prefetch_related("pauzes"):
        expected = termijn_projection(termijn)
        assert (termijn.warn_at, termijn.due_at, termijn.far_at) == (
            expected.warn_at,
            expected.due_at,
            expected.far_at,
        ), termijn
    # The deadlines, pauses and signals are what the scan itself would have: a scan at that
    # moment starts, stops, raises and resolves nothing.
    assert Termijn.objects.filter(pauzes__isnull=False).exists()
    assert Signaal.objects.filter(resolved_at__isnull=True).exists()
    outcome = scan(now=result.as_of)
    assert (outcome.started, outcome.stopped, outcome.resolved) == (0, 0, 0)
    assert not outcome.raised


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    first = _generate_and_roll_back(seed=3)
    again = _generate_and_roll_back(seed=3)
    other = _generate_and_roll_back(seed=4)

    assert first["aanmeldingen"]
    assert first == again
    assert other["aanmeldingen"] != first["aanmeldingen"]


@pytest.mark.django_db
def test_history_events_are_written_with_their_context_or_skipped_on_request() -> None:
    generate(children=40, regions=1, seed=1, until=UNTIL)
    events = apps.get_model("aanmelding", "AanmeldingEvent").objects
    assert events.count() == Aanmelding.objects.count()
    assert set(events.values_list("pgh_context__metadata__command", flat=True)) == {"generate_load"}


@pytest.mark.django_db
def test_without_history_no_events_are_written_and_later_writes_are_tracked_again() -> None:
    generate(children=40, regions=1, seed=1, until=UNTIL, history=False)
    events = apps.get_model("aanmelding", "AanmeldingEvent").objects
    assert Aanmelding.objects.exists()
    assert not events.exists()
    # The triggers are skipped for the generator's own transaction, not after it.
    AanmeldingFactory()
    assert events.count() == 1


@pytest.mark.django_db
def test_the_command_prints_time_per_phase_and_the_rows_written() -> None:
    out = StringIO()
    call_command(
        "generate_load",
        children=20,
        regions=1,
        until=UNTIL,
        not_production=True,
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue()
    assert "totaal" in text
    assert "aanmelding_aanmelding" in text
    assert Aanmelding.objects.counted().count() == 20


@pytest.mark.django_db
@override_settings(IVH_ENVIRONMENT="production", DEBUG=True)
def test_refuses_production_settings_even_with_the_flag() -> None:
    with pytest.raises(CommandError, match="production settings"):
        call_command("generate_load", children=10, regions=1, not_production=True)
    assert not Region.objects.exists()
    assert not Aanmelding.objects.exists()


@pytest.mark.django_db
@override_settings(IVH_ENVIRONMENT="base", DEBUG=True)
def test_refuses_settings_that_do_not_say_they_are_not_production() -> None:
    with pytest.raises(CommandError, match="base"):
        call_command("generate_load", children=10, regions=1, not_production=True)
    assert not Region.objects.exists()


@pytest.mark.django_db
@override_settings(IVH_ENVIRONMENT="test", DEBUG=False)
def test_refuses_without_debug_unless_told_this_is_not_production() -> None:
    with pytest.raises(CommandError, match="i-know-this-is-not-production"):
        call_command("generate_load", children=10, regions=1, until=UNTIL)
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_refuses_a_database_with_other_registrations_unless_appending(personas) -> None:
    own = AanmeldingFactory(gemeente=personas.gemeente)
    with pytest.raises(Refused, match="--append"):
        generate(children=10, regions=1, until=UNTIL)
    assert Aanmelding.objects.count() == 1

    generate(children=10, regions=15, until=UNTIL, append=True)
    assert Aanmelding.objects.counted().count() == 11
    own.refresh_from_db()
    assert own.status == Status.NIEUW
    # The region and gemeente that were there are used as they are, postcodes included.
    assert Region.objects.filter(slug="haaglanden").count() == 1
    assert Gemeente.objects.get(cbs_code="GM0518").postcodegebieden.count() == 1


@pytest.mark.django_db
def test_refuses_a_second_generated_set() -> None:
    generate(children=10, regions=1, until=UNTIL)
    with pytest.raises(Refused, match="already holds a generated data set"):
        generate(children=10, regions=1, seed=2, until=UNTIL)


@pytest.mark.django_db
def test_refuses_facts_in_the_future() -> None:
    with pytest.raises(ValueError, match="before today"):
        generate(children=10, regions=1, until=date.today() + timedelta(days=1))


def test_fast_calendar_counts_the_working_days_of_the_work_calendar() -> None:
    rng = random.Random(11)
    fast, slow = FastCalendar(date(2015, 1, 1), date(2031, 12, 31)), WorkCalendar()
    for _ in range(1500):
        start = date(2016, 1, 1) + timedelta(days=rng.randrange(365 * 12))
        end = start + timedelta(days=rng.randrange(-20, 200))
        days = rng.randrange(0, 40)
        assert fast.workdays_between(start, end) == slow.workdays_between(start, end)
        assert fast.add_workdays(start, days) == slow.add_workdays(start, days)
        assert fast.is_workday(start) == slow.is_workday(start)


def test_deadline_is_the_projection_of_the_termijnen_app() -> None:
    rng = random.Random(5)
    calendar, slow = FastCalendar(date(2015, 1, 1), date(2031, 12, 31)), WorkCalendar()
    units = (Eenheid.WERKDAGEN, Eenheid.WEKEN, Eenheid.MAANDEN)
    for _ in range(600):
        unit = rng.choice(units)
        norm = Norm(0, "x", rng.randint(1, 16), unit, rng.choice((50, 80, 90)), 150)
        started = datetime(2017, 1, 1, 9, tzinfo=AMS) + timedelta(
            days=rng.randrange(365 * 9), minutes=rng.randrange(24 * 60)
        )
        pauses: list[tuple[datetime, datetime]] = []
        if rng.random() < 0.5:
            paused = started + timedelta(days=rng.randint(0, 10), hours=rng.randint(0, 12))
            pauses.append((paused, paused + timedelta(days=rng.randint(0, 30))))
        expected = project(
            started_at=started,
            norm=NormSpec(norm.amount, norm.unit, norm.warn_percent, norm.far_percent),
            calendar=slow,
            pauses=[PauseSpan(a, b, "ouders") for a, b in pauses],
        )
        got = deadline(started, norm, calendar, pauses)
        assert (got.warn_at, got.due_at, got.far_at) == (
            expected.warn_at,
            expected.due_at,
            expected.far_at,
        )


@pytest.mark.django_db
def test_generated_registrations_are_told_apart_from_a_forms_registration() -> None:
    generate(children=10, regions=1, until=UNTIL)
    form = AanmeldingFactory()
    low, high = generated_token_range()

    generated = Aanmelding.objects.filter(submission_token__range=(low, high))
    assert generated.count() == Aanmelding.objects.count() - 1
    assert not generated.filter(pk=form.pk).exists()
