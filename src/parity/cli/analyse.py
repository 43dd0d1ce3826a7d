"""`parity analyse`: disproportionality in stop and search, as a table, CSV or JSON.

Each command parses its options, calls one function of `parity.powers.statistics` and prints
the result. Figures are rounded only for the table; CSV and JSON carry them unrounded, in
the published downloads' layout (`parity.public.downloads`), so a row reads the same anywhere.
A suppressed count shows as [c], a figure that cannot be given as a dash with the reason
below the table.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from parity.cli.db import ensure_database
from parity.cli.output import FORMAT_OPTION, UsageProblem, err, out, print_json

FORMATS = click.Choice(["table", "csv", "json"])
BREAKDOWNS = ["ethnicity", "legislation", "power", "object", "age", "gender", "month"]
SUPPRESSED = escape("[c]")  # rich would read a bare [c] as markup


@dataclass(frozen=True)
class _Asked:
    """What every analysis is asked: where, when, on what basis, which records, and the output format."""

    force: str
    period: str
    ethnicity: str
    reference: str
    filters: dict[str, tuple[str, ...]]
    fmt: str

    def run(self, analysis: Callable[..., Any], **options: Any) -> Any:
        """Call one function of `parity.powers.statistics` with these, as `_call` does."""
        return _call(
            analysis,
            self.force,
            self.period,
            ethnicity=self.ethnicity,
            reference=self.reference,
            filters=self.filters,
            **options,
        )


def _common(command: Callable[..., None]) -> Callable[..., None]:
    """Options every analysis takes: where, when, on what basis, and which records.

    The command is called with them gathered as an `_Asked`, then its own options."""

    @functools.wraps(command)
    def gathered(
        *,
        force: str,
        period: str,
        ethnicity: str,
        reference: str,
        legislation: tuple[str, ...],
        power: tuple[str, ...],
        object_: tuple[str, ...],
        age: tuple[str, ...],
        gender: tuple[str, ...],
        fmt: str,
        **own: Any,
    ) -> None:
        filters = _filters(legislation, power, object_, age, gender)
        command(_Asked(force, period, ethnicity, reference, filters, fmt), **own)

    options = [
        click.option("--force", required=True, help="data.police.uk slug, e.g. avon-and-somerset."),
        click.option(
            "--period",
            required=True,
            help="2019/20 (financial year), 2019/20-Q1, 2019 (calendar year), 2019-Q2, 2019-05, or a range A..B.",
        ),
        click.option(
            "--ethnicity",
            type=click.Choice(["self", "officer"]),
            default="self",
            show_default=True,
            help="Self-defined (the Home Office basis) or officer-defined ethnicity.",
        ),
        click.option("--reference", default="White", show_default=True, help="Group the others are compared with."),
        click.option("--legislation", multiple=True, help="Only these legislation codes (e.g. pace-s1, mda-s23)."),
        click.option("--power", multiple=True, help="Only these power groups: s1, s60, s47a, other."),
        click.option("--object", "object_", multiple=True, help="Only these objects of search (e.g. drugs)."),
        click.option("--age", multiple=True, help="Only these age bands: under-10, 10-17, 18-24, 25-34, over-34."),
        click.option("--gender", multiple=True, help="Only these genders: male, female, other."),
        click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."),
    ]
    decorated: Callable[..., None] = gathered
    for option in reversed(options):
        decorated = option(decorated)
    return decorated


def _filters(
    legislation: tuple[str, ...],
    power: tuple[str, ...],
    object_: tuple[str, ...],
    age: tuple[str, ...],
    gender: tuple[str, ...],
) -> dict[str, tuple[str, ...]]:
    given = {"legislation": legislation, "power": power, "object": object_, "age": age, "gender": gender}
    return {name: values for name, values in given.items() if values}


def _call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run an analysis; a bad request is a usage error (2), nothing held is exit 1."""
    from parity.powers.statistics import AnalysisError, NoRecords

    ensure_database()
    try:
        return fn(*args, **kwargs)
    except NoRecords as error:
        err.print(f"[red]Nothing to analyse[/]: {error}")
        sys.exit(1)
    except AnalysisError as error:
        raise UsageProblem(str(error)) from None


