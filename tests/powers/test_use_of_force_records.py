"""A force's own use-of-force records: the documented layout read field by field, figures
that count the file's rows, re-imports that change nothing, awkward files refused whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parity import safe_csv
from parity.cli import main
from parity.powers.use_of_force.example import example_rows
from parity.powers.use_of_force.extract import HEADER
from parity.powers.use_of_force.models import UseOfForceReport, UseOfForceUnit
from parity.powers.use_of_force.statistics import force_shares

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path, rows: list[list[str]], name: str = "kent-use-of-force.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as file:
        safe_csv.writer(file).writerows(rows)
    return path


def _kent(reports: int = 300) -> list[list[str]]:
    return example_rows("Kent", "2019/20", reports=reports, seed=7)


def _ingest(*paths: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["ingest", "use-of-force", *map(str, paths), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_every_field_is_read_as_the_layout_says(tmp_path: Path) -> None:
    rows = _kent()
    rows[1][HEADER.index("Date and time")] = "2019-06-01T14:30:00+01:00"
    rows[1][HEADER.index("Tactics")] = "Taser drawn; taser-fired ;Spit and bite guard"
    rows[1][HEADER.index("Self-defined ethnicity")] = "B2"
    rows[1][HEADER.index("Perceived ethnicity")] = "black"
    rows[1][HEADER.index("Body-worn video")] = "True"
    rows[1][HEADER.index("Stop and search record")] = "KENT-SS-1"
    code, report = _ingest(_file(tmp_path, rows))
    assert code == 0 and report["rows_imported"] == 300 and report["files"][0]["status"] == "imported"
    held = UseOfForceReport.objects.get(force__slug="kent", reference=rows[1][1])
    assert held.occurred_at == datetime(2019, 6, 1, 13, 30, tzinfo=UTC) and held.period == "2019/20"
    assert held.tactics == ["taser-drawn", "taser-fired", "spit-guard"]
    assert (held.perceived_group, held.self_defined_code, held.bwv_on) == ("black", "B2", True)
    assert held.stop_search_reference == "KENT-SS-1" and held.line == 2
    assert held.raw["Tactics"] == "Taser drawn; taser-fired ;Spit and bite guard"


def test_the_figures_count_the_files_rows_and_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    rows = _kent()
    path = _file(tmp_path, rows)
    assert _ingest(path)[0] == 0
    result = CliRunner().invoke(
        main, ["analyse", "use-of-force", "--force", "kent", "--period", "2019/20", "--format", "json"]
    )
    out = json.loads(result.stdout)
    perceived = [r[HEADER.index("Perceived ethnicity")] for r in rows[1:]]
    assert out["unit"] == "reports" and out["not_reported"] == perceived.count("Not stated")
    for group in out["groups"]:
        assert group["count"] == perceived.count(group["group"]) or group["suppressed"]
    assert any("fictional" in w for w in out["warnings"])
    fired = [r for r in rows[1:] if "Taser fired" in r[HEADER.index("Tactics")]]
    white = [r for r in rows[1:] if r[HEADER.index("Perceived ethnicity")] == "White"]
    share = force_shares("kent", "2019/20").row("taser-discharge").share("White")
    assert share.suppressed or share.count == len([r for r in fired if r in white])
    assert share.suppressed or share.denominator == len(white)
    pks = list(UseOfForceReport.objects.order_by("pk").values_list("pk", flat=True))
    code, again = _ingest(path)
    assert code == 0 and (again["rows_imported"], again["rows_unchanged"]) == (0, 300)
    assert list(UseOfForceReport.objects.order_by("pk").values_list("pk", flat=True)) == pks


def test_a_changed_file_replaces_its_force_year_whole(tmp_path: Path) -> None:
    rows = _kent()
    _ingest(_file(tmp_path, rows))
    rows[5][HEADER.index("Outcome")] = "Hospitalised"
    code, report = _ingest(_file(tmp_path, rows[:-10], name="kent-again.csv"))
    assert code == 0 and report["rows_imported"] == 290
    assert UseOfForceReport.objects.filter(force__slug="kent").count() == 290
    assert UseOfForceUnit.objects.filter(area="kent").count() == 1


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Date and time", "2019-06-01 14:30", "with its offset"),
        ("Tactics", "Taser drawn; Lasso", "'Lasso' is not a term of the national form"),
        ("Tactics", "", "every report names at least one tactic"),
        ("Perceived ethnicity", "Purple", "the officer's perception"),
        ("Self-defined ethnicity", "Z9", "not a census ethnic group"),
        ("Body-worn video", "maybe", "not True or False"),
        ("Report reference", "", "blank"),
        ("Force", "Atlantis", "not a police force"),
        ("Age band", "forty", "not one of"),
        ("Location", "x" * 121, "longer than 120"),
    ],
)
def test_a_bad_value_refuses_the_file_naming_line_field_and_value(
    tmp_path: Path, column: str, value: str, reason: str
) -> None:
    rows = _kent(40)
    rows[7][HEADER.index(column)] = value
    path = _file(tmp_path, rows)
    code, report = _ingest(path)
    assert code == 1 and report["files"][0]["status"] == "refused"
    problem = report["problems"][0]
    assert (problem["file"], problem["line"], problem["field"], problem["value"]) == (str(path), 8, column, value)
    assert reason in problem["reason"]
    assert not UseOfForceReport.objects.exists() and not UseOfForceUnit.objects.exists()


def test_a_duplicate_reference_a_short_row_and_a_foreign_header_are_refused(tmp_path: Path) -> None:
    rows = _kent(20)
    rows[9][1] = rows[3][1]
    rows[12] = rows[12][:5]
    code, report = _ingest(_file(tmp_path, rows))
    reasons = {(p["line"], p["field"]): p["reason"] for p in report["problems"]}
    assert code == 1 and "duplicate" in reasons[(10, "Report reference")]
    assert "has 5 values, expected 17" in reasons[(13, "row")]
    code, report = _ingest(_file(tmp_path, [["Force", "Report reference", "Date and time", "Officer"]], "odd.csv"))
    assert code == 1 and "not the use-of-force records layout" in report["files"][0]["message"]
    assert not UseOfForceReport.objects.exists()
