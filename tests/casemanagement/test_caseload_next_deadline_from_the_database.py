"""The caseload names each family's next step: the earliest of its plan's evaluation, its open
plan actions and the running deadlines of the traject and its referrals. The day is computed in
the database (the list is sorted and paged on it); the row shows that day and what it is."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemanagement.constants import Fase
from casemanagement.models import Traject
from casemanagement.selectors import caseload
from ivh.termijnen.constants import Regel
from ivh.termijnen.models import Termijn
from tests.casemanagement.deadline_helpers import (
    KLAAR,
    OPEN,
    deadline,
    plan,
    referral_deadline,
)
from tests.casemanagement.factories import TrajectFactory

pytestmark = pytest.mark.django_db

CASELOAD = reverse("casemanagement:caseload")


def _traject(personas, **kwargs) -> Traject:  # noqa: ANN001
    return TrajectFactory(
        region=personas.region, casemanager=personas.casemanager, fase=Fase.MDO, **kwargs
    )


def test_each_row_names_the_earliest_of_its_plan_actions_and_deadlines(personas, login):
    today = timezone.localdate()
    cm = personas.casemanager
    own = _traject(personas)
    deadline(own, Regel.MDO, today + timedelta(days=3))
    plan(own, cm, today + timedelta(days=30))
    referred = _traject(personas)
    deadline(referred, Regel.PLAN, today + timedelta(days=10))
    referral_deadline(referred, personas.ziekenhuis, cm, today + timedelta(days=1))
    evaluation = _traject(personas)
    plan(evaluation, cm, today + timedelta(days=2), [("Logopedie", today + timedelta(20), OPEN)])
    action = _traject(personas)
    plan(
        action,
        cm,
        today + timedelta(days=40),
        [
            ("Klaar al", today - timedelta(days=5), KLAAR),  # done: no next step
            ("Geen datum", None, OPEN),
            ("Logopedie aanvragen", today - timedelta(days=1), OPEN),
        ],
    )
    nothing = _traject(personas)

    response = login(cm).get(CASELOAD)

    shown = [
        (r.traject, r.volgende.datum if r.volgende else None, r.volgende.wat if r.volgende else "")
        for r in response.context["rows"]
    ]
    assert shown == [
        (action, today - timedelta(days=1), "actie: Logopedie aanvragen"),
        (referred, today + timedelta(days=1), "start vervolghulp na verwijzing"),
        (evaluation, today + timedelta(days=2), "evaluatie plan"),
        (own, today + timedelta(days=3), "MDO na aanmelding"),
        (nothing, None, ""),
    ]
    assert "actie: Logopedie aanvragen" in response.content.decode()


def test_held_and_stopped_deadlines_and_the_lead_time_are_no_next_step(personas, login):
    today = timezone.localdate()
    traject = _traject(personas)
    deadline(traject, Regel.MDO, today + timedelta(days=9))
    held = deadline(traject, Regel.PLAN, today + timedelta(days=1))
    Termijn.objects.filter(pk=held.pk).update(warn_at=None, due_at=None, far_at=None)
    stopped = deadline(traject, Regel.EERSTE_CONTACT, today + timedelta(days=2))
    Termijn.objects.filter(pk=stopped.pk).update(stopped_at=timezone.now())
    deadline(traject, Regel.DOORLOOPTIJD, today + timedelta(days=3))

    [row] = login(personas.casemanager).get(CASELOAD).context["rows"]

    assert (row.volgende.datum, row.volgende.wat) == (
        today + timedelta(days=9),
        "MDO na aanmelding",
    )


def test_signals_name_the_deadlines_past_their_warning_worst_first(personas, login):
    today = timezone.localdate()
    traject = _traject(personas)
    # Warned two days ago, due in three: almost over the norm.
    deadline(traject, Regel.MDO, today + timedelta(days=3), warn_day=today - timedelta(days=2))
    # The referral's last day was yesterday: over the norm.
    referral_deadline(traject, personas.ziekenhuis, personas.casemanager, today - timedelta(1))
    # Within the norm, no warning yet: no signal.
    deadline(traject, Regel.PLAN, today + timedelta(days=30))

    [row] = login(personas.casemanager).get(CASELOAD).context["rows"]

    assert row.signalen == (
        ("start vervolghulp na verwijzing", "over"),
        ("MDO na aanmelding", "bijna"),
    )


def _mixed_region(personas, n: int) -> list[Traject]:  # noqa: ANN001
    """`n` open trajecten of the region whose next step comes from every source, with many
    equal days (the order of registration decides then)."""
    today = timezone.localdate()
    cms = [personas.casemanager, personas.colleague_casemanager]
    trajecten = []
    for i in range(n):
        cm = cms[i % 2]
        traject = TrajectFactory(
            region=personas.region,
            casemanager=cm,
            received_at=timezone.now() - timedelta(days=30 + i % 7),
        )
        day = today + timedelta(days=(i * 7) % 23 - 8)
        match i % 5:
            case 0:
                deadline(traject, Regel.PLAN, day)
            case 1:
                referral_deadline(traject, personas.ziekenhuis, cm, day)
            case 2:
                plan(traject, cm, day)
            case 3:
                plan(traject, cm, day + timedelta(days=60), [("Fysiotherapie", day, OPEN)])
            case 4:
                pass  # no next step: at the end
        trajecten.append(traject)
    return trajecten


def test_the_order_across_pages_is_the_order_of_the_days_shown(personas, login):
    trajecten = _mixed_region(personas, 56)
    client = login(personas.coordinator)

    rows = [
        *client.get(CASELOAD).context["rows"],
        *client.get(CASELOAD, {"pagina": 2}).context["rows"],
    ]

    assert sorted(r.traject.pk for r in rows) == sorted(t.pk for t in trajecten)
    days = [r.volgende.datum if r.volgende else None for r in rows]
    dated = [d for d in days if d is not None]
    assert dated == sorted(dated)
    assert days[len(dated) :] == [None] * (len(days) - len(dated))  # nothing due: last
    # The start page lists the same families in the same order (sorted in Python).
    everything = caseload(Traject.objects.visible_to(personas.coordinator))
    assert [r.traject.pk for r in everything] == [r.traject.pk for r in rows]
