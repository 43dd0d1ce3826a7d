"""Awkward use-of-force tables: bad values named by file, line, field and value; a refused
file leaves nothing behind, and a good file beside it is stored whole."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.powers.use_of_force.models import TacticCount, UseOfForceUnit
from tests.conftest import SHARED

UOF = SHARED / "home-office" / "use-of-force"
CLEANED = [UOF / "cleaned-by-ethnicity-force" / f"april{y}-march{y + 1}.csv" for y in (2018, 2019)]
NO_TABLE_16 = UOF / "police-use-of-force-apr2017-mar2018-hosb3018-tables.ods"
pytestmark = pytest.mark.django_db


def _ingest(*paths: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["ingest", "use-of-force", *map(str, paths), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def _broken(tmp_path: Path, line: int, column: str, value: str, name: str = "april2019-march2020.csv") -> Path:
    """The cleaned 2019/20 CSV with one value changed on one line (line 1 is the header)."""
    with CLEANED[1].open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    rows[line - 1][rows[0].index(column)] = value
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.mark.parametrize(
    ("line", "column", "value", "reason"),
    [
        (2, "White", "lots", "not a count"),
        (3, "Black (or Black British)", "-4.0", "not a count of uses"),
        (4, "Mixed", "2.5", "not a count of uses"),
        (5, "Number of times tactic reported", "1.0", "the ethnicity columns add to"),
        (6, "Police Force", "Atlantis", "not a police force Parity knows"),
    ],
)
def test_a_bad_value_refuses_the_file_naming_line_field_and_value(
    tmp_path: Path, line: int, column: str, value: str, reason: str
) -> None:
    path = _broken(tmp_path, line, column, value)
    code, report = _ingest(path)
    assert code == 1
    assert (
        report["files"][0]["status"] == "refused"
        and "nothing from this file was stored" in report["files"][0]["message"]
    )
    problem = report["problems"][0]
    assert (problem["file"], problem["line"], problem["field"], problem["value"]) == (str(path), line, column, value)
    assert reason in problem["reason"]
    assert not UseOfForceUnit.objects.exists() and not TacticCount.objects.exists()


def test_a_refused_file_leaves_the_good_file_beside_it_whole(tmp_path: Path) -> None:
    bad = _broken(tmp_path, 40, "White", "?")
    code, report = _ingest(CLEANED[0], bad)
    assert code == 1 and [f["status"] for f in report["files"]] == ["imported", "refused"]
    assert set(TacticCount.objects.values_list("period", flat=True)) == {"2018/19"}
    assert TacticCount.objects.count() == 1540


def test_a_duplicate_row_and_a_file_without_its_year_are_refused(tmp_path: Path) -> None:
    with CLEANED[1].open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    (tmp_path / "dup").mkdir()
    duplicate = tmp_path / "dup" / "april2019-march2020.csv"
    with duplicate.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([*rows[:3], rows[2]])
    code, report = _ingest(duplicate)
    assert code == 1 and report["problems"][0]["line"] == 4 and "duplicate" in report["problems"][0]["reason"]
    undated = _broken(tmp_path, 2, "White", "1.0", name="table-16.csv")
    code, report = _ingest(undated)
    assert code == 1 and "financial year cannot be told from the file name" in report["files"][0]["message"]
    assert not TacticCount.objects.exists()


def test_a_workbook_without_table_16_is_refused_by_name() -> None:
    code, report = _ingest(NO_TABLE_16)
    assert code == 1
    assert "has no sheet called 'Table_16'" in report["files"][0]["message"]
    assert not UseOfForceUnit.objects.exists()
