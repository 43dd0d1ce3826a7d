"""Charts drawn on the server as SVG, each with a table twin holding the same numbers.

No JavaScript and nothing from another host: a chart is markup in the page. The SVG is one
image to assistive technology (role="img", named by its caption and described in words);
the table twin is where every number can be read, so a chart never holds a figure the table
does not. Marks have at least 3:1 contrast with the background and series differ by dash and
marker shape as well as colour (styles in web/scss/_charts.scss).

`bar_chart()` and `line_chart()` are pure functions returning a `Chart`; the Jinja macro
`chart()` in web/charts.html renders it as a figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from parity.presentation.formatting import SUPPRESSED, rate

Formatter = Callable[..., str]  # a value (None when suppressed) -> its text, e.g. formatting.rate

WIDE, NARROW = 640, 320  # drawing widths: a two-thirds column on a desktop, and a phone
FONT = 14
CHAR = 8.4  # a generous width for a 14px character (Arial, or a wider fallback font)
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")


@dataclass(frozen=True)
class Bar:
    """One group's value with its interval; value None means suppressed (not published)."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    reference: bool = False


@dataclass(frozen=True)
class Series:
    """One line: a value per x label, None where the value is suppressed or missing."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    header: bool = False
    suppressed: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    head: list[Cell]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Chart:
    """What the `chart()` macro renders: caption, description, the SVG and its table twin."""

    id: str
    title: str
    description: str
    svg: Markup
    table: Table
    notes: list[str] = field(default_factory=list)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top` (steps of 1, 2, 2.5 or 5 times a power of 10)."""
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _tick_text(value: float, step: float) -> str:
    places = 0 if step >= 1 else min(3, math.ceil(-math.log10(step)) + (1 if step * 10 % 1 else 0))
    return f"{value:,.{places}f}"


def _text(x: float, y: float, content: str, cls: str = "", anchor: str = "start") -> str:
    classes = "parity-chart__text" + (f" {cls}" if cls else "")
    return f'<text class="{classes}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(content)}</text>'


def _responsive(chart_id: str, label: str, draw: Callable[[int], tuple[float, list[str]]]) -> Markup:
    """The chart drawn twice, wide and narrow; CSS shows the one that fits, so text stays legible.

    Both are named by the figure's caption; the hidden one is display:none, so assistive
    technology meets one image.
    """
    parts = []
    for variant, width in (("wide", WIDE), ("narrow", NARROW)):
        height, body = draw(width)
        parts.append(
            f'<svg class="parity-chart__svg parity-chart__svg--{variant}" viewBox="0 0 {width} {height:.0f}" '
            f'role="img" aria-labelledby="{chart_id}-caption" aria-describedby="{chart_id}-description" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
            f"{''.join(body)}</svg>"
        )
    return Markup("".join(parts))  # noqa: S704 - every text in the drawing went through escape()


def _interval(bar: Bar, fmt: Formatter) -> str:
    if bar.value is None or bar.low is None or bar.high is None:
        return SUPPRESSED if bar.value is None else "not calculated"
    return f"{fmt(bar.low)} to {fmt(bar.high)}"


@dataclass(frozen=True)
class _BarSpec:
    bars: Sequence[Bar]
    value_label: str
    reference_value: float | None
    reference_label: str
    fmt: Formatter


def _bar_rows(spec: _BarSpec, left: float, top: float, row: float, scale: float) -> list[str]:
    body = []
    for i, bar in enumerate(spec.bars):
        y = top + i * row
        name = f"{bar.label} (reference)" if bar.reference else bar.label
        body.append(_text(left, y + FONT, name, "parity-chart__text--strong" if bar.reference else ""))
        bar_y, bar_h = y + 20, 20.0
        if bar.value is None:
            body.append(f'<rect class="parity-chart__suppressed" x="{left}" y="{bar_y}" width="120" height="{bar_h}"/>')
            body.append(_text(left + 6, bar_y + 15, SUPPRESSED, "parity-chart__text--muted"))
            continue
        cls = "parity-chart__bar parity-chart__bar--reference" if bar.reference else "parity-chart__bar"
        length = max(bar.value * scale, 1.0)
        body.append(f'<rect class="{cls}" x="{left}" y="{bar_y}" width="{length:.1f}" height="{bar_h}"/>')
        end = left + length
        if bar.low is not None and bar.high is not None:
            x1, x2, mid = left + bar.low * scale, left + bar.high * scale, bar_y + bar_h / 2
            body.append(
                f'<path class="parity-chart__whisker" d="M{x1:.1f} {mid:.1f}H{x2:.1f}'
                f'M{x1:.1f} {mid - 7:.1f}V{mid + 7:.1f}M{x2:.1f} {mid - 7:.1f}V{mid + 7:.1f}"/>'
            )
            end = max(end, x2)
        body.append(_text(end + 6, bar_y + 15, spec.fmt(bar.value)))
    return body


