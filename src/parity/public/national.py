"""What the England and Wales page shows: Parity's figure from the forces held and the Home
Office's published series beside it, as one chart with its table twin. Gathered here so the
view makes one call."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from parity.analysis.national import NationalSeries
from parity.justice.national import national_series
from parity.presentation.charts import Chart, Series, line_chart
from parity.presentation.formatting import rate
from parity.public.display import Notes, rate_notes
from parity.public.figures import newest_held

GROUP_LINES = (("all", "All"), ("black", "Black"), ("white", "White"))
METHODOLOGY = ("england-and-wales", "rate-per-1000", "small-number-protection")


@dataclass(frozen=True)
class NationalPage:
    series: NationalSeries
    chart: Chart | None
    age: str | None  # how old Parity's newest records are
    published_to: str | None  # the latest year of the published series held
    notes: Notes | None  # for Parity's latest figure
    downloads: tuple[tuple[str, str], ...]


def _parity_rate(series: NationalSeries, year: str, code: str) -> float | None:
    figure = series.parity_for(year)
    if figure is None:
        return None
    group = figure.table.total if code == "all" else figure.table.group(code)
    return group.rate_per_1000


def _rate_or_gap(value: float | None) -> str:
    return "none held" if value is None else rate(value)


def series_chart(series: NationalSeries) -> Chart | None:
    """Searches per 1,000 residents each year: the published lines and Parity's beside them."""
    years = series.years
    if not years:
        return None
    lines = [
        Series(f"{label}, published", [(y.rate(code) if (y := series.published_for(year)) else None) for year in years])
        for code, label in GROUP_LINES
    ]
    lines += [
        Series(f"{label}, Parity", [_parity_rate(series, year, code) for year in years]) for code, label in GROUP_LINES
    ]
    return line_chart(
        [line for line in lines if any(v is not None for v in line.values)],
        [f"April {year[:4]} to March {int(year[:4]) + 1}" for year in years],
        id="national-series",
        title="Searches per 1,000 residents in England and Wales, by year",
        description=(
            "The Home Office's published rates for all 43 forces, and Parity's own rates for the forces it "
            "holds for the whole year, for all people, Black people and White people. A gap is a year with "
            "no figure held."
        ),
        value_label="Searches per 1,000 residents",
        x_label="Year",
        short_x_labels=list(years),
        fmt=_rate_or_gap,
    )


def downloads() -> tuple[tuple[str, str], ...]:
    return tuple((fmt.upper(), reverse("public:national-table", kwargs={"fmt": fmt})) for fmt in ("csv", "json"))


def national_page() -> NationalPage:
    series = national_series()
    published_to = series.published[-1].period if series.published else None
    links = downloads()
    notes = rate_notes(series.latest.table, METHODOLOGY, links) if series.latest else None
    return NationalPage(series, series_chart(series), newest_held(), published_to, notes, links)
