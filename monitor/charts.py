"""Server-rendered bar charts (SVG, no script, no inline style): one bar per row of a table,
for one column. A hidden figure gets no bar, only its symbol; the table beside the chart is the
accessible version of the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from .tables import Table

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 300
PLOT_WIDTH = 300


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    title: str
    column: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH

    @property
    def width(self) -> int:
        return self.label_width + self.plot_width + 60


def bar_chart(table: Table, column: int) -> Chart | None:
    if not table.chart or not table.rows or column >= len(table.columns):
        return None
    cells = [(row, cells[column]) for row, cells in table.rows]
    largest = max((c.value or 0 for _r, c in cells), default=0)
    bars = [
        Bar(
            label=row.label,
            text=cell.text,
            y=i * (BAR_HEIGHT + GAP),
            width=round(PLOT_WIDTH * (cell.value or 0) / largest) if largest else 0,
        )
        for i, (row, cell) in enumerate(cells)
    ]
    return Chart(
        title=table.title,
        column=table.columns[column].label,
        bars=bars,
        height=len(bars) * (BAR_HEIGHT + GAP),
    )
