"""Maps drawn on the server as SVG, each with a legend in words and a table twin.

Like the charts (`parity.presentation.charts`), a map is markup in the page: no JavaScript,
no tiles, nothing from another host. Areas are shaded in bands of a measure; each band
has its own fill pattern as well as its own shade (light to dark), so a band never rests
on colour alone, and areas are outlined in black. The legend is HTML beside the drawing
(a small swatch and the band's words), so it reads at any screen size, and the table twin
holds every figure the map shows. The boundaries' attribution travels with every map.

A map whose areas link somewhere (a force each) is a group of links, each named by its
area and figure; those links are left out of the Tab order, because the table twin holds
the same links for the keyboard. A map without links is one image, named by its caption.

Coordinates are metres east and north (the British National Grid), drawn north up.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from parity.presentation.charts import Cell, nice_ticks

WIDTH = 640
MAX_HEIGHT = 720
PAD = 4.0

# Light to dark blues; the lightest has 1.3:1 against white, so every area also has a black
# outline (21:1) and each band its own pattern.
SHADES = ("#dbe8f5", "#a9c8e6", "#6f9fd0", "#3a73ae", "#1d4f86", "#0b2d52")
NO_FIGURE = "#ffffff"
INK = "#0b0c0c"


@dataclass(frozen=True)
class Pattern:
    """A band's look: a fill and marks over it, as SVG drawn on an 8 x 8 tile."""

    fill: str
    marks: str  # path data on the tile; "" for none
    ink: str  # the marks' colour, chosen to show against the fill
    words: str  # the pattern in words, for the legend


def _patterns() -> tuple[Pattern, ...]:
    marks = (
        ("", "plain"),
        ("M2 2h1M6 6h1", "dotted"),
        ("M0 8L8 0", "lines rising"),
        ("M0 0L8 8", "lines falling"),
        ("M0 8L8 0M0 0L8 8", "cross-hatched"),
        ("M0 4H8M4 0V8", "grid"),
    )
    return tuple(
        Pattern(shade, path, INK if i < 3 else "#ffffff", words)
        for i, (shade, (path, words)) in enumerate(zip(SHADES, marks, strict=True))
    )


PATTERNS = _patterns()
NO_FIGURE_PATTERN = Pattern(NO_FIGURE, "M1 4h3", "#505a5f", "white with dashes")


@dataclass(frozen=True)
class Region:
    """One area: its outline, its band (None: no figure) and what it says when pointed at."""

    label: str
    rings: Sequence[Sequence[float]]  # each a flat x0, y0, x1, y1, ... list
    band: int | None
    text: str  # the figure in words, e.g. "2.10 times"; "not published"
    href: str | None = None


@dataclass(frozen=True)
class Swatch:
    label: str
    words: str  # the pattern in words
    svg: Markup


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    href: str | None = None  # the first cell links here


@dataclass(frozen=True)
class MapTable:
    caption: str
    head: list[Cell]
    rows: list[Row]


@dataclass(frozen=True)
class Map:
    """What the `map_figure()` macro renders: caption, description, drawing, legend, table twin."""

    id: str
    title: str
    description: str
    svg: Markup
    legend: list[Swatch]
    table: MapTable
    attribution: str
    notes: list[str] = field(default_factory=list)
    links: bool = False


def banded(breaks: Sequence[float], fmt: Callable[[float], str]) -> list[str]:
    """Band labels for ascending `breaks`: "Below b0", "b0 to under b1", ..., "bn or more"."""
    labels = [f"Below {fmt(breaks[0])}"]
    labels += [f"{fmt(a)} to under {fmt(b)}" for a, b in itertools.pairwise(breaks)]
    labels.append(f"{fmt(breaks[-1])} or more")
    return labels


def band_of(value: float, breaks: Sequence[float]) -> int:
    """The band of `value` for ascending `breaks` (0: below the first break)."""
    return sum(value >= b for b in breaks)


def count_breaks(values: Sequence[float], bands: int = len(SHADES)) -> list[float]:
    """Round breaks from the data: nice steps from 0 up to the largest value, at most `bands` bands."""
    top = max(values, default=0.0)
    ticks = nice_ticks(top, count=bands - 1)
    return [t for t in ticks[1:] if t <= top] or [ticks[-1]]


