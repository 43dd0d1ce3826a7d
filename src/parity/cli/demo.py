"""Loading the demo: real data into the embedded database, with progress shown.

Where the records come from, in order:

1. the paths given (folders laid out like ../shared/data, or data.police.uk files);
2. PARITY_SAMPLE_DATA, when set (and only it: a setting is never silently ignored);
3. ../shared/data beside the checkout;
4. records already loaded by an earlier run, which are reused;
5. data.police.uk, when it answers a short reachability check: the latest complete financial
   year for a default set of forces. Census populations cannot be fetched from it, so rates
   are missing until they are imported;
6. otherwise it stops and says exactly what to do.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from django.conf import settings

from parity.cli.output import err, import_progress
from parity.errors import ParityError
from parity.reference.forces import FICTIONAL

POPULATION_FILES = (
    "population/census-2011/la-ethnic-groups.csv",
    "population/lookups/Local_Authority_District_to_Community_Safety_Partnerships_to_Police_"
    "Force_Areas__December_2016__Lookup_in_England_and_Wales.csv",
    "population/census-2021/census_2021_ethnic_group_20cat_by_ltla.csv",
    "population/lookups/LAD22_CSP22_PFA22_lookup.csv",
)
# The Home Office workforce tables: by ethnicity (officers by rank 2003-2006, chief officers to
# 2021), and every force's headcount by worker type, sex and rank, 2007-2023 (the uplift).
WORKFORCE_FILES = (
    "home-office/police-workforce/officers-by-rank-ethnicity-2003-2006.csv",
    "home-office/police-workforce/chief-officers-by-ethnicity-2003-2021.csv",
    "home-office/police-workforce/open-data-table-police-workforce-260723.ods",
)
# The Home Office use-of-force tables with Table 16 (tactics by force and perceived ethnicity).
USE_OF_FORCE_FILES = (
    "home-office/use-of-force/police-use-of-force-apr2018-mar2019-hosb3319-tables.ods",
    "home-office/use-of-force/police-use-of-force-apr2019-mar2020-hosb3720-tables.ods",
)
# The Crime Survey's victims of crime table (Ethnicity facts and figures).
VICTIMS_FILES = ("reference/ethnicity-facts-figures/victims/eff-victims-of-crime-data.csv",)
# The force the fictional victims' and complaints' extracts are made for: the fictional one.
VICTIMS_DEMO_FORCE = FICTIONAL.slug
# Arrests (Home Office tables) and the Ethnicity facts and figures conviction counts; a fictional
# arrests-and-disposals extract is made by code beside them (parity.justice.example).
JUSTICE_FILES = (
    "home-office/arrests/arrest-police-powers-procedures-mar19-hosb2519-tables.ods",
    "reference/ethnicity-facts-figures/criminal-justice/eff-prosecutions-and-convictions-by-pfa-2009-2017.csv",
)
# The Home Office's published stop-and-search series (Ethnicity facts and figures), 2006/07 on:
# the long view beside Parity's own national figure.
PUBLISHED_FILES = (
    "reference/ethnicity-facts-figures/edition-2006-07-to-2017-18/stop-and-search.csv",
    "reference/ethnicity-facts-figures/stop-and-search-2006-2023_EXTRACT.csv",
    "reference/ethnicity-facts-figures/by-ethnicity-table_2022-23.csv",
    "reference/ethnicity-facts-figures/by-ethnicity-and-area-table_2022-23.csv",
)
# Fetched when nothing local is found: forces that publish every month, of different sizes,
# with a resident population (so rates can be shown once census populations are imported).
FETCH_FORCES = ("avon-and-somerset", "bedfordshire", "nottinghamshire", "west-mercia", "wiltshire")
PUBLICATION_LAG_MONTHS = 3  # data.police.uk publishes a month about two months after it ends
PROBE_TIMEOUT = 5.0  # seconds: how long the reachability check waits


class DemoDataMissing(ParityError):
    pass


@dataclass
class DemoData:
    records: list[Path]
    population: list[Path]
    workforce: list[Path] = field(default_factory=list)
    use_of_force: list[Path] = field(default_factory=list)
    victims: list[Path] = field(default_factory=list)
    justice: list[Path] = field(default_factory=list)
    geography: Path | None = None
    published: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class FetchPlan:
    """What to fetch from data.police.uk: these forces, from `first` to `last` (YYYY-MM)."""

    forces: tuple[str, ...]
    first: str
    last: str

    @property
    def label(self) -> str:
        return f"{self.first} to {self.last}"


def default_plan(today: date | None = None) -> FetchPlan:
    """The latest April-to-March year data.police.uk should have published in full by today."""
    today = today or date.today()
    months = today.year * 12 + today.month - 1 - PUBLICATION_LAG_MONTHS
    year, month = divmod(months, 12)
    last_march = year if month + 1 >= 3 else year - 1
    return FetchPlan(FETCH_FORCES, f"{last_march - 1}-04", f"{last_march}-03")


def _shared_candidates() -> list[Path]:
    """PARITY_SAMPLE_DATA alone when set; otherwise ../shared/data beside the checkout."""
    chosen = settings.SAMPLE_DATA or os.environ.get("PARITY_SAMPLE_DATA", "")
    if chosen:
        return [Path(chosen)]
    here = Path(__file__).resolve()
    found = [Path.cwd().parent / "shared" / "data"]
    if len(here.parents) > 3:
        found.append(here.parents[3] / "shared" / "data")  # checkout/src/parity -> ../shared
    return found


def geography_folder() -> Path | None:
    """ONS's boundaries in the shared data (the maps' `parity maps build` reads them), if there."""
    return next((c / "geography" for c in _shared_candidates() if (c / "geography").is_dir()), None)


def build_maps(folder: Path | None) -> list[str]:
    """The map boundaries, simplified from ONS's files into PARITY_HOME; a line saying what was done."""
    from parity.geography import areas
    from parity.geography.build import build

    if folder is None or not folder.is_dir():
        return ["No ONS boundaries found, so the maps say they are not ready: `parity maps build FOLDER`."]
    err.print("Preparing the map boundaries")
    built = build(folder, areas.directory())
    return [f"Map boundaries: {built.forces} police force areas and {built.districts} local authority districts."]