def _num(value: float | int | None, places: int = 1, *, suppressed: bool = False) -> str:
    from parity.analysis.statements import one_dp

    if suppressed:
        return SUPPRESSED
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return one_dp(value) if places == 1 else f"{value:.{places}f}"


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "–"
    return f"{_num(low)} to {_num(high)}"


def _notes(messages: Iterable[str]) -> None:
    for message in dict.fromkeys(messages):
        out.print(f"[yellow]Note[/]: {escape(message)}")


# --- parity analyse stop-search -------------------------------------------------------


@click.group()
def analyse() -> None:
    """Rates, ratios, outcome tests and trends for stop and search, with small numbers protected."""


@analyse.command("stop-search")
@_common
@click.option(
    "--by",
    type=click.Choice(BREAKDOWNS),
    default="ethnicity",
    show_default=True,
    help="Break the table down by this as well as by ethnic group.",
)
@click.option("--detailed", is_flag=True, help="Detailed census groups (18+1 / 19+1) instead of the 5+1.")
@click.option("--census", type=click.Choice(["2011", "2021"]), help="Census to divide by (default: by year).")
def stop_search(asked: _Asked, *, by: str, detailed: bool, census: str | None) -> None:
    """Searches per 1,000 residents by ethnic group, and each group's ratio to the reference group."""
    from parity.powers.statistics import stop_search_rates

    table = asked.run(
        stop_search_rates,
        by=by,
        classification="detailed" if detailed else "5+1",
        census_year=int(census) if census else None,
    )
    if asked.fmt == "json":
        print_json(table.as_dict())
    elif asked.fmt == "csv":
        _print_csv("rates", table)
    else:
        _rates_table(table)


def _print_csv(kind: str, result: Any) -> None:
    """The published download's CSV of this result: the same rows and columns as the site's."""
    from parity.public.downloads import rows_for, to_csv

    sys.stdout.write(to_csv(kind, rows_for(kind, result)))


def _rates_table(table: Any) -> None:
    c = table.context
    census = f"{c.census_year} census" if c.census_year else "no census"
    filters = "; ".join(f"{k} {v}" for k, v in c.filters) or "all searches of people"
    out.print(f"[bold]{c.force_name}[/], {c.period_label} ({c.period_start} to {c.period_end})")
    out.print(
        f"{c.ethnicity} ethnicity, {c.classification} groups, {census}, "
        f"compared with {table.reference_group}; {filters}"
    )
    sections = [(s.label, s.groups, s.total) for s in table.sections] + [("All", table.groups, table.total)]
    for label, groups, total in sections:
        grid = Table(title=None if not table.sections else f"{table.breakdown}: {label}", title_justify="left")
        for column in ("Group", "Searches", "Residents", "Per 1,000", "Ratio", "95% interval", ""):
            grid.add_column(column, justify="left" if column in {"Group", ""} else "right")
        for g in (*groups, total):
            grid.add_row(
                g.group,
                _num(g.searches, suppressed=g.suppressed),
                _num(g.population),
                _num(g.rate_per_1000, suppressed=g.suppressed),
                _num(g.ratio, suppressed=g.suppressed),
                _interval(g.ratio_ci_low, g.ratio_ci_high),
                "u" if g.unreliable else "",
            )
        out.print(grid)
    out.print(
        "Not included: " + "; ".join(f"{e.reason}: {_num(e.count, suppressed=e.suppressed)}" for e in table.exclusions)
    )
    if table.statement:
        out.print(table.statement)
    _notes([*table.warnings, *(w for g in table.groups for w in g.warnings if "unreliable" not in w)])
    out.print(
        f"{SUPPRESSED} suppressed to protect small numbers; – not available (see notes); u unreliable "
        f"(fewer than {table.rules.unreliable_below} searches)."
    )


# --- the other views ------------------------------------------------------------------


