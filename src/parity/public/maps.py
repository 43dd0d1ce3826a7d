"""The public maps: force areas shaded by a compared measure, and where a force's searches happen.

Both draw ONS's boundaries as `parity maps build` simplified them (`parity.geography`); where
none are built, `boundaries()` is None and the page says so. The figures come from where the
pages' tables get them: the comparison (`parity.public.compare`), and for a force's areas,
its person searches in a financial year placed in local authority districts and protected
(`parity.analysis.areas`), so no map point and no small count is ever shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.urls import reverse

from parity.analysis.areas import AreaCounts, area_counts
from parity.analysis.period import parse_period
from parity.analysis.rules import Rules
from parity.geography import areas
from parity.geography.areas import Boundaries
from parity.geography.build import GEOMETRY_FILE
from parity.presentation import maps
from parity.presentation.charts import Cell
from parity.presentation.formatting import SUPPRESSED, number, proportion, rate, ratio
from parity.public.compare import Comparison
from parity.reference.forces import FORCES, force_by_slug
from parity.warehouse.places import points
from parity.warehouse.queries import Selection
from parity.web.cache import memoised

RATIO_BREAKS = (1.0, 1.5, 2.0, 3.0, 5.0)  # 1 is "the same rate as the reference group"
NO_GEOMETRY = (
    "No map can be drawn yet: the boundaries have not been prepared on this installation. "
    "The figures are in the tables on the other pages."
)


def boundaries() -> Boundaries | None:
    return areas.boundaries()


def geometry_version() -> float:
    """Changes when the boundaries are built again, so kept results are worked out anew."""
    path = areas.directory() / GEOMETRY_FILE
    return path.stat().st_mtime if path.exists() else 0.0


def _ons_codes() -> dict[str, str]:
    return {f.ons_code: f.slug for f in FORCES if f.ons_code}


def compare_map(c: Comparison, found: Boundaries, query: str) -> maps.Map:
    """Every force area, shaded by the comparison's figure, each linking to its force's figures."""
    fmt = ratio if c.measure == "ratio" else rate
    by_slug = {f.slug: f for f in c.forces}
    values = [f.value for f in c.forces if f.value is not None]
    breaks = list(RATIO_BREAKS) if c.measure == "ratio" else maps.count_breaks(values)
    labels = maps.banded(breaks, fmt)
    slugs = _ons_codes()
    regions, rows = [], []
    for area in sorted(found.forces, key=lambda a: a.name):
        slug = slugs.get(area.code)
        figure = by_slug.get(slug) if slug else None
        name = figure.name if figure else (force_by_slug(slug).name if slug else area.name)
        href = reverse("public:force-stop-search", kwargs={"slug": slug}) + query if figure and slug else None
        if figure is None:
            text, band, interval, why = "no records held", None, "", "Parity holds no records for this force."
        elif figure.value is None:
            text, band, interval, why = "no figure", None, "", figure.reason or ""
        else:
            band = maps.band_of(figure.value, breaks)
            text = fmt(figure.value)
            interval = f"{fmt(figure.low)} to {fmt(figure.high)}" if figure.low is not None else ""
            why = labels[band] + (". Based on few searches: unreliable" if figure.unreliable else "")
        regions.append(maps.Region(name, area.rings, band, text, href))
        rows.append(
            maps.Row(
                [
                    Cell(name, header=True),
                    Cell(text, numeric=True, suppressed=band is None),
                    Cell(interval, numeric=True),
                    Cell(why),
                ],
                href,
            )
        )
    unit = "Ratio" if c.measure == "ratio" else "Rate per 1,000"
    table = maps.MapTable(
        f"Map: {c.title}",
        [
            Cell("Force", header=True),
            Cell(unit, numeric=True, header=True),
            Cell("95% interval", numeric=True, header=True),
            Cell("Band or reason", header=True),
        ],
        rows,
    )
    what = "disproportionality ratio" if c.measure == "ratio" else "rate of searches per 1,000 residents"
    description = (
        f"The police force areas of England and Wales, each shaded by its {what} in {len(labels)} bands, "
        "from light with no pattern (lowest) to dark with a grid (highest); each band has its own pattern. "
        "Areas with no figure are white with dashes. The table below gives every figure with its interval."
    )
    notes = [
        "The shading shows each force’s figure without its interval. Some forces’ figures rest on few searches "
        "and look high or low by chance: the funnel plot on the compare page shows which differ from the "
        "average by more than chance would often give."
    ]
    return maps.choropleth(
        regions,
        labels,
        id="force-map",
        title=f"Map: {c.title}",
        description=description,
        table=table,
        attribution=found.attribution,
        no_figure_label="No figure for this choice, or no records held",
        notes=notes,
    )


@dataclass(frozen=True)
class Places:
    """Where a force's person searches happened in one financial year, by local authority."""

    force: str  # its name
    period: str
    counts: AreaCounts | None
    map: maps.Map | None
    problem: str | None = None


