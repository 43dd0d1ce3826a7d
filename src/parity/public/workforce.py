"""The public workforce pages' figures and charts: each force's, and every force side by side.

The figures come from `parity.workforce.figures`, kept per data version (`memoised`) so the
page, its downloads and the API share one computation. Charts are drawn here from the result
objects, each with its table twin; suppressed groups stay suppressed in both.
"""

from __future__ import annotations

from collections.abc import Sequence

from parity.analysis.representation import Representation, RepresentationTrend
from parity.presentation.charts import Bar, Chart, Series, bar_chart, line_chart
from parity.presentation.formatting import number, ratio
from parity.reference.ethnicity import GROUPS_STATED
from parity.web.cache import memoised
from parity.workforce import figures
from parity.workforce.figures import LABELS, ForceWorkforce, HeadcountSeries, NationalRepresentation

GROUP_CHOICES = {g.value: g.label for g in GROUPS_STATED}
DEFAULT_GROUP = "black"
EVEN = "1: the group's share of the workforce equals its share of residents"


def ratio_2(value: float | None, places: int = 2, *, suppressed: bool = False) -> str:
    """Representation ratios are read to two places: 0.45 and 0.54 differ."""
    return ratio(value, places, suppressed=suppressed)


@memoised("workforce-force")
def force_workforce(slug: str) -> ForceWorkforce:
    return figures.force_workforce(slug)


@memoised("workforce-national")
def national(year: int | None) -> NationalRepresentation:
    return figures.national_representation(year)


@memoised("workforce-years")
def national_years() -> tuple[int, ...]:
    return figures.national_years()


def representation_chart(result: Representation, chart_id: str, title: str) -> Chart:
    bars = [Bar(g.group, g.representation_ratio, g.ratio_ci_low, g.ratio_ci_high) for g in result.groups]
    return bar_chart(
        bars,
        id=chart_id,
        title=title,
        description=(
            "Each ethnic group's representation ratio with its 95% interval; 1 means the group's share of the "
            "workforce equals its share of the area's residents, below 1 that it is under-represented."
        ),
        value_label="Representation ratio",
        reference_value=1.0,
        reference_label=EVEN,
        fmt=ratio_2,
    )


def trend_chart(trend: RepresentationTrend, chart_id: str, title: str) -> Chart:
    series = [Series(label, trend.ratios(code)) for code, label in GROUP_CHOICES.items()]
    return line_chart(
        series,
        [f"31 March {r.as_at[:4]}" for r in trend.years],
        id=chart_id,
        title=title,
        description="Each group's representation ratio on 31 March of each year held; a gap is a figure not published.",
        value_label="Representation ratio",
        x_label="Year",
        short_x_labels=[r.as_at[:4] for r in trend.years],
        fmt=ratio_2,
    )


def headcount_chart(series: HeadcountSeries, chart_id: str) -> Chart:
    lines = [
        Series(LABELS[w], [None if v is None else float(v) for v in values]) for w, values in series.headcount.items()
    ]
    return line_chart(
        lines,
        [f"31 March {y}" for y in series.years],
        id=chart_id,
        title=f"People employed by {series.force_name}, by worker type",
        description="Headcount on 31 March of each year, one line for each kind of worker.",
        value_label="People",
        x_label="Year",
        short_x_labels=[str(y) for y in series.years],
        fmt=number,
    )


def national_chart(result: NationalRepresentation, group: str) -> Chart:
    label = GROUP_CHOICES[group]
    bars = [
        Bar(
            r.context.force_name,
            r.group(group).representation_ratio,
            r.group(group).ratio_ci_low,
            r.group(group).ratio_ci_high,
        )
        for r in result.forces
    ]
    return bar_chart(
        bars,
        id="national-chart",
        title=f"Representation of {label} people among police officers, each force, 31 March {result.year}",
        description=(
            f"Each force's representation ratio for {label} officers with its 95% interval, forces in "
            "alphabetical order; 1 means officers look like the force area's residents."
        ),
        value_label="Representation ratio",
        group_label="Force",
        reference_value=1.0,
        reference_label=EVEN,
        fmt=ratio_2,
    )


def choose_group(value: str | None) -> str:
    return value if value in GROUP_CHOICES else DEFAULT_GROUP


def choose_year(value: str | None, years: Sequence[int]) -> int | None:
    """The year asked for, if held; otherwise None (the latest)."""
    if value and value.isdigit() and int(value) in years:
        return int(value)
    return None


def force_charts(found: ForceWorkforce) -> dict[str, Chart | None]:
    """The force page's charts, each None where its figures are not held."""
    name = found.force_name
    return {
        "latest_chart": None
        if found.latest is None
        else representation_chart(
            found.latest, "representation-chart", f"Representation of each group among {name}'s police officers"
        ),
        "trend_chart": None
        if found.trend is None or len(found.trend.years) < 2
        else trend_chart(found.trend, "trend-chart", f"Representation of each group among {name}'s officers over time"),
        "chief_chart": None
        if found.chief_trend is None or len(found.chief_trend.years) < 2
        else trend_chart(
            found.chief_trend, "chief-chart", f"Representation of each group among {name}'s chief officers over time"
        ),
        "headcount_chart": None if found.headcount is None else headcount_chart(found.headcount, "headcount-chart"),
    }
