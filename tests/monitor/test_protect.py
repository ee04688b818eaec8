"""Disclosure control: "<5" for a count from 1 to 4, no derived figure on a small base, and no
suppressed cell that can be recomputed from what is shown — checked by an attacker that solves
every sum it can see, on hand-made tables and on the cube of a real data set."""

from __future__ import annotations

import random

import pytest

from monitor.figures import Period, periods_of
from monitor.protect import Cube, Raw, Soort, Staat, protect


def attack(shown: dict, relations: list[tuple]) -> dict:
    """Solve every relation (total = sum of parts) with exactly one unknown member, again and
    again, from the values shown: what an attacker with a spreadsheet can recompute."""
    known = {key: cell.value for key, cell in shown.items() if cell.value is not None}
    solved: dict = {}
    progress = True
    while progress:
        progress = False
        for total, parts in relations:
            members = [total, *parts]
            unknown = [k for k in members if k not in known]
            if len(unknown) != 1:
                continue
            missing = unknown[0]
            if missing == total:
                value = sum(known[p] for p in parts)
            else:
                value = known[total] - sum(known[p] for p in parts if p != missing)
            known[missing] = value
            solved[missing] = value
            progress = True
    return solved


def table(values: dict[tuple[str, str], int]) -> Cube:
    """A two-way table of counts with row totals, column totals and a grand total."""
    cube = Cube()
    rows = sorted({r for r, _c in values})
    cols = sorted({c for _r, c in values})
    for (r, c), v in values.items():
        cube.count(("t", r, c), v)
    for r in rows:
        cube.count(("t", r, "Σ"), sum(values[r, c] for c in cols))
        cube.relate(("t", r, "Σ"), [("t", r, c) for c in cols])
    for c in [*cols, "Σ"]:
        total = sum(cube.cells[("t", r, c)].value for r in rows)
        cube.count(("t", "Σ", c), total)
        cube.relate(("t", "Σ", c), [("t", r, c) for r in rows])
    return cube


def test_a_count_from_1_to_4_is_shown_as_less_than_5_and_zero_stays_zero():
    cube = Cube()
    for n in range(8):
        cube.count(("n", n), n)
    shown = protect(cube).cells
    assert [shown[("n", n)].text for n in range(8)] == ["0", "<5", "<5", "<5", "<5", "5", "6", "7"]
    assert shown[("n", 0)].staat == Staat.ZERO
    assert all(shown[("n", n)].value is None for n in range(1, 5))


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (Raw(Soort.MEDIAN, 12, base=4), False),
        (Raw(Soort.MEDIAN, 12, base=5), True),
        (Raw(Soort.P90, 30, base=19), False),
        (Raw(Soort.P90, 30, base=20), True),
        (Raw(Soort.PERCENT, 50, base=4, numerator=2), False),
        (Raw(Soort.PERCENT, 30, base=10, numerator=3), False),  # gives away 3 children
        (Raw(Soort.PERCENT, 70, base=10, numerator=7), False),  # … and so does the rest
        (Raw(Soort.PERCENT, 100, base=10, numerator=10), True),
        (Raw(Soort.PERCENT, 50, base=10, numerator=5), True),
        (Raw(Soort.MEAN, 7.5, base=4), False),
        (Raw(Soort.MEAN, 7.5, base=6), True),
        (Raw(Soort.PUBLIC, 3), True),  # an estimate from CBS, not a count of children
    ],
)
def test_a_derived_figure_on_a_small_base_is_not_shown(raw, shown):
    cell = protect(Cube(cells={("x",): raw})).cells[("x",)]
    assert (cell.value is not None) is shown
    if not shown:
        assert cell.staat == Staat.SMALL_BASE and cell.text == "×"


def test_a_figure_that_depends_on_a_hidden_count_is_hidden_with_it():
    cube = Cube()
    cube.count(("n",), 3)
    cube.add(("pct",), Raw(Soort.PERCENT, 0.01, base=3, depends_on=(("n",),)))
    cube.add(("pct2",), Raw(Soort.PERCENT, 0.01, base=30, depends_on=(("n",),)))
    shown = protect(cube).cells
    assert shown[("pct2",)].value is None


def test_one_small_cell_in_a_row_takes_the_next_smallest_with_it():
    cube = table(
        {
            ("a", "x"): 3,
            ("a", "y"): 10,
            ("a", "z"): 12,
            ("b", "x"): 20,
            ("b", "y"): 8,
            ("b", "z"): 15,
        }
    )
    shown = protect(cube).cells
    assert shown[("t", "a", "x")].text == "<5"
    hidden = {k for k, c in shown.items() if c.value is None}
    assert len(hidden) >= 4  # a rectangle: two in the row, two in the column
    assert attack(shown, cube.relations) == {}


def test_random_tables_never_give_a_hidden_cell_away():
    rng = random.Random(3)
    for _ in range(300):
        rows, cols = rng.randrange(2, 6), rng.randrange(2, 6)
        values = {
            (f"r{r}", f"c{c}"): rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30])
            for r in range(rows)
            for c in range(cols)
        }
        cube = table(values)
        shown = protect(cube).cells
        solved = attack(shown, cube.relations)
        assert solved == {}, (values, solved)


def test_a_run_of_quarters_is_protected_with_its_parts():
    """The half-year shown beside its quarters: a small quarter is not the difference."""
    cube = Cube()
    values = {1: 3, 2: 40, 3: 12, 4: 0}
    for period in periods_of(2025):
        cube.count(("q", period.key), sum(values[q] for q in period.quarters))
    for period in periods_of(2025):
        for split in range(period.first, period.last):
            cube.relate(
                ("q", period.key),
                [
                    ("q", Period(2025, period.first, split).key),
                    ("q", Period(2025, split + 1, period.last).key),
                ],
            )
    shown = protect(cube).cells
    assert shown[("q", Period(2025, 1, 1).key)].text == "<5"
    assert attack(shown, cube.relations) == {}
    # Q1–Q2 minus Q2 would give Q1 away; one of them is hidden too.
    assert (
        shown[("q", Period(2025, 1, 2).key)].value is None
        or shown[("q", Period(2025, 2, 2).key)].value is None
    )
