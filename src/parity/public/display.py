"""Result objects as page parts: charts with table twins, and the notes under each figure.

Every figure on a public page carries the same notes: what was left out and how many,
which cells are not published and why, the warnings that bear on it, the small-number
rules, the methodology pages that explain it and the download of its table. Nothing here
computes a figure; it only arranges what the result objects hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from parity.analysis.outcomes import ObjectOutcome, OutcomesByObject, OutcomeTest
from parity.analysis.rates import GroupRate, RateTable
from parity.analysis.results import Exclusion
from parity.analysis.rules import Rules
from parity.analysis.strip_search import StripSearches
from parity.analysis.trend import Change, Trend
from parity.presentation import formatting
from parity.presentation.charts import Bar, Chart, Formatter, Series, bar_chart, line_chart
from parity.presentation.formatting import month
from parity.public.compare import Comparison
from parity.public.figures import Overview, SearchedFor, StopSearchFigures
from parity.public.funnel import funnel_chart
from parity.public.methodology import page_title
from parity.public.query import Choice

# The display formatters, typed for any number (parity.presentation.formatting types them as Real).
rate: Formatter = formatting.rate
ratio: Formatter = formatting.ratio
percent: Formatter = formatting.percent

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# One reason for every hidden count: saying which are the small ones would give them away.
HIDDEN = "a count from 1 to {below}, or hidden so that one cannot be worked out from the totals"


@dataclass(frozen=True)
class Notes:
    """What is shown under a figure."""

    exclusions: tuple[Exclusion, ...]
    suppressed: tuple[str, ...]
    warnings: tuple[str, ...]
    rules: str
    methodology: tuple[tuple[str, str], ...]  # (title, href)
    downloads: tuple[tuple[str, str], ...]  # (format, href)


def methodology_links(slugs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    return tuple((page_title(slug), reverse("public:methodology-page", kwargs={"slug": slug})) for slug in slugs)


def download_links(slug: str, table: str, choice: Choice) -> tuple[tuple[str, str], ...]:
    query = choice.query_string()
    return tuple(
        (fmt.upper(), reverse("public:force-table", kwargs={"slug": slug, "table": table, "fmt": fmt}) + query)
        for fmt in ("csv", "json")
    )


def suppression_lines(rows: Iterable[tuple[str, GroupRate]], rules: Rules) -> tuple[str, ...]:
    """One line per suppressed count: where it is and why it is hidden."""
    out = []
    for where, g in rows:
        if g.suppressed:
            out.append(f"{where}: not published ({HIDDEN.format(below=rules.disclosure_threshold - 1)}).")
    return tuple(out)


def table_rows(table: RateTable) -> list[tuple[str, GroupRate]]:
    rows = [(g.group, g) for g in table.groups]
    for section in table.sections:
        rows += [(f"{section.label}, {g.group}", g) for g in section.groups]
    return rows


def notes(
    *,
    exclusions: Sequence[Exclusion],
    suppressed: Sequence[str],
    warnings: Sequence[str],
    rules: Rules,
    methodology: Sequence[str],
    downloads: tuple[tuple[str, str], ...] = (),
) -> Notes:
    described = rules.describe()
    unique = tuple(dict.fromkeys(w for w in warnings if w != described))
    return Notes(tuple(exclusions), tuple(suppressed), unique, described, methodology_links(methodology), downloads)


def rate_notes(table: RateTable, methodology: Sequence[str], downloads: tuple[tuple[str, str], ...]) -> Notes:
    return notes(
        exclusions=table.exclusions,
        suppressed=suppression_lines(table_rows(table), table.rules),
        warnings=[*table.warnings, *(w for g in table.groups for w in g.warnings if not g.suppressed)],
        rules=table.rules,
        methodology=methodology,
        downloads=downloads,
    )


def outcome_notes(result: OutcomeTest, downloads: tuple[tuple[str, str], ...]) -> Notes:
    lines = []
    why = HIDDEN.format(below=result.rules.disclosure_threshold - 1)
    for g in result.groups:
        for name in ("find", "arrest", "no_further_action"):
            p = getattr(g, name)
            if p is not None and p.suppressed and not g.suppressed:
                lines.append(f"{g.group}, {name.replace('_', ' ')}: not published ({why}).")
        if g.suppressed:
            lines.append(f"{g.group}: not published ({why}).")
    return notes(
        exclusions=result.exclusions,
        suppressed=lines,
        warnings=[*result.warnings, result.caveat],
        rules=result.rules,
        methodology=["outcome-test", "small-number-protection"],
        downloads=downloads,
    )


def object_notes(result: OutcomesByObject, downloads: tuple[tuple[str, str], ...]) -> Notes:
    why = HIDDEN.format(below=result.rules.disclosure_threshold - 1)
    lines = []
    for found in result.objects:
        for g in (*found.outcomes.groups, found.outcomes.total):
            if g.suppressed:
                lines.append(f"{found.label}, {g.group}: not published ({why}).")
            elif g.find is not None and g.find.suppressed:
                lines.append(f"{found.label}, {g.group}, finds: not published ({why}).")
    return notes(
        exclusions=result.exclusions,
        suppressed=lines,
        warnings=[*result.warnings, result.caveat],
        rules=result.rules,
        methodology=["what-was-searched-for", "outcome-test", "small-number-protection"],
        downloads=downloads,
    )


# --- charts -------------------------------------------------------------------------------


def _title(what: str, table: RateTable, choice: Choice) -> str:
    extra = choice.describe()
    return f"{what}, {table.context.force_name}, {table.context.period_label}" + (f" ({extra})" if extra else "")


def rates_chart(table: RateTable, choice: Choice, *, id: str) -> Chart | None:
    """Searches per 1,000 residents of each group, with intervals; None when there are no rates."""
    if table.no_rate_reason or all(g.rate_per_1000 is None for g in table.groups):
        return None
    bars = [Bar(g.group, g.rate_per_1000, g.rate_ci_low, g.rate_ci_high, reference=g.reference) for g in table.groups]
    listed = "; ".join(f"{b.label}{' (reference)' if b.reference else ''} {rate(b.value)}" for b in bars)
    description = f"Searches per 1,000 residents of each group: {listed}; everyone {rate(table.total.rate_per_1000)}."
    return bar_chart(
        bars,
        id=id,
        title=_title("Stop and search rate per 1,000 residents, by ethnic group", table, choice),
        description=description,
        value_label="Searches per 1,000 residents",
        reference_value=table.total.rate_per_1000,
        reference_label="Rate for everyone",
    )


def ratio_chart(table: RateTable, choice: Choice, *, id: str) -> Chart | None:
    """Each group's ratio to the reference group; None when no group has one."""
    others = [g for g in table.groups if not g.reference]
    if table.no_rate_reason or all(g.ratio is None for g in others):
        return None
    bars = [Bar(g.group, g.ratio, g.ratio_ci_low, g.ratio_ci_high) for g in others]
    return bar_chart(
        bars,
        id=id,
        title=_title(f"Disproportionality ratio to {table.reference_group} people", table, choice),
        description=" ".join(g.statement for g in others if g.ratio is not None),
        value_label=f"Times the rate for {table.reference_group} people",
        reference_value=1.0,
        reference_label="Equal rates",
        fmt=ratio,
    )