def _pattern_defs(pattern_id: str, pattern: Pattern) -> str:
    marks = (
        f'<path d="{pattern.marks}" stroke="{pattern.ink}" stroke-width="1.2" fill="none"/>' if pattern.marks else ""
    )
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8">'
        f'<rect width="8" height="8" fill="{pattern.fill}"/>{marks}</pattern>'
    )


def _swatch(map_id: str, key: str, pattern: Pattern) -> Markup:
    pid = f"{map_id}-key-{key}"
    return Markup(  # noqa: S704 - ids and colours are Parity's own; no text from data
        f'<svg class="parity-map__swatch" width="36" height="24" viewBox="0 0 36 24" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg"><defs>{_pattern_defs(pid, pattern)}</defs>'
        f'<rect x="0.5" y="0.5" width="35" height="23" fill="url(#{pid})" stroke="{INK}"/></svg>'
    )


def _path(rings: Sequence[Sequence[float]], project: Callable[[float, float], tuple[float, float]]) -> str:
    parts = []
    for ring in rings:
        points = [project(ring[i], ring[i + 1]) for i in range(0, len(ring) - 1, 2)]
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _frame(regions: Sequence[Region]) -> tuple[Callable[[float, float], tuple[float, float]], float]:
    xs = [r[i] for region in regions for r in region.rings for i in range(0, len(r) - 1, 2)]
    ys = [r[i] for region in regions for r in region.rings for i in range(1, len(r), 2)]
    if not xs:
        return (lambda x, y: (x, y)), 2 * PAD
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = max(right - left, 1.0), max(top - bottom, 1.0)
    scale = min((WIDTH - 2 * PAD) / span_x, (MAX_HEIGHT - 2 * PAD) / span_y)
    offset_x = (WIDTH - span_x * scale) / 2

    def project(x: float, y: float) -> tuple[float, float]:
        return offset_x + (x - left) * scale, PAD + (top - y) * scale

    return project, math.ceil(span_y * scale + 2 * PAD)


def choropleth(
    regions: Sequence[Region],
    band_labels: Sequence[str],
    *,
    id: str,
    title: str,
    description: str,
    table: MapTable,
    attribution: str,
    no_figure_label: str = "No figure",
    notes: Sequence[str] = (),
) -> Map:
    """Areas shaded by band, with a legend naming each band and its pattern, and the table twin."""
    if len(band_labels) > len(PATTERNS):
        raise ValueError(f"a map shows at most {len(PATTERNS)} bands, not {len(band_labels)}")
    project, height = _frame(regions)
    links = any(r.href for r in regions)
    defs = [_pattern_defs(f"{id}-band-{i}", p) for i, p in enumerate(PATTERNS[: len(band_labels)])]
    defs.append(_pattern_defs(f"{id}-band-none", NO_FIGURE_PATTERN))
    body = []
    for region in regions:
        d = _path(region.rings, project)
        if not d:
            continue
        fill = f"url(#{id}-band-{'none' if region.band is None else region.band})"
        said = escape(f"{region.label}: {region.text}")
        shape = (
            f'<path class="parity-map__area" d="{d}" fill="{fill}" fill-rule="evenodd" stroke="{INK}" '
            f'stroke-width="0.6">'
            f"<title>{said}</title></path>"
        )
        if region.href and links:
            shape = (
                f'<a class="govuk-link parity-map__link" href="{escape(region.href)}" tabindex="-1" '
                f'aria-label="{said}">{shape}</a>'
            )
        body.append(shape)
    role = 'role="group"' if links else 'role="img"'
    svg = Markup(  # noqa: S704 - every text from data went through escape()
        f'<svg class="parity-chart__svg parity-map__svg" viewBox="0 0 {WIDTH} {height:.0f}" {role} '
        f'aria-labelledby="{id}-caption" aria-describedby="{id}-description" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg"><defs>{"".join(defs)}</defs>{"".join(body)}</svg>'
    )
    legend = [
        Swatch(label, p.words, _swatch(id, str(i), p))
        for i, (label, p) in enumerate(zip(band_labels, PATTERNS[: len(band_labels)], strict=True))
    ]
    if any(r.band is None for r in regions):
        legend.append(Swatch(no_figure_label, NO_FIGURE_PATTERN.words, _swatch(id, "none", NO_FIGURE_PATTERN)))
    return Map(id, title, description, svg, legend, table, attribution, list(notes), links)