@analyse.command("outcome-test")
@_common
def outcome_test(asked: _Asked) -> None:
    """Find, arrest and no-further-action rates by ethnic group (subject to infra-marginality)."""
    from parity.powers.statistics import stop_search_outcomes

    result = asked.run(stop_search_outcomes)
    rows = []
    for g in (*result.groups, result.total):
        for measure in ("find", "arrest", "no_further_action"):
            p = getattr(g, measure)
            rows.append((g.group, measure, p))
    if asked.fmt == "json":
        print_json(result.as_dict())
        return
    if asked.fmt == "csv":
        _print_csv("outcomes", result)
        return
    c = result.context
    out.print(f"[bold]{c.force_name}[/], {c.period_label}: outcomes of searches by {c.ethnicity} ethnicity")
    _proportions_table(
        ("Group", "Outcome"),
        [(name, measure.replace("_", " "), p) for name, measure, p in rows],
        result.reference_group,
    )
    out.print(result.caveat)
    _notes(result.warnings)


@analyse.command("strip-searches")
@_common
def strip_search(asked: _Asked) -> None:
    """Searches removing more than outer clothing, by ethnic group and age; children separately."""
    from parity.analysis.strip_search import AGE_LABELS
    from parity.powers.statistics import stop_search_strip_searches

    result = asked.run(stop_search_strip_searches)
    if asked.fmt == "json":
        print_json(result.as_dict())
        return
    rows = []
    for g in (*result.groups, result.total):
        rows.append((g.group, AGE_LABELS["all"], g.all_ages))
        rows.append((g.group, AGE_LABELS["under-18"], g.children))
        rows += [(g.group, AGE_LABELS[age], p) for age, p in g.by_age]
    if asked.fmt == "csv":
        _print_csv("strip-searches", result)
        return
    c = result.context
    out.print(f"[bold]{c.force_name}[/], {c.period_label}: strip searches by {c.ethnicity} ethnicity and age")
    _proportions_table(("Group", "Age"), rows, result.reference_group)
    _notes(result.warnings)


def _proportions_table(keys: tuple[str, str], rows: list[tuple[str, str, Any]], reference: str) -> None:
    grid = Table()
    for column in (*keys, "Count", "Of", "Share %", "95% interval", f"Ratio to {reference}", ""):
        grid.add_column(column)
    for a, b, p in rows:
        if p is None:
            grid.add_row(a, b, "–", "–", "–", "–", "–", "")
            continue
        pct = None if p.share is None else 100 * p.share
        low = None if p.ci_low is None else 100 * p.ci_low
        high = None if p.ci_high is None else 100 * p.ci_high
        grid.add_row(
            a,
            b,
            _num(p.count, suppressed=p.suppressed),
            _num(p.denominator, suppressed=p.suppressed),
            _num(pct, suppressed=p.suppressed),
            _interval(low, high),
            _num(p.ratio),
            "u" if p.unreliable else "",
        )
    out.print(grid)


@analyse.command("trend")
@_common
def trend(asked: _Asked) -> None:
    """Rolling 12-month rates and ratios, one point for each month of the period."""
    from parity.powers.statistics import stop_search_trend

    result = asked.run(stop_search_trend)
    if asked.fmt == "json":
        print_json(result.as_dict())
        return
    if asked.fmt == "csv":
        _print_csv("trend", result)
        return
    c = result.context
    out.print(f"[bold]{c.force_name}[/]: rolling 12 months, ratio to {result.reference_group} ({c.ethnicity})")
    groups = [g.group for g in result.points[0].table.groups if not g.reference] if result.points else []
    grid = Table()
    grid.add_column("12 months to")
    for name in groups:
        grid.add_column(name, justify="right")
    for point in result.points:
        cells = []
        for name in groups:
            g = point.table.group(name)
            cells.append(_num(g.ratio, suppressed=g.suppressed) + (" u" if g.unreliable else ""))
        grid.add_row(point.month, *cells)
    out.print(grid)
    _notes([*result.warnings, *(w for p in result.points for w in p.table.warnings)])


@analyse.command("change")
@_common
def change(asked: _Asked) -> None:
    """This period against the same months a year earlier: rates and ratios, with intervals."""
    from parity.powers.statistics import stop_search_change

    result = asked.run(stop_search_change)
    if asked.fmt == "json":
        print_json(result.as_dict())
        return
    if asked.fmt == "csv":
        _print_csv("change", result)
        return
    c = result.current.context
    out.print(f"[bold]{c.force_name}[/], {c.period_label} against {result.previous.context.period_label}")
    for g in (*result.groups, result.total):
        if not g.reference:
            out.print(f"- {g.statement}")
    _notes(result.warnings)


