"""Which recorded facts start and stop each deadline, declared by the app that records them.

A rule names the subjects that get the deadline, each annotated with `region_ref`, `start` and
`stop` (the moment the fact happened, or NULL while it has not). The same declaration serves the
domain event (`termijnen_bijwerken` for one subject, in the event's own transaction) and the
safety net over everything (`termijnen_sync`, before each scan and after a bulk import), so the
two can never disagree about what a fact means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from .constants import Onderwerp, Regel


@dataclass(frozen=True)
class FeitRegel:
    regel: Regel
    kind: Onderwerp
    subjects: Callable[[], QuerySet]
    # A repeating rule (the plan evaluation) starts again from its newest start.
    repeats: bool = False


_registered: dict[Regel, FeitRegel] = {}


def register(*rules: FeitRegel) -> None:
    """Called from an app's `ready()`; declaring a rule twice keeps the last declaration."""
    for rule in rules:
        _registered[rule.regel] = rule


def registered(kind: str | None = None) -> list[FeitRegel]:
    return [r for r in _registered.values() if kind is None or r.kind == kind]