def trend_chart(trend: Trend, choice: Choice, *, id: str) -> Chart | None:
    """Rolling 12-month rates for each group; None when no window has a rate."""
    if not trend.points:
        return None
    groups = [g.group for g in trend.points[0].table.groups]
    series = [Series(name, [p.table.group(name).rate_per_1000 for p in trend.points]) for name in groups]
    if all(v is None for s in series for v in s.values):
        return None
    months = [p.month for p in trend.points]
    force = trend.context.force_name
    last = trend.points[-1].table
    listed = "; ".join(f"{g.group} {rate(g.rate_per_1000, suppressed=g.suppressed)}" for g in last.groups)
    extra = choice.describe()
    return line_chart(
        series,
        [f"12 months to {month(m)}" for m in months],
        short_x_labels=[f"{SHORT_MONTHS[int(m[5:]) - 1]} {m[:4]}" for m in months],
        id=id,
        title=f"Searches per 1,000 residents over the 12 months to each month, {force}"
        + (f" ({extra})" if extra else ""),
        description=(
            "Each point is the rate for the 12 months ending that month, so one unusual month moves it little. "
            + (f"In the 12 months to {month(months[-1])}: {listed}." if last.no_rate_reason is None else "")
        ),
        value_label="Searches per 1,000 residents",
        x_label="Twelve months to",
    )


