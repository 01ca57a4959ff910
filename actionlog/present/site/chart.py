"""The index's chart: open and overdue actions at the end of each month, as the geometry
of an SVG bar chart (a template draws it; the same figures go in a table beside it).

The figures come from the fold itself (build.py counts them as the fold passes each month's
end), so the chart follows the rule of the record: as of a day, the meetings held by then.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = 12
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40


@dataclass(frozen=True)
class Month:
    label: str  # "Sep 2016"
    day: str  # the ISO date counted at (a month's last day, or today for the current one)
    open: int
    overdue: int


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str  # "open" | "overdue"
    value: int
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[tuple[float, str]]
    months: list[Month]


def month_ends(today: date, months: int = MONTHS) -> list[date]:
    """The last day of each of the `months - 1` months before today's, then today."""
    ends = []
    first = today.replace(day=1)
    for _ in range(months - 1):
        last = first - timedelta(days=1)
        ends.append(last)
        first = last.replace(day=1)
    return sorted(ends) + [today]


def label(day: date) -> str:
    return f"{calendar.month_abbr[day.month]} {day.year}"


def chart(months: list[Month]) -> Chart:
    top = max([m.open for m in months] + [1])
    step = _step(top)
    ceiling = step * -(-top // step)
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(len(months), 1)
    bar_w = slot * 0.36
    bars, labels = [], []
    for i, m in enumerate(months):
        x = LEFT + i * slot + slot * 0.12
        for j, (kind, value) in enumerate((("open", m.open), ("overdue", m.overdue))):
            h = plot_h * value / ceiling
            bars.append(Bar(round(x + j * bar_w, 1), round(TOP + plot_h - h, 1),
                            round(bar_w, 1), round(h, 1), kind, value,
                            f"{m.label}: {value} {kind}"))
        labels.append((round(LEFT + i * slot + slot / 2, 1), m.label))
    ticks = [Tick(round(TOP + plot_h - plot_h * v / ceiling, 1), v)
             for v in range(0, ceiling + 1, step)]
    return Chart(WIDTH, HEIGHT, LEFT, TOP + plot_h, bars, ticks, labels, months)


def _step(top: int) -> int:
    """A round tick interval giving at most about five ticks."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))
