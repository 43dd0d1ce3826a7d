"""`parity ingest arrests|stage-counts` and `parity analyse arrests|stages|disposals`: the justice commands.

Added to the `ingest` and `analyse` groups by one line in each, so those modules stay small.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape
from rich.table import Table

from parity.cli.db import ensure_database
from parity.cli.output import FORMAT_OPTION, UsageProblem, err, out, print_json

if TYPE_CHECKING:
    from parity.analysis.stages import StageCell

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
SUPPRESSED = escape("[c]")


def _run_import(ingest_files: Callable[..., Any], paths: tuple[Path, ...], fmt: str) -> None:
    from parity.cli.ingest import run_units

    run_units(lambda files, progress, on_units: ingest_files(files, progress=progress), paths, fmt)


def _analysed(force: str, analysis: Callable[[], Any]) -> Any:
    """The result of one call to `parity.justice.statistics`, or exit 1 saying why there is none."""
    from parity.justice.statistics import JusticeError
    from parity.reference.forces import SLUGS

    if force not in SLUGS:
        raise UsageProblem(f"unknown force {force!r}; expected a data.police.uk slug such as avon-and-somerset")
    ensure_database()
    try:
        return analysis()
    except JusticeError as error:
        err.print(f"[red]Nothing to analyse[/]: {escape(str(error))}")
        sys.exit(1)


@click.command("arrests")
@PATHS
@FORMAT_OPTION
def ingest_arrests(paths: tuple[Path, ...], fmt: str) -> None:
    """Import arrests: the Home Office arrests tables, or a force's arrests-and-disposals extract.

    An .ods or .xlsx workbook is read as the Home Office "Police powers and procedures:
    arrests" tables (sheets A_08, A_01c and A_04); a .csv file as a force extract in the
    layout of docs/reference/arrests-extract.md. A file with any bad value is refused whole
    and nothing from it is stored; importing the same file again changes nothing. Exit
    status: 0 imported, 1 some input refused, 2 usage error.
    """
    from parity.justice.importing.arrests import ingest

    _run_import(ingest, paths, fmt)


@click.command("arrests")
@click.option("--force", required=True, help="data.police.uk slug, e.g. avon-and-somerset.")
@click.option("--period", required=True, help="Financial year, e.g. 2018/19.")
@FORMAT_OPTION
def analyse_arrests(force: str, period: str, fmt: str) -> None:
    """Arrests per 1,000 residents by self-defined ethnic group, and the ratio to White.

    Counts are persons arrested as the source gives them; arrests whose ethnicity was not
    stated are left out of every group and shown apart. Exit status: 0 done, 1 nothing held
    for that force and year, 2 usage error.
    """
    from parity.justice.statistics import force_arrests

    result = _analysed(force, lambda: force_arrests(force, period))
    if fmt == "json":
        print_json(result.as_dict())
        return
    table = Table(title=f"{result.context.force_name}, arrests, {result.context.period_label}")
    for heading in ("Group", "Arrests", f"Census {result.context.census_year}", "Per 1,000", "Ratio", "95% interval"):
        table.add_column(heading, justify="left" if heading == "Group" else "right")
    for g in result.groups:
        table.add_row(
            g.group,
            SUPPRESSED if g.suppressed else "–" if g.count is None else f"{g.count:,}",
            "–" if g.population is None else f"{g.population:,}",
            "–" if g.rate_per_1000 is None else f"{g.rate_per_1000:.1f}",
            "–" if g.ratio is None else f"{g.ratio:.2f}",
            "–"
            if g.ratio_ci_low is None or g.ratio_ci_high is None
            else f"{g.ratio_ci_low:.2f} to {g.ratio_ci_high:.2f}",
        )
    out.print(table)
    out.print(f"Ethnicity not stated: {SUPPRESSED if result.not_reported is None else f'{result.not_reported:,}'}")
    for message in result.warnings:
        out.print(f"[yellow]Note[/]: {escape(message)}")


@click.command("stage-counts")
@PATHS
@FORMAT_OPTION
def ingest_stage_counts(paths: tuple[Path, ...], fmt: str) -> None:
    """Import counts of people at later criminal-justice stages (prosecution, conviction ...).

    PATHS are CSV files in the stage counts layout (docs/reference/stage-counts.md: area,
    period, stage, ethnicity, offence_group, count), or the Ethnicity facts and figures
    download of prosecutions and convictions by police force area. A file with any bad row is
    refused whole; importing the same file again changes nothing. Exit status: 0 imported,
    1 some input refused, 2 usage error.
    """
    from parity.justice.importing.counts import ingest

    _run_import(ingest, paths, fmt)


@click.command("published-stop-search")
@PATHS
@FORMAT_OPTION
def ingest_published_stop_search(paths: tuple[Path, ...], fmt: str) -> None:
    """Import the Home Office's published stop-and-search figures (Ethnicity facts and figures).

    PATHS are the stop-and-search download of 2006/07 onwards (or its older edition, or an
    extract), its table by ethnicity, or its table by ethnicity and area. The last two do not
    say their year, so their file names must end with it (by-ethnicity-table_2022-23.csv).
    A file with any bad value is refused whole; importing the same file again changes
    nothing. Exit status: 0 imported, 1 some input refused, 2 usage error.
    """
    from parity.justice.importing.stop_search import ingest

    _run_import(ingest, paths, fmt)


@click.command("stages")
@click.option("--force", required=True, help="data.police.uk slug, e.g. avon-and-somerset.")
@click.option("--period", required=True, help="Financial year (2018/19) or calendar year (2017), as the counts are.")
@FORMAT_OPTION
def analyse_stages(force: str, period: str, fmt: str) -> None:
    """The relative rate index at each criminal-justice stage, each over the stage before.

    For each stage held for the force and period (stop and search, arrest, charge,
    out-of-court disposal, prosecution, conviction ...), each group's rate over the stage
    before divided by White's, with a 95% interval, what it means for the group (an
    out-of-court disposal is the favourable outcome), the index pooled over offence groups
    where counts by offence are held, and whether the stage is flagged, not flagged or not
    assessable. Exit status: 0 done, 1 nothing held, 2 usage error.
    """
    from parity.justice.statistics import force_stages

    result = _analysed(force, lambda: force_stages(force, period))
    if fmt == "json":
        print_json(result.as_dict())
        return
    table = Table(title=f"{result.context.force_name}, criminal-justice stages, {result.context.period_label}")
    for heading in ("Stage", "Over", "Group", "Count", "Index", "95% interval", "Per 100 White", "Assessment"):
        table.add_column(heading, justify="right" if heading in {"Count", "Index", "Per 100 White"} else "left")
    for row in result.rows:
        for c in row.cells:
            table.add_row(row.label, row.over, c.label, *_index_cells(c))
    out.print(table)
    for message in result.warnings:
        out.print(f"[yellow]Note[/]: {escape(message)}")


def _index_cells(c: StageCell) -> tuple[str, ...]:
    """A stage cell's count, index, interval, per 100 White people and assessment, as text."""
    return (
        SUPPRESSED if c.suppressed else "–" if c.count is None else f"{c.count:,}",
        "–" if c.index is None else f"{c.index:.2f}",
        "–" if c.ci_low is None or c.ci_high is None else f"{c.ci_low:.2f} to {c.ci_high:.2f}",
        "–" if c.per_100 is None else str(c.per_100),
        c.assessment if c.direction is None else f"{c.assessment} ({c.direction})",
    )