def _maps_if_missing() -> list[str]:
    """Build the map boundaries on a second run when an earlier one did not (nothing otherwise)."""
    from parity.geography import areas

    folder = geography_folder()
    if folder is None or areas.boundaries() is not None:
        return []
    return build_maps(folder)


def _from_folder(folder: Path) -> DemoData | None:
    if (folder / "police-uk").is_dir():
        population = [folder / p for p in POPULATION_FILES if (folder / p).exists()]
        workforce = [folder / p for p in WORKFORCE_FILES if (folder / p).exists()]
        use_of_force = [folder / p for p in USE_OF_FORCE_FILES if (folder / p).exists()]
        victims = [folder / p for p in VICTIMS_FILES if (folder / p).exists()]
        justice = [folder / p for p in JUSTICE_FILES if (folder / p).exists()]
        geography = folder / "geography" if (folder / "geography").is_dir() else None
        published = [folder / p for p in PUBLISHED_FILES if (folder / p).exists()]
        return DemoData(
            [folder / "police-uk"], population, workforce, use_of_force, victims, justice, geography, published
        )
    return None


def locate(paths: Sequence[Path]) -> DemoData | None:
    """What to load: the paths given, else the shared data folder; None when there is none."""
    if paths:
        records: list[Path] = []
        population: list[Path] = []
        workforce: list[Path] = []
        use_of_force: list[Path] = []
        victims: list[Path] = []
        justice: list[Path] = []
        geography: Path | None = None
        published: list[Path] = []
        for path in paths:
            shared = _from_folder(path) if path.is_dir() else None
            if shared:
                records += shared.records
                population += shared.population
                workforce += shared.workforce
                use_of_force += shared.use_of_force
                victims += shared.victims
                justice += shared.justice
                geography = geography or shared.geography
                published += shared.published
            else:
                records.append(path)
        return DemoData(records, population, workforce, use_of_force, victims, justice, geography, published)
    for candidate in _shared_candidates():
        shared = _from_folder(candidate)
        if shared:
            return shared
    return None