def find_chart(found: ObjectOutcome, choice: Choice, *, id: str) -> Chart | None:
    """The share of each group's searches for one object that found it, with intervals;
    None when no group has a find rate."""
    result = found.outcomes
    bars = [
        Bar(g.group, _pct(g.find.share), _pct(g.find.ci_low), _pct(g.find.ci_high), reference=g.reference)
        for g in result.groups
        if g.find is not None
    ]
    if not bars or all(b.value is None for b in bars):
        return None
    total = result.total.find
    extra = choice.describe()
    return bar_chart(
        bars,
        id=id,
        title=f"Searches for {found.label.lower()} that found it, by ethnic group, {result.context.force_name}, "
        f"{result.context.period_label}" + (f" ({extra})" if extra else ""),
        description=f"Share of searches for {found.label.lower()} whose outcome was linked to what was searched for: "
        + "; ".join(f"{b.label} {percent(b.value)}" for b in bars)
        + ". A lower share can mean searches were made on less evidence; see the caveat below.",
        value_label="Percentage of searches that found it",
        reference_value=None if total is None or total.share is None else 100 * total.share,
        reference_label="All searches for it",
        fmt=percent,
    )


def arrest_chart(result: OutcomeTest, choice: Choice, *, id: str) -> Chart | None:
    """The share of each group's searches that ended in arrest, with intervals."""
    bars = []
    for g in result.groups:
        p = g.arrest
        if p is None:
            continue
        bars.append(Bar(g.group, _pct(p.share), _pct(p.ci_low), _pct(p.ci_high), reference=g.reference))
    if not bars or all(b.value is None for b in bars):
        return None
    total = result.total.arrest
    extra = choice.describe()
    return bar_chart(
        bars,
        id=id,
        title=f"Searches ending in arrest, by ethnic group, {result.context.force_name}, {result.context.period_label}"
        + (f" ({extra})" if extra else ""),
        description="Share of searches that ended in arrest: "
        + "; ".join(f"{b.label} {percent(b.value)}" for b in bars)
        + ". A lower share can mean searches were made on less evidence; see the caveat below.",
        value_label="Percentage of searches ending in arrest",
        reference_value=None if total is None or total.share is None else 100 * total.share,
        reference_label="All searches",
        fmt=percent,
    )


def _pct(share: float | None) -> float | None:
    return None if share is None else 100 * share


# --- a page's parts -------------------------------------------------------------------------

RATE_PAGES = ["rate-per-1000", "disproportionality-ratio", "unknown-ethnicity", "small-number-protection"]


def trend_notes(trend: Trend, downloads: tuple[tuple[str, str], ...]) -> Notes:
    cells = ((f"12 months to {month(p.month)}, {g.group}", g) for p in trend.points for g in p.table.groups)
    return notes(
        exclusions=(),
        suppressed=suppression_lines(cells, trend.rules),
        warnings=trend.warnings,
        rules=trend.rules,
        methodology=["trend-and-change", "small-number-protection"],
        downloads=downloads,
    )


def strip_notes(strips: StripSearches, downloads: tuple[tuple[str, str], ...]) -> Notes:
    lines = []
    for g in strips.groups:
        for label, p in (("all ages", g.all_ages), ("children", g.children)):
            if p.suppressed:
                why = HIDDEN.format(below=strips.rules.disclosure_threshold - 1)
                lines.append(f"{g.group}, {label}: not published ({why}).")
    return notes(
        exclusions=strips.exclusions,
        suppressed=lines,
        warnings=strips.warnings,
        rules=strips.rules,
        methodology=["strip-searches", "small-number-protection"],
        downloads=downloads,
    )


def change_notes(change: Change, downloads: tuple[tuple[str, str], ...]) -> Notes:
    return notes(
        exclusions=(),
        suppressed=suppression_lines(table_rows(change.current), change.current.rules),
        warnings=change.warnings,
        rules=change.current.rules,
        methodology=["trend-and-change"],
        downloads=downloads,
    )