@click.command("disposals")
@click.option("--force", required=True, help="data.police.uk slug, e.g. avon-and-somerset.")
@click.option("--period", required=True, help="Financial year, e.g. 2019/20.")
@FORMAT_OPTION
def analyse_disposals(force: str, period: str, fmt: str) -> None:
    """Out-of-court disposal against charge by self-defined ethnic group, children apart.

    Of the arrests in the force's own records that ended in a charge (or summons) or an
    out-of-court disposal, each group's share given the disposal divided by White people's of
    the same age, children (10 to 17) apart from adults, with a 95% interval, what it means for
    the group (the disposal is the favourable outcome) and whether it is flagged, not flagged or
    not assessable. Exit status: 0 done, 1 no records held for that force and year, 2 usage error.
    """
    from parity.analysis.stages import AGE_LABELS
    from parity.justice.statistics import force_disposal_split

    result = _analysed(force, lambda: force_disposal_split(force, period))
    if fmt == "json":
        print_json(result.as_dict())
        return
    c = result.context
    table = Table(title=f"{c.force_name}, out-of-court disposal against charge, {c.period_label}")
    for heading in ("Age", "Group", "Out of court", "Decided", "Index", "95% interval", "Per 100 White", "Assessment"):
        numeric = heading in {"Out of court", "Decided", "Index", "Per 100 White"}
        table.add_column(heading, justify="right" if numeric else "left")
    for age, stage_table in result.ages:
        for cell in stage_table.rows[0].cells:
            count, *rest = _index_cells(cell)
            decided = SUPPRESSED if cell.suppressed else "–" if cell.base is None else f"{cell.base:,}"
            table.add_row(AGE_LABELS[age], cell.label, count, decided, *rest)
    out.print(table)
    for message in result.warnings:
        out.print(f"[yellow]Note[/]: {escape(message)}")
