from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ivh.accounts.models import User
from ivh.termijnen.constants import Niveau

from .models import Signaal
from .permissions import SIGNAAL_VIEW
from .subjects import Subject, subjects

LEVEL_ORDER = {Niveau.VER_OVER: 0, Niveau.OVER: 1, Niveau.BIJNA: 2}


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
    signals = sorted(qs, key=lambda s: (LEVEL_ORDER[Niveau(s.level)], s.termijn.due_at, s.pk))
    about = subjects({(s.termijn.subject_kind, s.termijn.subject_id) for s in signals})
    return [
        SignaalRow(s, about.get((s.termijn.subject_kind, s.termijn.subject_id))) for s in signals
    ]


def signal_counts(user: User) -> Counter[tuple[str, str]]:
    """Open signals per (rule, level) the user may see: for the overview and the start page."""
    rows = (
        SIGNAAL_VIEW.filter(Signaal.objects.open(), user).values_list("regel", "level").order_by()
    )
    return Counter(rows)