def _draw_bars(spec: _BarSpec, width: int) -> tuple[float, list[str]]:
    row, top, value_room = 50.0, 34.0, 64.0 + 6 * CHAR
    left, right = 8.0, width - value_room
    values = [b.high if b.high is not None else b.value for b in spec.bars if b.value is not None]
    reference = [spec.reference_value] if spec.reference_value is not None else []
    ticks = nice_ticks(max([*values, *reference, 0.0]), count=5 if width >= 480 else 3)
    scale = (right - left) / ticks[-1]
    axis_y = top + row * len(spec.bars)
    body = [
        f'<line class="parity-chart__grid" x1="{left + t * scale:.1f}" x2="{left + t * scale:.1f}" '
        f'y1="{top - 6}" y2="{axis_y}"/>'
        for t in ticks
    ]
    if spec.reference_value is not None:
        x = left + spec.reference_value * scale
        body.append(f'<line class="parity-chart__reference" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 8}" y2="{axis_y}"/>')
        value = spec.fmt(spec.reference_value)
        label = f"{spec.reference_label}: {value}" if spec.reference_label else value
        anchor = "end" if x > width / 2 else "start"
        body.append(_text(x + (-4 if anchor == "end" else 4), top - 14, label, "parity-chart__text--strong", anchor))
    body += _bar_rows(spec, left, top, row, scale)
    body.append(f'<line class="parity-chart__axis" x1="{left}" x2="{right}" y1="{axis_y}" y2="{axis_y}"/>')
    step = ticks[1] - ticks[0]
    for tick in ticks:
        x = left + tick * scale
        body.append(f'<line class="parity-chart__tick" x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y}" y2="{axis_y + 5}"/>')
        body.append(_text(x, axis_y + 20, _tick_text(tick, step), anchor="middle"))
    body.append(_text(left, axis_y + 42, spec.value_label, "parity-chart__text--muted"))
    return axis_y + 48, body


def bar_chart(
    bars: Sequence[Bar],
    *,
    id: str,
    title: str,
    description: str,
    value_label: str,
    group_label: str = "Ethnic group",
    interval_label: str = "95% confidence interval",
    reference_value: float | None = None,
    reference_label: str = "",
    fmt: Formatter = rate,
    notes: Sequence[str] = (),
) -> Chart:
    """Horizontal bars with interval whiskers and an optional reference line, one row per group.

    Labels sit above their bars so long group names never squeeze the plot. A suppressed
    value draws an empty dashed box saying "not published".
    """
    spec = _BarSpec(bars, value_label, reference_value, reference_label, fmt)
    head = [
        Cell(group_label, header=True),
        Cell(value_label, numeric=True, header=True),
        Cell(interval_label, numeric=True, header=True),
    ]
    rows = [
        [
            Cell(f"{b.label} (reference)" if b.reference else b.label, header=True),
            Cell(fmt(b.value), numeric=True, suppressed=b.value is None),
            Cell(_interval(b, fmt), numeric=True, suppressed=b.value is None),
        ]
        for b in bars
    ]
    all_notes = list(notes)
    if reference_value is not None and reference_label:
        all_notes.insert(0, f"Dashed line: {reference_label}, {fmt(reference_value)}.")
    svg = _responsive(id, title, lambda width: _draw_bars(spec, width))
    return Chart(id, title, description, svg, Table(title, head, rows), all_notes)


# Marker outlines as (dx, dy) points around the centre, radius about 5.
_SHAPES: dict[str, tuple[tuple[float, float], ...]] = {
    "square": ((-4.5, -4.5), (4.5, -4.5), (4.5, 4.5), (-4.5, 4.5)),
    "triangle": ((0, -6), (5.5, 4.5), (-5.5, 4.5)),
    "diamond": ((0, -6), (6, 0), (0, 6), (-6, 0)),
    "cross": tuple(
        (x * 1.5, y * 1.5)
        for x, y in (
            (-1, -3),
            (1, -3),
            (1, -1),
            (3, -1),
            (3, 1),
            (1, 1),
            (1, 3),
            (-1, 3),
            (-1, 1),
            (-3, 1),
            (-3, -1),
            (-1, -1),
        )
    ),
    "triangle-down": ((0, 6), (5.5, -4.5), (-5.5, -4.5)),
}


