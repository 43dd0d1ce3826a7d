"""Loading the demo: real shared data into the embedded database, with progress shown."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from parity.cli.output import err

POPULATION_FILES = (
    "population/census-2011/la-ethnic-groups.csv",
    "population/lookups/Local_Authority_District_to_Community_Safety_Partnerships_to_Police_"
    "Force_Areas__December_2016__Lookup_in_England_and_Wales.csv",
    "population/census-2021/census_2021_ethnic_group_20cat_by_ltla.csv",
    "population/lookups/LAD22_CSP22_PFA22_lookup.csv",
)


class DemoDataMissing(Exception):
    pass


@dataclass
class DemoData:
    records: list[Path]
    population: list[Path]


def _shared_candidates() -> list[Path]:
    here = Path(__file__).resolve()
    found = [Path(p) for p in (settings.SAMPLE_DATA, os.environ.get("PARITY_SAMPLE_DATA")) if p]
    found.append(Path.cwd().parent / "shared" / "data")
    if len(here.parents) > 3:
        found.append(here.parents[3] / "shared" / "data")  # checkout/src/parity -> ../shared
    return found


def _from_folder(folder: Path) -> DemoData | None:
    if (folder / "police-uk").is_dir():
        population = [folder / p for p in POPULATION_FILES if (folder / p).exists()]
        return DemoData([folder / "police-uk"], population)
    return None


def locate(paths: list[Path]) -> DemoData:
    """What to load: the paths given, else the shared data folder; or say what to do."""
    if paths:
        records: list[Path] = []
        population: list[Path] = []
        for path in paths:
            shared = _from_folder(path) if path.is_dir() else None
            if shared:
                records += shared.records
                population += shared.population
            else:
                records.append(path)
        return DemoData(records, population)
    for candidate in _shared_candidates():
        shared = _from_folder(candidate)
        if shared:
            return shared
    raise DemoDataMissing(
        "Parity looked for the shared data in PARITY_SAMPLE_DATA and ../shared/data and found "
        "neither. Either put the data beside this checkout (../shared/data/police-uk), set "
        "PARITY_SAMPLE_DATA to a folder laid out like it, pass data.police.uk files or folders "
        "(`parity demo ~/Downloads/2021-10`), or fetch a force's records first with "
        "`parity fetch police-uk --force avon-and-somerset --from 2020-04 --to 2021-03`."
    )


def load_demo(paths: list[Path]) -> str:
    from parity.powers.importing.pipeline import FileResult, ingest
    from parity.reference.census import ingest_population
    from parity.warehouse.sync import sync_pending

    data = locate(paths)
    sync_pending()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeRemainingColumn(),
        console=err,
    ) as bar:
        task = bar.add_task("Importing stop-and-search records", total=None, rows=0)
        rows = 0

        def advance(result: FileResult) -> None:
            nonlocal rows
            rows += result.rows_read
            bar.update(task, advance=1, rows=rows)

        report = ingest(data.records, progress=advance, on_units=lambda n: bar.update(task, total=n))
    for refused in report.refused:
        err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
    lines = [
        f"Stop and search: {len(report.files)} files, {report.rows_read:,} records read, "
        f"{report.rows_imported:,} newly imported, {report.rows_unchanged:,} already held."
    ]
    if data.population:
        err.print("Importing census populations")
        population = ingest_population(data.population)
        lines += [
            f"Census {t.census_year}: {t.forces} force areas, {t.residents:,} residents" for t in population.tables
        ]
    else:
        lines.append("No census populations found: rates per 1,000 residents cannot be shown.")
    return "\n".join(lines)