def overview_parts(found: Overview) -> dict[str, Any]:
    slug, choice = found.force.slug, found.choice
    parts: dict[str, Any] = {}
    if found.rates.result is not None:
        table = found.rates.result
        parts["rates_chart"] = rates_chart(table, choice, id="rates")
        parts["rate_notes"] = rate_notes(table, RATE_PAGES, download_links(slug, "rates", choice))
    if found.change.result is not None:
        parts["change_notes"] = change_notes(found.change.result, download_links(slug, "change", choice))
    return parts


def stop_search_parts(found: StopSearchFigures) -> dict[str, Any]:
    slug, choice = found.force.slug, found.choice
    parts: dict[str, Any] = {"f": found}
    if found.rates.result is not None:
        table = found.rates.result
        parts["rates_chart"] = rates_chart(table, choice, id="rates")
        parts["ratio_chart"] = ratio_chart(table, choice, id="ratios")
        parts["rate_notes"] = rate_notes(table, RATE_PAGES, download_links(slug, "rates", choice))
    if found.trend.result is not None:
        parts["trend_chart"] = trend_chart(found.trend.result, choice, id="trend")
        parts["trend_notes"] = trend_notes(found.trend.result, download_links(slug, "trend", choice))
    for name, answer, table_name, pages in (
        ("legislation", found.by_legislation, found.legislation_table, ["rate-per-1000", "disproportionality-ratio"]),
        ("age", found.by_age, "age", ["rate-per-1000"]),
        ("gender", found.by_gender, "gender", ["rate-per-1000"]),
    ):
        if answer.result is not None:
            parts[f"{name}_notes"] = rate_notes(
                answer.result, [*pages, "small-number-protection"], download_links(slug, table_name, choice)
            )
    if found.outcomes.result is not None:
        parts["arrest_chart"] = arrest_chart(found.outcomes.result, choice, id="arrests")
        parts["outcome_notes"] = outcome_notes(found.outcomes.result, download_links(slug, "outcomes", choice))
    if found.strip_searches.result is not None:
        parts["strip_notes"] = strip_notes(found.strip_searches.result, download_links(slug, "strip-searches", choice))
    return parts


def objects_parts(found: SearchedFor) -> dict[str, Any]:
    """The page of what officers searched for: a find-rate chart (with its table) per object."""
    parts: dict[str, Any] = {"f": found}
    result = found.objects.result
    if result is not None:
        parts["find_charts"] = {o.code: find_chart(o, found.choice, id=f"finds-{o.code}") for o in result.objects}
        parts["object_notes"] = object_notes(result, download_links(found.force.slug, "objects", found.choice))
    return parts


def comparison_parts(result: Comparison, query: str) -> dict[str, Any]:
    """The interval chart (forces in alphabetical order), the funnel plot and the notes."""
    fmt = ratio if result.measure == "ratio" else rate
    shown = [f for f in result.forces if f.value is not None]
    parts: dict[str, Any] = {"interval_chart": None, "funnel_chart": None}
    if shown:
        parts["interval_chart"] = bar_chart(
            [Bar(f.name, f.value, f.low, f.high) for f in shown],
            id="forces-chart",
            title=result.title,
            description=(
                "Each force's figure with its 95% interval, forces in alphabetical order. Where intervals overlap, "
                "the data cannot tell those forces apart; the funnel plot below shows which differ from the average "
                "by more than chance would give."
            ),
            value_label="Ratio" if result.measure == "ratio" else "Searches per 1,000 residents",
            group_label="Force",
            reference_value=result.average,
            reference_label="Average of these forces",
            fmt=fmt,
        )
        parts["funnel_chart"] = funnel_chart(
            result,
            id="funnel",
            description=(
                "Forces whose point lies between the curves differ from the average of these forces by no more than "
                "chance would often give; outside the dotted curves, chance alone is very unlikely."
            ),
        )
    methodology = ["comparing-forces", "disproportionality-ratio", "rate-per-1000", "small-number-protection"]
    downloads = tuple(
        (fmt_.upper(), reverse("public:compare-table", kwargs={"fmt": fmt_}) + query) for fmt_ in ("csv", "json")
    )
    rules = Rules.from_settings()
    parts["compare_notes"] = notes(
        exclusions=(), suppressed=(), warnings=(), rules=rules, methodology=methodology, downloads=downloads
    )
    return parts