def _marker(kind: str, x: float, y: float, cls: str) -> str:
    if kind == "circle":
        return f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="4.5"/>'
    points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in _SHAPES[kind])
    return f'<polygon class="{cls}" points="{points}"/>'


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split a line where a value is missing, so a gap is never drawn as a straight join."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _x_axis(labels: list[str], left: float, x_step: float, base_y: float) -> list[str]:
    """Tick labels thinned so that none overlaps another; the first is always shown.

    Candidates are every n-th label; each is kept only if its text, placed as drawn (the
    first anchored at its start, the last at its end, the rest centred), clears the one
    before it. The last is preferred over its neighbour, so the range's end is always read.
    """
    last = len(labels) - 1
    widest = max((len(label) for label in labels), default=1) * CHAR + 12
    every = max(1, math.ceil(widest / x_step)) if last > 0 else 1

    def extent(i: int) -> tuple[float, float, str]:
        x, width = left + i * x_step, len(labels[i]) * CHAR
        if i == 0 and last:
            return x, x + width, "start"
        if i == last and i:
            return x - width, x, "end"
        return x - width / 2, x + width / 2, "middle"

    def clears(i: int) -> bool:
        return not shown or extent(i)[0] >= extent(shown[-1])[1] + 8

    shown: list[int] = []
    for i in range(0, last + 1, every):
        if clears(i):
            shown.append(i)
    if last > 0 and shown[-1] != last:
        while len(shown) > 1 and not clears(last):
            shown.pop()  # make room for the last label
        if clears(last):
            shown.append(last)
    body = []
    for i in shown:
        x = left + i * x_step
        body.append(f'<line class="parity-chart__tick" x1="{x:.1f}" x2="{x:.1f}" y1="{base_y}" y2="{base_y + 5}"/>')
        body.append(_text(x, base_y + 20, labels[i], anchor=extent(i)[2]))
    return body


def _draw_lines(series: Sequence[Series], axis_labels: list[str], caption: str, width: int) -> tuple[float, list[str]]:
    columns = 2 if width >= 480 else 1
    top = 16 + 24 * math.ceil(len(series) / columns)
    left, right, plot_h = 56.0, width - 16.0, 220.0 if width >= 480 else 180.0
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(max(values, default=0.0))
    y_scale = plot_h / ticks[-1]
    x_step = (right - left) / max(len(axis_labels) - 1, 1)
    base_y = top + plot_h

    body = []
    for i, s in enumerate(series):
        kx, ky = 8 + (i % columns) * (width / columns), 14 + 24 * (i // columns)
        body.append(f'<line class="parity-chart__key-swatch--{i + 1}" x1="{kx}" x2="{kx + 36}" y1="{ky}" y2="{ky}"/>')
        body.append(_marker(MARKERS[i], kx + 18, ky, f"parity-chart__marker--{i + 1}"))
        body.append(_text(kx + 44, ky + 5, s.name))
    step = ticks[1] - ticks[0]
    for tick in ticks:
        y = base_y - tick * y_scale
        body.append(f'<line class="parity-chart__grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        body.append(_text(left - 8, y + 5, _tick_text(tick, step), anchor="end"))
    body.append(f'<line class="parity-chart__axis" x1="{left}" x2="{right}" y1="{base_y}" y2="{base_y}"/>')
    body += _x_axis(axis_labels, left, x_step, base_y)
    body.append(_text(8, base_y + 44, caption, "parity-chart__text--muted"))
    for i, s in enumerate(series):
        points = [None if v is None else (left + j * x_step, base_y - v * y_scale) for j, v in enumerate(s.values)]
        for run in _segments(points):
            d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in run)
            body.append(f'<path class="parity-chart__line--{i + 1}" d="{d}"/>')
        body += [_marker(MARKERS[i], x, y, f"parity-chart__marker--{i + 1}") for x, y in filter(None, points)]
    return base_y + 52, body


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    id: str,
    title: str,
    description: str,
    value_label: str,
    x_label: str = "Month",
    short_x_labels: Sequence[str] | None = None,
    fmt: Formatter = rate,
    notes: Sequence[str] = (),
) -> Chart:
    """Lines over time (monthly counts, rolling rates), up to six series, with a key.

    `x_labels` name each point in the table ("January 2021"); `short_x_labels` ("Jan 2021")
    label the axis, thinned so they never overlap. A None value breaks the line.
    """
    if len(series) > len(MARKERS):
        raise ValueError(f"a line chart shows at most {len(MARKERS)} series, not {len(series)}: split it")
    for s in series:
        if len(s.values) != len(x_labels):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(x_labels)} x labels")
    axis_labels = list(short_x_labels or x_labels)
    caption = f"{value_label}, by {x_label.lower()}"
    svg = _responsive(id, title, lambda width: _draw_lines(series, axis_labels, caption, width))
    head = [Cell(x_label, header=True)] + [Cell(s.name, numeric=True, header=True) for s in series]
    rows = [
        [Cell(label, header=True)]
        + [Cell(fmt(s.values[j]), numeric=True, suppressed=s.values[j] is None) for s in series]
        for j, label in enumerate(x_labels)
    ]
    return Chart(id, title, description, svg, Table(title, head, rows), list(notes))
