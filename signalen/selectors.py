from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django_celery_beat.models import PeriodicTask
from django_celery_results.models import TaskResult

from ivh.accounts.models import User
from ivh.termijnen.constants import LEVEL_RANK

from .models import Signaal
from .permissions import SIGNAAL_VIEW
from .subjects import Subject, subjects


@dataclass(frozen=True)
class SignaalRow:
    signaal: Signaal
    subject: Subject | None


def open_signals(user: User, *, regel: str = "", level: str = "") -> list[SignaalRow]:
    """The open signals the user may see, worst first, with what they are about (4 queries)."""
    qs = SIGNAAL_VIEW.filter(Signaal.objects.open(), user).select_related(
        "termijn", "region", "acknowledged_by"
    )
    if regel:
        qs = qs.filter(regel=regel)
    if level:
        qs = qs.filter(level=level)
    signals = sorted(qs, key=_worst_first)
    about = subjects({(s.termijn.subject_kind, s.termijn.subject_id) for s in signals})
    return [
        SignaalRow(s, about.get((s.termijn.subject_kind, s.termijn.subject_id))) for s in signals
    ]


def _worst_first(s: Signaal) -> tuple[int, bool, float, int]:
    """Worst level first, then the deadline due first; a deadline on hold has no due day
    (until it resumes) and comes after the running ones of its level."""
    due = s.termijn.due_at
    return (LEVEL_RANK[s.level], due is None, due.timestamp() if due else 0.0, s.pk)


def signal_counts(user: User) -> Counter[tuple[str, str]]:
    """Open signals per (rule, level) the user may see: for the overview and the start page."""
    rows = (
        SIGNAAL_VIEW.filter(Signaal.objects.open(), user).values_list("regel", "level").order_by()
    )
    return Counter(rows)


@dataclass(frozen=True)
class JobStatus:
    name: str
    task: str
    enabled: bool
    last_run_at: datetime | None
    seconds: float | None
    status: str
    outcome: str


def job_statuses() -> list[JobStatus]:
    """Each periodic job with its last run: when, how long, what it did (two queries)."""
    tasks = list(PeriodicTask.objects.exclude(task="celery.backend_cleanup").order_by("name"))
    last = {
        r.task_name: r
        for r in TaskResult.objects.filter(task_name__in=[t.task for t in tasks])
        .order_by("task_name", "-date_done")
        .distinct("task_name")
    }
    out = []
    for task in tasks:
        result = last.get(task.task)
        seconds = None
        if result and result.date_created and result.date_done:
            seconds = (result.date_done - result.date_created).total_seconds()
        out.append(
            JobStatus(
                name=task.name,
                task=task.task,
                enabled=task.enabled,
                last_run_at=result.date_done if result else task.last_run_at,
                seconds=seconds,
                status=result.status if result else "",
                outcome=(result.result or "")[:300] if result else "",
            )
        )
    return out
