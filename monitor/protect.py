"""Disclosure control: the only way a figure leaves the monitor (docs/monitor.md §3).

Figures are computed into a `Cube`: raw cells keyed by (quantity, row, column, period), and the
additive relations between them (a total and its parts: the rows of a table, the gemeenten of a
region, the quarters of a half-year). `protect()` applies, in this order:

1. primary suppression: a count from 1 to 4 is shown as "<5";
2. small bases: a percentage or a median on fewer than 5 children, a 90th percentile on fewer
   than 20, is not shown; nor a percentage whose numerator or complement is 1 to 4 (it would
   give that count away);
3. secondary suppression: in every relation where exactly one member is suppressed, the smallest
   other member that is not zero is suppressed too, until no relation has a single suppressed
   member; a derived figure that depends on a suppressed count is suppressed with it.

The result, a `ProtectedCube`, holds no raw value of a suppressed cell: pages, charts, CSV, XLSX
and PDF are all made from it, so no output can show what another hides.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

Key = tuple[Hashable, ...]


class Soort(StrEnum):
    COUNT = "count"  # a number of children, registrations, meetings
    PERCENT = "percent"  # numerator / base × 100
    MEDIAN = "median"
    P90 = "p90"
    MEAN = "mean"
    PUBLIC = "public"  # not about children in the system (an estimate from CBS, a norm)


class Staat(StrEnum):
    SHOWN = "shown"
    ZERO = "zero"  # a true zero
    UNKNOWN = "unknown"  # not recorded, or no base at all
    PRIMARY = "primary"  # a count of 1 to 4
    SECONDARY = "secondary"  # hidden so that another hidden cell cannot be recomputed
    SMALL_BASE = "small_base"  # a derived figure on too few children


SUPPRESSED = frozenset({Staat.PRIMARY, Staat.SECONDARY, Staat.SMALL_BASE})

SYMBOLS = {
    Staat.PRIMARY: "<5",
    Staat.SECONDARY: "×",
    Staat.SMALL_BASE: "×",
    Staat.UNKNOWN: "?",
}
FOOTNOTES = {
    Staat.PRIMARY: _("<5: minder dan 5 kinderen; het precieze aantal wordt niet getoond."),
    Staat.SECONDARY: _(
        "×: afgeschermd, zodat een klein aantal elders niet uit de totalen is terug te rekenen."
    ),
    Staat.SMALL_BASE: _(
        "×: te weinig kinderen om dit cijfer te tonen (percentage en mediaan vanaf 5, "
        "90e percentiel vanaf 20, geen percentage dat een aantal onder de 5 verraadt)."
    ),
    Staat.UNKNOWN: _("?: onbekend, niet vastgelegd."),
}
PROVISIONAL_SYMBOL = "*"
PROVISIONAL_FOOTNOTE = _("*: voorlopig cijfer; de periode is nog niet gepubliceerd.")

MIN_COUNT = 5
MIN_BASE = 5
MIN_BASE_P90 = 20


@dataclass
class Raw:
    soort: Soort
    value: float | None  # None: unknown
    base: int | None = None  # the number of children a derived figure is computed over
    numerator: int | None = None  # of a percentage
    depends_on: tuple[Key, ...] = ()  # counts whose suppression hides this figure too


@dataclass
class Cube:
    cells: dict[Key, Raw] = field(default_factory=dict)
    # (total, parts): the total is the sum of the parts, and both are shown somewhere.
    relations: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)

    def count(self, key: Key, value: int) -> None:
        self.cells[key] = Raw(Soort.COUNT, value)

    def add(self, key: Key, raw: Raw) -> None:
        self.cells[key] = raw

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        self.relations.append((total, tuple(parts)))


@dataclass(frozen=True)
class Shown:
    """A cell as it may be shown: `value` is None whenever the figure is not shown."""

    soort: str
    staat: str
    value: float | None
    provisional: bool = False

    @property
    def suppressed(self) -> bool:
        return self.staat in SUPPRESSED

    @property
    def text(self) -> str:
        if self.staat in SYMBOLS:
            return SYMBOLS[Staat(self.staat)]
        if self.value is None:
            return "–"
        if self.soort == Soort.PERCENT:
            text = f"{self.value:.0f}%"
        elif self.soort in (Soort.MEDIAN, Soort.P90):
            text = f"{self.value:.0f}"
        elif self.soort == Soort.MEAN:
            # "7,5" in Dutch, "7.5" in English.
            text = number_format(self.value, 1)
        else:
            text = f"{int(self.value)}"
        return text + (PROVISIONAL_SYMBOL if self.provisional else "")


def _primary(raw: Raw) -> Staat:
    if raw.value is None:
        return Staat.UNKNOWN
    if raw.soort == Soort.PUBLIC:
        return Staat.SHOWN
    if raw.soort == Soort.COUNT:
        if raw.value == 0:
            return Staat.ZERO
        return Staat.PRIMARY if raw.value < MIN_COUNT else Staat.SHOWN
    base = raw.base or 0
    if base == 0:
        return Staat.UNKNOWN
    minimum = MIN_BASE_P90 if raw.soort == Soort.P90 else MIN_BASE
    if base < minimum:
        return Staat.SMALL_BASE
    if raw.soort == Soort.PERCENT and raw.numerator is not None:
        for count in (raw.numerator, base - raw.numerator):
            if 0 < count < MIN_COUNT:
                return Staat.SMALL_BASE
    return Staat.SHOWN


def protect(cube: Cube, *, provisional: bool = False) -> ProtectedCube:
    states = {key: _primary(raw) for key, raw in cube.cells.items()}
    # A worklist: a relation is looked at again only when one of its members was hidden, so the
    # work grows with the size of the cube, not with its square.
    relations_of: dict[Key, list[int]] = defaultdict(list)
    for index, (total, parts) in enumerate(cube.relations):
        for key in (total, *parts):
            relations_of[key].append(index)
    dependents: dict[Key, list[Key]] = defaultdict(list)
    for key, raw in cube.cells.items():
        for dependency in raw.depends_on:
            dependents[dependency].append(key)
    queue = deque(range(len(cube.relations)))
    queued = set(queue)

    def hide(key: Key) -> None:
        states[key] = Staat.SECONDARY
        for index in relations_of[key]:
            if index not in queued:
                queue.append(index)
                queued.add(index)
        for dependent in dependents[key]:
            if states[dependent] == Staat.SHOWN:
                hide(dependent)

    for key, raw in cube.cells.items():
        if states[key] == Staat.SHOWN and any(
            states.get(dep) in SUPPRESSED for dep in raw.depends_on
        ):
            hide(key)
    while queue:
        index = queue.popleft()
        queued.discard(index)
        total, parts = cube.relations[index]
        hidden = [k for k in (total, *parts) if states.get(k) in SUPPRESSED]
        if len(hidden) != 1:
            continue
        candidates = [
            k for k in parts if states.get(k) == Staat.SHOWN and cube.cells[k].soort == Soort.COUNT
        ]
        if not candidates and states.get(total) == Staat.SHOWN:
            candidates = [total]
        if candidates:
            hide(min(candidates, key=lambda k: (cube.cells[k].value or 0, repr(k))))
    shown = {
        key: Shown(
            soort=raw.soort.value,
            staat=states[key].value,
            value=raw.value if states[key] in (Staat.SHOWN, Staat.ZERO) else None,
            provisional=provisional and raw.soort != Soort.PUBLIC,
        )
        for key, raw in cube.cells.items()
    }
    return ProtectedCube(shown)


@dataclass(frozen=True)
class ProtectedCube:
    cells: dict[Key, Shown]

    def get(self, key: Key) -> Shown:
        return self.cells.get(key, Shown(Soort.COUNT.value, Staat.UNKNOWN.value, None))