@memoised("places")
def places(slug: str, period: str, version: float) -> Places:
    """The force's searches in `period` (a financial year) by local authority district, protected.

    `version` is the geometry's (`geometry_version()`), so a new build is used at once.
    """
    found = boundaries()
    info = force_by_slug(slug)
    if found is None:
        return Places(info.name, period, None, None, NO_GEOMETRY)
    districts = found.districts_of(info.ons_code)
    if not districts:
        return Places(info.name, period, None, None, f"{info.name} has no local authority areas of its own to map.")
    span = parse_period(period)
    held = points(Selection((slug,), span.start, span.end))
    unlocated = sum(n for lon, lat, n in held if lon is None or lat is None)
    located = [(float(lon), float(lat), n) for lon, lat, n in held if lon is not None and lat is not None]
    codes = areas.place([(lon, lat) for lon, lat, _ in located], districts)
    tally: Counter[str] = Counter()
    elsewhere = 0
    for (_, _, n), code in zip(located, codes, strict=True):
        if code is None:
            elsewhere += n
        else:
            tally[code] += n
    ordered = sorted(districts, key=lambda d: d.name)
    counts = area_counts(
        [(d.code, d.name) for d in ordered],
        dict(tally),
        elsewhere=elsewhere,
        unlocated=unlocated,
        threshold=Rules.from_settings().disclosure_threshold,
    )
    return Places(info.name, period, counts, _places_map(info.name, period, ordered, counts, found.attribution))


def _places_map(force: str, period: str, districts: list[areas.Area], counts: AreaCounts, attribution: str) -> maps.Map:
    shown = [r.searches for r in counts.areas if r.searches is not None]
    breaks = maps.count_breaks([float(v) for v in shown], bands=5)

    def whole(value: float) -> str:
        return number(value)

    labels = maps.banded(breaks, whole)
    by_code = {r.code: r for r in counts.areas}
    regions = []
    for district in districts:
        row = by_code[district.code]
        band = None if row.searches is None else maps.band_of(row.searches, breaks)
        regions.append(maps.Region(district.name, district.rings, band, _searches(row.searches)))
    rows = [
        maps.Row(
            [
                Cell(r.name, header=True),
                Cell(number(r.searches), numeric=True, suppressed=r.suppressed),
                Cell(proportion(r.share), numeric=True, suppressed=r.suppressed),
            ]
        )
        for r in counts.rows
    ]
    rows.append(
        maps.Row(
            [
                Cell("All searches", header=True),
                Cell(number(counts.total), numeric=True, suppressed=counts.total is None),
                Cell("100.0%" if counts.total else "", numeric=True),
            ]
        )
    )
    title = f"Where searches happened in {force}, {period}: searches by local authority"
    table = maps.MapTable(
        title,
        [
            Cell("Local authority", header=True),
            Cell("Searches", numeric=True, header=True),
            Cell("Share of searches", numeric=True, header=True),
        ],
        rows,
    )
    description = (
        f"The local authority districts in {force}, each shaded by how many people were searched there in "
        f"{period}, in {len(labels)} bands from light with no pattern (fewest) to dark (most); each band has its "
        "own pattern. Districts whose count is not published are white with dashes. The table below gives "
        "every count."
    )
    return maps.choropleth(
        regions,
        labels,
        id="places-map",
        title=title,
        description=description,
        table=table,
        attribution=attribution,
        no_figure_label="Not published: too few searches to show without identifying people",
    )


def _searches(count: int | None) -> str:
    if count is None:
        return SUPPRESSED
    return f"{number(count)} {'search' if count == 1 else 'searches'}"