def what_to_do(reason: str, plan: FetchPlan | None = None) -> str:
    """The message when there is nothing to load: each way to get data, as commands."""
    plan = plan or default_plan()
    chosen = settings.SAMPLE_DATA or os.environ.get("PARITY_SAMPLE_DATA", "")
    looked = f"PARITY_SAMPLE_DATA ({chosen})" if chosen else "../shared/data beside this checkout"
    return (
        f"Parity found no stop-and-search records to load: no paths were given, {looked} holds no "
        f"police-uk folder, nothing is loaded yet, and {reason}.\n"
        "Do one of these, then run `parity demo` again:\n"
        "  - put the shared data beside this checkout, so that ../shared/data/police-uk exists, or set "
        "PARITY_SAMPLE_DATA to a folder laid out like it (police-uk/FORCE/*.csv and population/);\n"
        "  - pass data.police.uk downloads (from https://data.police.uk/data/, stop and search CSV files "
        "or their folders): `parity demo ~/Downloads/2021-10`;\n"
        "  - when online, fetch a force's records from the data.police.uk API: "
        f"`parity fetch police-uk --force {plan.forces[0]} --from {plan.first} --to {plan.last}`.\n"
        "Rates per 1,000 residents also need census populations (ONS tables and lookups): "
        "`parity ingest population FILE...` (see docs/guides/importing.md)."
    )


def reachable(client: httpx.Client) -> str | None:
    """None when data.police.uk answers at all within a few seconds, else why not."""
    try:
        client.get("forces", timeout=PROBE_TIMEOUT)
    except httpx.TransportError as error:
        return f"data.police.uk could not be reached ({type(error).__name__}: {error or 'no answer'})"
    return None


def fetch_default(client_factory: Callable[[], object] | None, plan: FetchPlan) -> list[str]:
    """Fetch the plan's forces and months, with progress; returns the summary lines."""
    from parity.powers.fetch import fetch_police_uk
    from parity.powers.police_uk_api import PoliceUkApiError, PoliceUkClient

    client = client_factory() if client_factory else PoliceUkClient()
    assert isinstance(client, PoliceUkClient)
    try:
        problem = reachable(client.http)
        if problem:
            raise DemoDataMissing(what_to_do(problem, plan))
        err.print(
            f"No local data found, so fetching {len(plan.forces)} forces' stop and search for {plan.label} "
            f"from data.police.uk: {', '.join(plan.forces)}."
        )
        saved = imported = fetched = 0
        not_published: list[str] = []
        with import_progress() as bar:
            task = bar.add_task("Fetching from data.police.uk", total=len(plan.forces), rows=0)

            def advance(month: str, records: int | None) -> None:
                nonlocal fetched
                fetched += records or 0
                bar.update(task, rows=fetched)

            for force in plan.forces:
                bar.update(task, description=f"Fetching {force}")
                report = fetch_police_uk(client, force, plan.first, plan.last, progress=advance)
                saved += len(report.saved)
                not_published += [f"{force} {m}" for m in report.not_published]
                imported += report.imported.rows_imported if report.imported else 0
                bar.update(task, advance=1)
    except PoliceUkApiError as error:
        raise DemoDataMissing(what_to_do(f"fetching from data.police.uk failed: {error}", plan)) from None
    finally:
        client.close()
    lines = [f"Fetched from data.police.uk: {saved} force-months, {imported:,} records imported."]
    if not_published:
        lines.append(f"Not published: {', '.join(not_published)}.")
    lines.append(
        "Census populations cannot be fetched from data.police.uk, so rates per 1,000 residents and "
        "ratios are missing until they are imported: `parity ingest population FILE...` with the ONS "
        "census tables and lookups (see docs/guides/importing.md)."
    )
    return lines


def _import(data: DemoData) -> list[str]:
    from parity.powers.importing.pipeline import FileResult, ingest
    from parity.warehouse.population import import_census

    with import_progress() as bar:
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
        population = import_census(data.population)
        lines += [
            f"Census {t.census_year}: {t.forces} force areas, {t.residents:,} residents" for t in population.tables
        ]
    else:
        lines.append("No census populations found: rates per 1,000 residents cannot be shown.")
    if data.workforce:
        lines += import_workforce(data.workforce)
    if data.use_of_force:
        lines += import_use_of_force(data.use_of_force)
    if data.justice:
        lines += import_justice(data.justice)
    if data.published:
        lines += import_published(data.published)
    lines += build_maps(data.geography)
    return lines


def import_justice(paths: list[Path]) -> list[str]:
    """The Home Office arrests tables, the conviction counts and a fictional arrests extract."""
    from parity.justice.example import write_example
    from parity.justice.importing import arrests, counts

    folder = settings.PARITY_HOME / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    tables = [p for p in paths if p.suffix.lower() in {".ods", ".xlsx"}]
    err.print("Importing arrests and later criminal-justice stages")
    made = arrests.ingest([*tables, write_example(folder)])
    later = counts.ingest([p for p in paths if p not in tables])
    lines = []
    for report in (made, later):
        for refused in report.refused:
            err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
        lines.append(
            f"Arrests and stages: {len(report.files)} files, {report.rows_read:,} rows read, "
            f"{report.rows_imported:,} newly imported, {report.rows_unchanged:,} already held."
        )
    lines[0] += " One arrests extract is fictional, made for the demonstration."
    return lines