@analyse.command("reconcile")
@click.option(
    "--published",
    "path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="An Ethnicity facts and figures stop-and-search CSV (e.g. stop-and-search-2006-2023).",
)
@FORMAT_OPTION
def reconcile(path: str, fmt: str) -> None:
    """Compare Parity's counts, populations and rates with published Home Office figures."""
    from pathlib import Path

    from parity.powers.statistics.reconcile import reconcile_published

    result = _call(reconcile_published, Path(path))
    if fmt == "json":
        print_json(result.as_dict())
        return
    grid = Table(title="Parity (data.police.uk) against the Home Office return")
    for column in ("Force", "Year", "Group", "Searches", "Home Office", "Gap", "Population", "Rate", "HO rate"):
        grid.add_column(column, no_wrap=column in {"Force", "Year"})
    for row in result.rows:
        grid.add_row(
            row.force,
            row.financial_year,
            row.group,
            _num(row.searches),
            _num(row.published_searches),
            f"{row.difference_percent:+.1f}%" if row.difference_percent is not None else "–",
            "same" if row.population_matches else f"{_num(row.population)} vs {_num(row.published_population)}",
            _num(row.rate_per_1000),
            _num(row.published_rate),
        )
    out.print(grid)
    _notes(result.notes)


# --- parity analyse workforce -----------------------------------------------------------


@analyse.command("workforce")
@click.option("--force", required=True, help="data.police.uk slug, e.g. avon-and-somerset.")
@click.option(
    "--year", required=True, type=int, help="Year of the count, as at 31 March YYYY (the Home Office's label)."
)
@click.option(
    "--worker-type",
    type=click.Choice(["officer", "staff", "pcso", "special", "designated"]),
    default="officer",
    show_default=True,
    help="Which workforce.",
)
@click.option("--rank", help="One rank only, e.g. Constable or 'Chief Officer'.")
@FORMAT_OPTION
def workforce(force: str, year: int, worker_type: str, rank: str | None, fmt: str) -> None:
    """Representation of each ethnic group in a force's workforce against its census population.

    Shares are among those who stated their ethnicity; the representation ratio is the
    workforce share over the population share, with a 95% interval. Exit status: 0 done,
    1 nothing held for that force, year, worker type or rank, 2 usage error.
    """
    from parity.reference.forces import SLUGS
    from parity.workforce.statistics import WorkforceError, force_representation

    if force not in SLUGS:
        raise UsageProblem(f"unknown force {force!r}; expected a data.police.uk slug such as avon-and-somerset")
    ensure_database()
    try:
        result = force_representation(force, year, worker_type=worker_type, rank=rank)
    except WorkforceError as error:
        err.print(f"[red]Nothing to analyse[/]: {escape(str(error))}")
        sys.exit(1)
    if fmt == "json":
        print_json(result.as_dict())
        return
    table = Table(
        title=f"{result.context.force_name}, {worker_type}s{f' ({rank})' if rank else ''}, as at {result.as_at}"
    )
    for heading in ("Group", "People", "Share %", f"Census {result.context.census_year} %", "Ratio", "95% interval"):
        table.add_column(heading, justify="left" if heading == "Group" else "right")
    for g in result.groups:
        table.add_row(
            g.group,
            _num(g.headcount, suppressed=g.suppressed),
            _num(None if g.share is None else 100 * g.share, suppressed=g.suppressed),
            _num(None if g.population_share is None else 100 * g.population_share),
            _num(g.representation_ratio, 2, suppressed=g.suppressed),
            "–"
            if g.ratio_ci_low is None or g.ratio_ci_high is None
            else f"{g.ratio_ci_low:.2f} to {g.ratio_ci_high:.2f}",
        )
    out.print(table)
    out.print(f"Not stated: {_num(result.not_stated)}")
    _notes([*result.warnings, *(w for g in result.groups for w in g.warnings)])


# --- parity analyse use-of-force --------------------------------------------------------


