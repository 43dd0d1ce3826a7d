"""A force's arrests-and-disposals extract: stored by force-year, read back through the
warehouse for arrests and stages, awkward files refused whole, re-imports that change nothing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.justice import example as extracts
from parity.justice.importing.arrests import ingest
from parity.justice.importing.extract import HEADER
from parity.justice.models import ArrestRecord
from parity.justice.statistics import force_arrests, force_stages

pytestmark = pytest.mark.django_db


def test_an_extract_is_stored_and_counted_as_written(tmp_path: Path) -> None:
    body = extracts.rows()
    report = ingest([extracts.write(tmp_path / "kent.csv", body)])
    assert not report.problems and (report.rows_read, report.rows_imported) == (400, 400)
    assert ArrestRecord.objects.filter(force__slug="kent", period="2019/20").count() == 400
    expected = Counter(extracts.GROUP_OF_CODE[r[3]] for r in body)
    result = force_arrests("kent", "2019/20")
    assert {g.code: g.count for g in result.groups} == {
        g: expected[g] for g in ("white", "black", "asian", "mixed", "other")
    }
    assert result.not_reported == expected["not_stated"]
    again = ingest([tmp_path / "kent.csv"])
    assert (again.rows_imported, again.rows_unchanged) == (0, 400)


def test_the_stage_table_from_an_extract(tmp_path: Path) -> None:
    body = extracts.rows(n=3000)
    ingest([extracts.write(tmp_path / "kent.csv", body)])
    table = force_stages("kent", "2019/20")
    assert [r.stage for r in table.rows] == ["arrest", "charge", "out_of_court"]
    assert [r.over for r in table.rows] == ["population", "arrest", "arrest"]
    black = [r for r in body if r[3] == "B2"]
    charged = sum(1 for r in black if r[8] == "charge")
    cell = table.row("charge").cell("black")
    assert (cell.count, cell.base) == (charged, len(black))
    assert cell.method == "katz-log" and cell.pooled is not None and cell.pooled.strata == 2
    assert table.row("out_of_court").favourable
    assert all(t.holds for t in table.telescoping if t.holds is not None)
    data = json.loads(
        CliRunner()
        .invoke(main, ["analyse", "stages", "--force", "kent", "--period", "2019/20", "--format", "json"])
        .output
    )
    assert [s["stage"] for s in data["stages"]] == ["arrest", "charge", "out_of_court"]


def test_a_changed_extract_replaces_its_force_year(tmp_path: Path) -> None:
    ingest([extracts.write(tmp_path / "a.csv", extracts.rows(n=50))])
    report = ingest([extracts.write(tmp_path / "b.csv", extracts.rows(n=30, seed=2))])
    assert report.rows_imported == 30
    assert ArrestRecord.objects.filter(force__slug="kent").count() == 30


def _awkward(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    good = extracts.rows(n=6)
    bad = [list(r) for r in good]
    bad[0][3] = "Z7"  # unknown ethnicity
    bad[1][7] = "2019-02-30"  # no such date
    bad[2][9] = "2019-01-01"  # decided before the arrest
    bad[3][8] = "told off"  # not an outcome
    bad[4][2] = "Jane Smith"  # a name where a pseudonym belongs
    bad[5][1] = bad[0][1]  # the same arrest twice
    return extracts.write(tmp_path / "awkward.csv", bad), bad


def test_awkward_rows_refuse_the_file_naming_line_field_and_value(tmp_path: Path) -> None:
    path, bad = _awkward(tmp_path)
    report = ingest([path])
    assert report.refused and report.rows_imported == 0 and report.rows_rejected == 6
    assert not ArrestRecord.objects.exists()  # nothing half-written
    found = {(p["line"], p["field"], p["value"]) for p in report.problems}
    assert {
        (2, "self_defined_ethnicity", "Z7"),
        (3, "arrest_date", "2019-02-30"),
        (4, "outcome_date", "2019-01-01"),
        (5, "outcome", "told off"),
        (6, "person", "Jane Smith"),
        (7, "arrest_reference", bad[0][1]),
    } <= found
    assert all(p["file"] == str(path) for p in report.problems)


def test_a_reference_held_under_another_year_refuses_the_file_and_keeps_what_is_held(tmp_path: Path) -> None:
    first = ingest([extracts.write(tmp_path / "2018.csv", extracts.rows(n=40, year=2018))])
    assert first.rows_imported == 40
    held = set(ArrestRecord.objects.values_list("reference", "period"))
    clash = extracts.write(tmp_path / "2019.csv", extracts.rows(n=40, year=2019))  # same seed: same references
    report = ingest([clash])
    assert report.refused and report.rows_imported == 0
    problem = report.problems[0]
    assert (problem["line"], problem["field"], problem["value"]) == (2, "arrest_reference", "ARR-14-00000")
    assert problem["reason"] == "already held for this force under 2018/19; a reference names one arrest"
    assert set(ArrestRecord.objects.values_list("reference", "period")) == held  # nothing changed
    again = ingest([extracts.write(tmp_path / "2018-again.csv", extracts.rows(n=40, year=2018))])
    assert again.rows_unchanged == 40 and not again.refused  # the same year again is no clash


def test_files_not_in_the_layout_are_refused(tmp_path: Path) -> None:
    header = extracts.write(tmp_path / "header.csv", [], header=("ref", "ethnicity"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(HEADER).encode() + b"\nkent,caf\xe9\n")
    short = extracts.write(tmp_path / "short.csv", [["kent", "ARR-1"]])
    report = ingest([header, empty, latin, short])
    messages = [f.message for f in report.files]
    assert "not the arrests extract layout" in messages[0]
    assert "the file is empty" in messages[1]
    assert "not UTF-8" in messages[2]
    assert report.problems[0]["reason"] == "has 2 values, expected 10"


def test_every_forces_table_at_once_agrees_with_one_forces(tmp_path: Path) -> None:
    """The benchmark's path (one GROUP BY for every force and year) gives the per-force figures."""
    from parity.analysis.rules import Rules
    from parity.justice.statistics import record_stage_tables, stage_input

    ingest(
        [
            extracts.write(tmp_path / "kent.csv", extracts.rows(n=2000)),
            extracts.write(tmp_path / "essex.csv", extracts.rows("essex", n=900, seed=3)),
        ]
    )
    item, _ = stage_input("kent", "2019/20")
    tables = record_stage_tables({"kent": item.population, "essex": {}}, census_year=2011, rules=Rules())
    assert [(t.context.force, t.context.period_label) for t in tables] == [("essex", "2019/20"), ("kent", "2019/20")]
    one = force_stages("kent", "2019/20")
    for stage in ("arrest", "charge", "out_of_court"):
        assert tables[1].row(stage).as_dict()["groups"] == one.row(stage).as_dict()["groups"]
