"""`parity ingest`: load police records and census populations."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from parity.cli.db import ensure_database
from parity.cli.output import FORMAT_OPTION, err, import_progress, print_json

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


@click.group()
def ingest() -> None:
    """Load records or census populations into Parity."""


@ingest.command("police-uk")
@PATHS
@click.option("--force", help="data.police.uk slug, for files whose name does not say (API JSON).")
@click.option("--month", help="YYYY-MM, for files whose name does not say.")
@click.option(
    "--replace",
    is_flag=True,
    help="Let files replace held months even when records would be lost (far fewer rows, many duplicates).",
)
@FORMAT_OPTION
def police_uk(paths: tuple[Path, ...], force: str | None, month: str | None, replace: bool, fmt: str) -> None:
    """Import data.police.uk stop-and-search files.

    PATHS may be CSV files, folders (searched recursively, month folders included), the
    monthly archive zip, or stops-force API JSON. The force and month come from the file
    name (YYYY-MM-<force>-stop-and-search.csv). A file for a month already held replaces
    it, unless it has fewer than half the held records or many more exact duplicate rows:
    then it is refused, saying what would be lost, unless --replace is given. Exit status:
    0 imported, 1 some input refused, 2 usage error.
    """
    from parity.powers.importing.pipeline import FileResult
    from parity.powers.importing.pipeline import ingest as run
    from parity.powers.partitions import sync_pending

    ensure_database()
    sync_pending()
    with import_progress(transient=True) as bar:
        task = bar.add_task("Importing", total=None, rows=0)
        rows = 0

        def advance(result: FileResult) -> None:
            nonlocal rows
            rows += result.rows_read
            bar.update(task, advance=1, rows=rows, description=f"{result.force or ''} {result.month or ''}")

        report = run(
            list(paths),
            force=force,
            month=month,
            progress=advance,
            on_units=lambda n: bar.update(task, total=n),
            replace=replace,
        )
    if fmt == "json":
        print_json(report.as_dict())
    else:
        _print_report(report)
    sys.exit(1 if report.refused else 0)


def _print_report(report: object) -> None:
    from parity.powers.importing.pipeline import IngestReport

    assert isinstance(report, IngestReport)
    statuses: dict[str, int] = {}
    for f in report.files:
        statuses[f.status] = statuses.get(f.status, 0) + 1
        if f.status in {"refused", "replaced"}:
            err.print(f"[bold]{f.status}[/]: {f.name}: {f.message}")
    problems = report.problems
    shown = problems[:20]
    for p in shown:
        err.print(f"{p['file']}, line {p['line']}, {p['field']} = {p['value']!r}: {p['reason']} ({p['action']})")
    if len(problems) > len(shown):
        err.print(f"... and {len(problems) - len(shown):,} more problems (use --format json for all)")
    files = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    flagged = sum(f.rows_flagged for f in report.files)
    click.echo(
        f"{len(report.files)} files ({files}): {report.rows_read:,} rows read, "
        f"{report.rows_imported:,} imported, {report.rows_unchanged:,} unchanged, "
        f"{report.rows_rejected:,} rejected, {flagged:,} kept but flagged."
    )


def run_units(run: Callable[..., object], paths: tuple[Path, ...], fmt: str) -> None:
    """Run an importer that reports unit by unit (the Home Office tables), with a progress bar;
    print its report and exit 1 if any input was refused."""
    _run_tables(lambda advance, total: run(list(paths), progress=advance, on_units=total), fmt)


def _run_tables(run: Callable[[Callable[[str, int], None], Callable[[int], None]], Any], fmt: str) -> None:
    """Run a table importer with a progress bar, print its report, exit 1 if a file was refused."""
    ensure_database()
    with import_progress(transient=True) as bar:
        task = bar.add_task("Importing", total=None, rows=0)
        rows = 0

        def advance(unit: str, read: int) -> None:
            nonlocal rows
            rows += read
            bar.update(task, advance=1, rows=rows, description=unit)

        report = run(advance, lambda n: bar.update(task, total=n))
    if fmt == "json":
        print_json(report.as_dict())
    else:
        _print_report(report)
    sys.exit(1 if report.refused else 0)


@ingest.command("workforce")
@PATHS
@FORMAT_OPTION
def workforce(paths: tuple[Path, ...], fmt: str) -> None:
    """Import Home Office police workforce tables, by ethnicity and in total, and a force's own HR extract.

    PATHS are CSV files in the layout of the Home Office "Police workforce open data tables"
    ethnicity table (as at 31 March, force, gender, rank, worker type, ethnicity, headcount,
    FTE), workbooks (.ods, .xlsx) of its headcount table without ethnicity (sheet Data:
    as at 31 March, force, sex, rank, worker type, headcount, FTE), or CSV files in one of the
    HR extract layouts (people at a date, joiners, leavers, promotions, recruitment
    applications), each told apart by its header. A file with any bad row is refused whole and
    nothing from it is stored. Exit status: 0 imported, 1 some input refused, 2 usage error.
    """
    from parity.powers.importing.pipeline import IngestReport
    from parity.workforce.importing import hr
    from parity.workforce.importing.home_office import ingest as home_office

    extracts = [p for p in paths if hr.is_hr_extract(p)]
    tables = [p for p in paths if p not in extracts]

    def run(advance: Callable[[str, int], None], on_units: Callable[[int], None]) -> IngestReport:
        units = {"tables": 0, "extracts": 0}

        def total(part: str) -> Callable[[int], None]:
            def update(n: int) -> None:
                units[part] = n
                on_units(sum(units.values()))

            return update

        return hr.merge(
            home_office(tables, progress=advance, on_units=total("tables")) if tables else IngestReport(),
            hr.ingest(extracts, progress=advance, on_units=total("extracts")) if extracts else IngestReport(),
        )

    _run_tables(run, fmt)


@ingest.command("use-of-force")
@PATHS
@FORMAT_OPTION
def use_of_force(paths: tuple[Path, ...], fmt: str) -> None:
    """Import police use-of-force figures and records.

    PATHS are the Home Office "Police use of force statistics" workbooks (.ods, Table 16), the
    cleaned CSV of Table 16, or a force's own use-of-force records in Parity's layout. A file
    with any bad row is refused whole and nothing from it is stored; importing the same
    figures again changes nothing. Exit status: 0 imported, 1 some input refused, 2 usage error.
    """
    from parity.powers.use_of_force.ingest import ingest as run

    run_units(run, paths, fmt)


@ingest.command("victims")
@PATHS
@click.option("--replace", is_flag=True, help="Let an extract replace a month held with fewer victims than it holds.")
@FORMAT_OPTION
def victims(paths: tuple[Path, ...], replace: bool, fmt: str) -> None:
    """Import the Crime Survey's victims of crime table, or force victims' or complaints extracts.

    PATHS are CSV files: the Ethnicity facts and figures "Victims of crime" table (the share of
    adults who were victims, by ethnic group, with `?` where the survey withheld a figure), or
    a force's victims' or complaints extract in Parity's layouts. The layout is told from the header. A file
    with any bad row is refused whole and nothing from it is stored; an extract never replaces
    a month held with fewer victims unless --replace is given. Exit status: 0 imported,
    1 some input refused, 2 usage error.
    """
    from parity.victims.importing.detect import ingest as run

    _run_tables(lambda advance, _total: run(list(paths), progress=advance, replace=replace), fmt)


@ingest.command("population")
@PATHS
@click.option(
    "--census", type=click.Choice(["2011", "2021"]), help="Census year, when it cannot be told from the file."
)
@FORMAT_OPTION
def population(paths: tuple[Path, ...], census: str | None, fmt: str) -> None:
    """Import census populations by ethnic group, summed to police force areas.

    Reads Nomis QS201EW (2011, by local authority), ONS TS021 20-category tables (2021, by
    lower-tier local authority) and tables already at force level. A local-authority table
    needs a local-authority-to-force lookup among PATHS. Exit status: 0 imported, 1 refused.
    """
    from parity.reference.census import CensusRefused
    from parity.warehouse.population import import_census

    ensure_database()
    try:
        report = import_census(list(paths), census_year=int(census) if census else None)
    except CensusRefused as refused:
        if fmt == "json":
            print_json({"error": str(refused)})
        err.print(f"[bold]refused[/]: {refused}")
        sys.exit(1)
    if fmt == "json":
        print_json(report.as_dict())
    else:
        for table in report.tables:
            click.echo(
                f"{table.name}: census {table.census_year}, {table.layout}, "
                f"{table.forces} force areas, {table.residents:,} residents"
            )


from parity.cli.justice import ingest_arrests, ingest_published_stop_search, ingest_stage_counts  # noqa: E402  (one line a domain)

ingest.add_command(ingest_arrests)
ingest.add_command(ingest_stage_counts)
ingest.add_command(ingest_published_stop_search)
COMMANDS = [ingest]