def import_published(paths: list[Path]) -> list[str]:
    """The Home Office's published stop-and-search series (Ethnicity facts and figures)."""
    from parity.justice.importing.stop_search import ingest

    err.print("Importing the published stop-and-search series")
    report = ingest(paths)
    for refused in report.refused:
        err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
    return [
        f"Published stop-and-search figures: {len(report.files)} files, {report.rows_read:,} rows read, "
        f"{report.rows_imported:,} newly imported, {report.rows_unchanged:,} already held."
    ]


def import_victims(paths: list[Path], *, today: date | None = None) -> list[str]:
    """The survey's victims of crime table, and fictional victims' and complaints' extracts
    made by code for one force (no open record-level data exists); the summary."""
    from parity.reference.fictional import fictional_force
    from parity.victims import example
    from parity.victims.importing.detect import ingest

    lines = []
    if paths:
        err.print("Importing the Crime Survey's victims of crime table")
        report = ingest(paths)
        for refused in report.refused:
            err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
        lines.append(f"Victims of crime (Crime Survey): {report.rows_read:,} figures read.")
    force = fictional_force()
    err.print(f"Making fictional victims' and complaints' records for {force.name}")
    made = example.load(force, settings.PARITY_HOME / "demo", today=today or date.today())
    lines.append(
        f"Fictional victims and complaints for {force.name} (made by code, labelled fictional): "
        f"{made.rows_read:,} rows."
    )
    return lines


def import_use_of_force(paths: list[Path]) -> list[str]:
    """The Home Office use-of-force tables, and a fictional force export made by code (labelled
    fictional in every reference), so the record-level figures and panels have something to show."""
    from parity.powers.use_of_force.example import write_example
    from parity.powers.use_of_force.ingest import ingest

    example = write_example(settings.PARITY_HOME / "demo")
    err.print("Importing use-of-force tables and a fictional force export")
    report = ingest([*paths, example])
    for refused in report.refused:
        err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
    return [
        f"Use of force: {len(paths)} Home Office table(s) and 1 fictional force export, "
        f"{report.rows_read:,} rows read, {report.rows_imported:,} newly imported, "
        f"{report.rows_unchanged:,} already held."
    ]


HR_EXAMPLE_FORCE = FICTIONAL.slug


def load_hr_example(force: str = HR_EXAMPLE_FORCE) -> list[str]:
    """A fictional HR extract (made by code, seeded) and two targets, so the workforce dashboard
    shows a funnel, leaving rates and a projection; labelled fictional wherever it shows."""
    import tempfile

    from parity.accounts import audit
    from parity.reference.models import Force
    from parity.workforce.hr_example import example_targets, load_example

    name = Force.objects.get(slug=force).name
    err.print("Making and importing a fictional HR extract")
    with tempfile.TemporaryDirectory() as folder, audit.acting_as(label="command line (parity demo)"):
        report = load_example(Path(folder), force)
        targets = example_targets(force)
    for refused in report.refused:
        err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
    return [
        f"Fictional HR extract for {name} (made up for the demonstration): {report.rows_read:,} rows read, "
        f"{report.rows_imported:,} newly imported, {report.rows_unchanged:,} already held; "
        f"{len(targets)} fictional targets. See /hr/{force}/."
    ]


def import_workforce(paths: list[Path]) -> list[str]:
    """Import the Home Office workforce tables (by ethnicity, and headcounts), with a progress bar."""
    from parity.workforce.importing.home_office import ingest

    with import_progress() as bar:
        task = bar.add_task("Importing workforce tables", total=None, rows=0)
        rows = 0

        def advance(unit: str, read: int) -> None:
            nonlocal rows
            rows += read
            bar.update(task, advance=1, rows=rows)

        report = ingest(paths, progress=advance, on_units=lambda n: bar.update(task, total=n))
    for refused in report.refused:
        err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
    return [
        f"Home Office workforce tables: {len(report.files)} files, {report.rows_read:,} rows read, "
        f"{report.rows_imported:,} newly imported, {report.rows_unchanged:,} already held."
    ]