@analyse.command("use-of-force")
@click.option("--force", required=True, help="data.police.uk slug, e.g. avon-and-somerset.")
@click.option("--period", required=True, help="Financial year, e.g. 2019/20.")
@click.option(
    "--source",
    type=click.Choice(["home-office", "records"]),
    help="The Home Office table (tactics) or the force's own records (reports); default: the table if held.",
)
@FORMAT_OPTION
def use_of_force(force: str, period: str, source: str | None, fmt: str) -> None:
    """Use of force per 1,000 residents by the officer's perception of ethnicity, and ratios to White.

    The unit is what the source counts: tactics (the Home Office table) or reports (a force's
    records, one officer's use of force on one person); neither counts people. Exit status:
    0 done, 1 nothing held for that force and year, 2 usage error.
    """
    from parity.powers.use_of_force.statistics import UseOfForceError, force_rates
    from parity.reference.forces import SLUGS

    if force not in SLUGS:
        raise UsageProblem(f"unknown force {force!r}; expected a data.police.uk slug such as avon-and-somerset")
    ensure_database()
    try:
        result = force_rates(force, period, source=source)
    except UseOfForceError as error:
        err.print(f"[red]Nothing to analyse[/]: {escape(str(error))}")
        sys.exit(1)
    if fmt == "json":
        print_json(result.as_dict())
        return
    table = Table(title=f"{result.context.force_name}, use of force ({result.unit}), {period}")
    for heading in ("Group", result.unit.capitalize(), "Residents", "Per 1,000", "Ratio to White", "95% interval"):
        table.add_column(heading, justify="left" if heading == "Group" else "right")
    for g in result.ordered():
        table.add_row(
            g.group,
            _num(g.searches, 0, suppressed=g.suppressed),
            _num(g.population, 0),
            _num(g.rate_per_1000, suppressed=g.suppressed),
            _num(g.ratio, 2, suppressed=g.suppressed),
            _interval(g.ratio_ci_low, g.ratio_ci_high),
        )
    out.print(table)
    out.print(f"Ethnicity not reported: {_num(result.not_reported, 0)}")
    _notes(result.warnings)


@analyse.command("workforce-reconcile")
@click.option("--force", help="One force (data.police.uk slug); every force when left out.")
@FORMAT_OPTION
def workforce_reconcile(force: str | None, fmt: str) -> None:
    """Check that the two Home Office workforce tables agree where both hold a year.

    Compares, for each force, year, worker type and rank held in both the ethnicity table and
    the headcount table without ethnicity, the headcount and full-time equivalent, and lists
    every difference (by sex too, where headcounts differ). Exit status: 0 they agree,
    1 some differ or nothing is held in both, 2 usage error.
    """
    from parity.reference.forces import SLUGS
    from parity.workforce.reconciliation import held_reconciliation

    if force is not None and force not in SLUGS:
        raise UsageProblem(f"unknown force {force!r}; expected a data.police.uk slug such as avon-and-somerset")
    ensure_database()
    result = held_reconciliation(force)
    if fmt == "json":
        print_json(result.as_dict())
    elif not result.compared:
        err.print("Nothing to compare: no force, year and rank is held in both tables.")
    else:
        years = f"{result.years[0]} to {result.years[-1]}"
        out.print(f"{result.compared:,} force, year, worker type and rank cells held in both tables ({years}).")
        grid = Table(title="Differences" if result.differences else "The tables agree")
        for heading in ("Force", "Year", "Worker type", "Rank", "Sex", "Ethnicity table", "Headcount table", "FTE"):
            grid.add_column(heading)
        for d in result.differences:
            fte = (
                ""
                if d.ethnicity_fte == d.total_fte
                else f"{float(d.ethnicity_fte or 0):.2f} vs {float(d.total_fte or 0):.2f}"
            )
            grid.add_row(
                d.force, str(d.year), d.worker_type, d.rank, d.sex or "all", _num(d.ethnicity_headcount, 0),
                _num(d.total_headcount, 0), fte,
            )  # fmt: skip
        out.print(grid)
    sys.exit(0 if result.compared and result.agree else 1)


from parity.cli.justice import analyse_arrests, analyse_disposals, analyse_stages  # noqa: E402  (one line a domain)

analyse.add_command(analyse_arrests)
analyse.add_command(analyse_stages)
analyse.add_command(analyse_disposals)
COMMANDS = [analyse]
