"""A funnel plot drawn on the server as SVG, with its table twin (METHODS.md §3.1).

Each force is a point named beside it (on narrow screens, numbered as in the table): its
value against the searches expected at the average of
the forces shown (a log scale). The thick dashed line is that average; the thin dashed
curves are the 95% limits and the dotted ones the 99.8% limits. The numbers match the rows of the table
twin, which holds every figure, so nothing is read from the drawing alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from parity.presentation import formatting
from parity.presentation.charts import (
    CHAR,
    Cell,
    Chart,
    Formatter,
    Table,
    _marker,
    _responsive,
    _text,
    _tick_text,
    nice_ticks,
)
from parity.public.compare import Comparison

number: Formatter = formatting.number
rate: Formatter = formatting.rate
ratio: Formatter = formatting.ratio


def _log_ticks(low: float, high: float) -> list[float]:
    ticks = []
    power = 10 ** math.floor(math.log10(low))
    while power <= high * 10:
        for step in (1, 2, 5):
            value = step * power
            if low <= value <= high:
                ticks.append(value)
        power *= 10
    return ticks or [low, high]


# Wide enough to name each point; narrower, points carry the table's numbers.
NAMED_FROM = 480
ACROSS = "searches the force would have made at the average rate (log scale)"


def value_label(comparison: Comparison) -> str:
    if comparison.measure == "ratio":
        reference = comparison.choice.reference
        return f"how many times as likely {comparison.group} people were to be searched as {reference} people"
    return f"searches per 1,000 {comparison.group} residents"


def _path(points: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points)


def _draw(comparison: Comparison, width: int) -> tuple[float, list[str]]:
    shown = [(i, f) for i, f in enumerate(comparison.forces, start=1) if f.value is not None and f.expected]
    funnel = comparison.funnel
    average = comparison.average or 0.0
    left, right, top = 56.0, width - 16.0, 60.0
    plot_h = 260.0 if width >= 480 else 220.0
    base_y = top + plot_h
    x_low, x_high = funnel[0][0], funnel[-1][0]
    top_value = max([f.value or 0.0 for _, f in shown] + [min(row[4] for row in funnel[len(funnel) // 4 :]), average])
    ticks = nice_ticks(top_value * 1.05)
    y_scale = plot_h / ticks[-1]

    def x_at(e: float) -> float:
        return left + (math.log(e) - math.log(x_low)) / (math.log(x_high) - math.log(x_low)) * (right - left)

    def y_at(v: float) -> float:
        return base_y - min(v, ticks[-1]) * y_scale

    body = []
    key = [("parity-chart__reference", "Average of these forces"), ("parity-funnel__inner", "95% limits")]
    key.append(("parity-funnel__outer", "99.8% limits"))
    kx = 8.0
    for cls, label in key:
        if kx + 36 + len(label) * CHAR > width:
            break
        body.append(f'<line class="{cls}" x1="{kx}" x2="{kx + 30}" y1="14" y2="14"/>')
        body.append(_text(kx + 36, 19, label))
        kx += 50 + len(label) * CHAR
    body.append(_text(8, 42, f"Up: {value_label(comparison)}", "parity-chart__text--muted"))
    step = ticks[1] - ticks[0]
    for tick in ticks:
        y = y_at(tick)
        body.append(f'<line class="parity-chart__grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        body.append(_text(left - 8, y + 5, _tick_text(tick, step), anchor="end"))
    body.append(f'<line class="parity-chart__axis" x1="{left}" x2="{right}" y1="{base_y}" y2="{base_y}"/>')
    x_ticks = _log_ticks(x_low, x_high)
    if width < 480:
        x_ticks = x_ticks[:: max(1, math.ceil(len(x_ticks) / 4))]
    for tick in x_ticks:
        x = x_at(tick)
        body.append(f'<line class="parity-chart__tick" x1="{x:.1f}" x2="{x:.1f}" y1="{base_y}" y2="{base_y + 5}"/>')
        body.append(_text(x, base_y + 20, f"{tick:,.0f}", anchor="middle"))
    body.append(_text(8, base_y + 44, f"Across: {ACROSS}", "parity-chart__text--muted"))
    y_avg = y_at(average)
    body.append(f'<line class="parity-chart__reference" x1="{left}" x2="{right}" y1="{y_avg:.1f}" y2="{y_avg:.1f}"/>')
    for column, cls in ((1, "inner"), (2, "inner"), (3, "outer"), (4, "outer")):
        line = _path([(x_at(r[0]), y_at(r[column])) for r in funnel])
        body.append(f'<path class="parity-funnel__{cls}" d="{line}"/>')
    named = width >= NAMED_FROM
    for number_, force in shown:
        x, y = x_at(force.expected or 1.0), y_at(force.value or 0.0)
        body.append(_marker("circle", x, y, "parity-chart__marker--1"))
        label = force.name if named else str(number_)
        if x + 7 + len(label) * CHAR > width:  # near the right edge: the name goes to the left
            body.append(_text(x - 7, y - 6, label, "parity-chart__text--strong", anchor="end"))
        else:
            body.append(_text(x + 7, y - 6, label, "parity-chart__text--strong"))
    return base_y + 52, body


def funnel_chart(comparison: Comparison, *, id: str, description: str) -> Chart | None:
    """The funnel plot of a comparison, or None when fewer than two forces have a figure."""
    shown = [f for f in comparison.forces if f.value is not None and f.expected]
    if len(shown) < 2 or not comparison.funnel or not comparison.average:
        return None
    fmt = ratio if comparison.measure == "ratio" else rate
    head = [
        Cell("Number", header=True),
        Cell("Force", header=True),
        Cell("Value", numeric=True, header=True),
        Cell("Searches expected at the average", numeric=True, header=True),
        Cell("Against the average", header=True),
    ]
    rows = []
    for i, f in enumerate(comparison.forces, start=1):
        if f.value is None or not f.expected:
            continue
        rows.append(
            [
                Cell(str(i), header=True),
                Cell(f.name),
                Cell(fmt(f.value), numeric=True),
                Cell(number(f.expected, 1), numeric=True),
                Cell(f.position or ""),
            ]
        )
    title = f"Funnel plot: {comparison.title}"
    svg = _responsive(id, title, lambda width: _draw(comparison, width))
    notes = [
        f"Thick dashed line: the average of these forces, {fmt(comparison.average)}. "
        "Thin dashed curves: 95% limits; dotted curves: 99.8% limits.",
        f"Each point is a force, named beside it (on a narrow screen, numbered as in the table). Up the chart: "
        f"{value_label(comparison)}. Across: {ACROSS}; a force with more searches has a narrower funnel, because "
        "its figure is less affected by chance.",
    ]
    return Chart(id, title, description, svg, Table(title, head, rows), notes)
