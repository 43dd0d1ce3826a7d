"""The Home Office use-of-force Table 16: the workbooks and the cleaned CSVs read alike and
agree; Table 16's totals reproduced exactly; re-imports change nothing; bad files refused whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.powers.importing.pipeline import IngestReport
from parity.powers.importing.spreadsheets import read_sheet
from parity.powers.use_of_force.ingest import ingest
from parity.powers.use_of_force.models import TacticCount, UseOfForceUnit
from parity.reference.forces import find_force
from tests.conftest import SHARED

UOF = SHARED / "home-office" / "use-of-force"
WORKBOOKS = [
    UOF / "police-use-of-force-apr2018-mar2019-hosb3319-tables.ods",
    UOF / "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods",
]
CLEANED = [UOF / "cleaned-by-ethnicity-force" / f"april{y}-march{y + 1}.csv" for y in (2018, 2019)]
NO_TABLE_16 = UOF / "police-use-of-force-apr2017-mar2018-hosb3018-tables.ods"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: Any) -> Iterator[IngestReport]:
    """Both workbooks, then both cleaned CSVs, imported once for this module."""
    with django_db_blocker.unblock():
        report = ingest([*WORKBOOKS, *CLEANED])
    yield report
    with django_db_blocker.unblock():
        UseOfForceUnit.objects.all().delete()


def _sheet_totals(path: Path) -> dict[str, dict[str, float]]:
    """Each area's '*Total Tactics' row, read straight from the workbook by its own header."""
    rows = read_sheet(path, "Table_16")
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Police force")
    header = [str(h) for h in rows[at]]
    return {
        str(r[0]).strip(): dict(zip(header[3:], [float(str(c)) for c in r[3:]], strict=True))
        for r in rows[at + 1 :]
        if len(r) > 2 and r[2] == "*Total Tactics"
    }


def test_workbooks_import_and_the_cleaned_csvs_are_the_same_figures(imported: IngestReport) -> None:
    assert not imported.refused and not imported.problems
    workbook_18, workbook_19, cleaned_18, cleaned_19 = imported.files
    assert (workbook_18.status, workbook_18.rows_read, workbook_18.rows_imported) == ("imported", 1540, 1540)
    assert (workbook_19.status, workbook_19.rows_read, workbook_19.rows_imported) == ("imported", 1672, 1672)
    # the cleaned CSVs hold exactly the workbooks' counts, row by row, so they change nothing
    assert (cleaned_18.status, cleaned_18.rows_unchanged, cleaned_18.rows_imported) == ("unchanged", 1540, 0)
    assert (cleaned_19.status, cleaned_19.rows_unchanged, cleaned_19.rows_imported) == ("unchanged", 1672, 0)
    assert TacticCount.objects.count() == 1540 + 1672
    assert UseOfForceUnit.objects.filter(period="2019/20").count() == 44  # 43 forces and England and Wales


def test_not_available_is_kept_apart_from_zero(imported: IngestReport) -> None:
    """The workbook's ':' and the cleaned CSV's empty cell are both 'not available', not 0."""
    row = TacticCount.objects.get(area="avon-and-somerset", period="2019/20", tactic="Compliant handcuffing")
    assert row.raw["White"] == ":" and row.white is None and row.total is None
    zero = TacticCount.objects.filter(period="2019/20", white=0).first()
    assert zero is not None and zero.raw["White"] == "0"


def test_table_16_totals_are_reproduced_exactly_for_every_force(imported: IngestReport) -> None:
    shown = hidden = small = 0
    for path, period in zip(WORKBOOKS, ("2018/19", "2019/20"), strict=True):
        published = _sheet_totals(path)
        assert len(published) == 44
        for name, cells in published.items():
            if name == "Total England and Wales":
                continue
            force = find_force(name)
            assert force is not None, name
            code, out = _analyse("--force", force.slug, "--period", period, "--format", "json")
            assert code == 0, out
            result = json.loads(out)
            asian = cells["Asian (or Asian British)"] + cells.get("Chinese", 0)  # 2018/19: Chinese with Asian
            expected = [cells["White"], cells["Black (or Black British)"], asian, cells["Mixed"], cells["Other"]]
            for group, published_count in zip(result["groups"], expected, strict=True):
                # a count is the table's exactly, or hidden: every count of 1 to 4 is, and only a few more
                if group["suppressed"]:
                    assert group["count"] is None
                    hidden += 1
                    small += 0 < published_count < 5
                else:
                    assert group["count"] == published_count, (name, group)
                    assert not 0 < published_count < 5
                    shown += 1
            not_reported = cells["Not reported"] + cells.get("Don't know", 0)
            assert result["not_reported"] in (not_reported, None)
            assert result["total"]["count"] == cells["Number of times tactic reported"]
            assert result["unit"] == "tactics"
    assert shown > 380 and small > 0 and hidden < 2 * small + 5


def test_the_forces_add_up_to_the_published_england_and_wales_row(imported: IngestReport) -> None:
    for period in ("2018/19", "2019/20"):
        rows = TacticCount.objects.filter(period=period, tactic="*Total Tactics")
        national = rows.get(area="england-and-wales")
        forces = rows.exclude(area="england-and-wales")
        for column in ("white", "black", "asian", "mixed", "other", "not_reported", "total"):
            assert sum(getattr(r, column) for r in forces) == getattr(national, column), (period, column)


def test_the_readme_example_row(imported: IngestReport) -> None:
    """Avon & Somerset 2019/20 as the data README quotes it."""
    row = TacticCount.objects.get(area="avon-and-somerset", period="2019/20", tactic="*Total Tactics")
    assert (row.white, row.black, row.asian, row.mixed, row.other, row.not_reported, row.total) == (
        12788, 954, 153, 183, 72, 6943, 21093,
    )  # fmt: skip


def test_importing_the_same_files_again_changes_nothing(imported: IngestReport) -> None:
    before = list(TacticCount.objects.order_by("pk").values_list("pk", "unit_id", "total"))
    code, report = _ingest(*WORKBOOKS, *CLEANED)
    assert code == 0
    assert [f["status"] for f in report["files"]] == ["unchanged"] * 4
    assert (report["rows_read"], report["rows_imported"], report["rows_unchanged"], report["rows_rejected"]) == (
        6424, 0, 6424, 0,
    )  # fmt: skip
    assert list(TacticCount.objects.order_by("pk").values_list("pk", "unit_id", "total")) == before


def _analyse(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["analyse", "use-of-force", *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def _ingest(*paths: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["ingest", "use-of-force", *map(str, paths), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)