def _already_loaded() -> list[str]:
    from parity.powers.models import SourceFile
    from parity.reference.models import Population

    files = SourceFile.objects.filter(dataset="stop-search", force__fictional=False)
    if not files.exists():
        return []
    forces = files.values("force").distinct().count()
    records = sum(files.values_list("rows_imported", flat=True))
    lines = [f"Reusing what is already loaded: {records:,} stop-and-search records from {forces} forces."]
    if not Population.objects.exists():
        lines.append("No census populations are loaded, so rates are missing: `parity ingest population FILE...`.")
    return lines


def _warehouse_line() -> str:
    """The step a newcomer does not see: the records copied into the analysis warehouse."""
    from parity.powers.models import SourceFile

    written = SourceFile.objects.filter(dataset="stop-search", warehouse_written=True).count()
    return (
        f"Warehouse (the copy of the records every figure is worked out from): {written:,} force-months "
        f"written, in {settings.WAREHOUSE_DIR}."
    )


def load_demo(
    paths: Sequence[Path],
    *,
    client_factory: Callable[[], object] | None = None,
    plan: FetchPlan | None = None,
    fictional: bool = True,
) -> str:
    """Load the demo's data and return a summary; DemoDataMissing says what to do when none.

    `client_factory` makes the data.police.uk client (tests pass one whose transport replays
    recorded responses); `plan` says what to fetch (default: `default_plan()`); `fictional`
    (always, from the command) adds the fictional force and everything made up for it
    (`load_fictional`: tests of where the records come from leave out its half a minute).
    """
    from parity.powers.partitions import sync_pending

    sync_pending()
    data = locate(paths)
    if data is not None:
        lines = _import(data)
        made = load_fictional(data.victims) if fictional else []
        return "\n".join([*lines, *made, _warehouse_line()])
    reused = _already_loaded()
    lines = reused + _maps_if_missing() if reused else fetch_default(client_factory, plan or default_plan())
    return "\n".join([*lines, *(load_fictional([]) if fictional else [])])


def load_fictional(victims: list[Path], *, today: date | None = None) -> list[str]:
    """Everything the demonstration makes up, for the fictional force alone, and its accounts."""
    from parity.cli import demo_fictional as made
    from parity.engagement.group_example import CHAIR_EMAIL, OFFICER_EMAIL
    from parity.reference.fictional import fictional_force

    day = today or date.today()
    force = fictional_force()
    lines = [
        f"{force.name}: a made-up force, named fictional on every page, counted in no national or compared "
        "figure. Everything below that is made up belongs to it, never to a real force."
    ]
    lines += made.stop_search_example()
    lines += made.scrutiny_panel()
    lines += load_hr_example()
    lines += import_victims(victims, today=day)
    lines += made.advisor()
    lines += load_groups_example()
    lines += made.action_plan(day)
    lines += made.conversation()
    accounts = (
        (made.PANEL_CHAIR_EMAIL, "panel chair: draws a sample with grounds and video"),
        (made.ADVISOR_EMAIL, "lived-experience advisor: reviews closed complaints"),
        (made.BOARD_EMAIL, "action plan board"),
        (OFFICER_EMAIL, "engagement officer: groups and the conversation"),
        (CHAIR_EMAIL, "advisory group chair"),
    )
    lines.append(
        "Demo accounts (no password yet: ask for a set-password link on the sign-in page, then set up an "
        "authenticator app at first sign-in): " + "; ".join(f"{email} ({what})" for email, what in accounts) + "."
    )
    return lines


GROUPS_EXAMPLE_FORCE = FICTIONAL.slug


def load_groups_example(force: str = GROUPS_EXAMPLE_FORCE) -> list[str]:
    """Illustrative advisory groups, their made-up members (labelled), a meeting and an
    application waiting to be vetted, so the engagement officer's and chair's pages show work."""
    from parity.engagement import group_example
    from parity.reference.models import Force

    found = Force.objects.get(slug=force)
    err.print("Making illustrative advisory groups")
    made = group_example.load(found)
    if not made.groups:
        return [f"Illustrative advisory groups for {found.name}: already held."]
    return [
        f"Illustrative advisory groups for {found.name} (made-up people, labelled): {made.groups} groups, "
        f"{made.members} members, {made.meetings} meetings. See /engagement/{force}/groups/."
    ]
