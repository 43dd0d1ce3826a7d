"""The Home Office workforce ethnicity table: every row accounted for, the Home Office's own
figures reproduced from the file, re-imports that change nothing, bad files refused whole."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.powers.importing.pipeline import IngestReport
from parity.workforce.importing.home_office import ingest
from parity.workforce.models import Headcount, WorkforceUnit
from tests.conftest import SHARED

WORKFORCE = SHARED / "home-office" / "police-workforce"
RANKS = WORKFORCE / "officers-by-rank-ethnicity-2003-2006.csv"
CHIEFS = WORKFORCE / "chief-officers-by-ethnicity-2003-2021.csv"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: Any) -> Iterator[IngestReport]:
    """Both shared files, imported once for this module (outside any test's transaction)."""
    with django_db_blocker.unblock():
        report = ingest([RANKS, CHIEFS])
    yield report
    with django_db_blocker.unblock():
        Headcount.objects.all().delete()
        WorkforceUnit.objects.all().delete()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def _count(text: str) -> int:
    text = text.strip().replace(",", "")
    return 0 if text == "-" else int(text)


def test_both_shared_files_import_with_every_row_accounted_for(imported: IngestReport) -> None:
    assert not imported.refused and not imported.problems
    ranks, chiefs = imported.files
    assert (ranks.rows_read, ranks.rows_imported, ranks.rows_unchanged, ranks.rows_rejected) == (14448, 14448, 0, 0)
    # the chief-officer cut repeats 2003-2006 chief officers: the same figures, so unchanged
    assert (chiefs.rows_read, chiefs.rows_imported, chiefs.rows_unchanged, chiefs.rows_rejected) == (
        10776,
        8712,
        2064,
        0,
    )
    assert imported.rows_read == imported.rows_imported + imported.rows_unchanged + imported.rows_rejected == 25224
    assert Headcount.objects.count() == 14448 + 8712
    # Home Office names became Parity's slugs; the row as written is kept
    cell = Headcount.objects.get(
        force__slug="avon-and-somerset",
        as_at=date(2003, 3, 31),
        gender="Female",
        rank="Chief Officer",
        ethnicity="Asian or Asian British",
    )
    assert cell.raw["Force Name"] == "Avon & Somerset" and cell.raw["Total (headcount)"] == " -"
    assert cell.headcount == 0 and cell.group == "asian" and cell.unit.name == str(RANKS)
    assert Headcount.objects.filter(force__slug="metropolitan").exists()
    assert Headcount.objects.filter(gender="Not stated", as_at=date(2021, 3, 31)).count() == 44 * 6


def test_a_home_office_figure_is_reproduced_exactly_from_the_file(imported: IngestReport) -> None:
    """West Midlands' minority ethnic share of officers who stated, 31 March 2005, from the CSV."""
    minority = stated = 0
    for row in _rows(RANKS):
        if row["Force Name"] == "West Midlands" and row["As at 31 March..."] == "2005":
            n = _count(row["Total (headcount)"])
            if row["Ethnic group"] != "Not stated":
                stated += n
                minority += n if row["Ethnic group"] == "Black, Asian and Minority Ethnic" else 0
    assert stated > 8000 and minority > 400  # the file's own figures, not an empty match
    code, out = _analyse("--force", "west-midlands", "--year", "2005", "--format", "json")
    assert code == 0
    answer = json.loads(out)
    groups = {g["group"]: g for g in answer["groups"]}
    # the minority ethnic officers are those who stated a group other than White; some groups
    # are hidden (the ranks are published beside the whole force), the total who stated is not
    assert answer["stated"] == stated and groups["White"]["headcount"] == stated - minority
    assert 1 - groups["White"]["share"] == pytest.approx(minority / stated, abs=1e-15)
    shown = [g for g in ("Asian", "Black", "Mixed", "Other") if not groups[g]["suppressed"]]
    assert shown and all(groups[g]["headcount"] is not None for g in shown)


def test_counts_are_read_as_the_home_office_writes_them_and_the_raw_row_is_kept(imported: IngestReport) -> None:
    rows = _rows(RANKS)
    line, row = next((i + 2, r) for i, r in enumerate(rows) if "," in r["Total (headcount)"])
    assert row["Total (headcount)"].startswith(" ")  # " 1,976 ": spaces and a thousands separator
    cell = Headcount.objects.get(unit__name=str(RANKS), line=line)
    assert cell.headcount == int(row["Total (headcount)"].replace(",", "")) > 999
    assert cell.raw == dict(row)


def test_importing_the_same_files_again_changes_nothing(imported: IngestReport) -> None:
    before = list(Headcount.objects.order_by("pk").values_list("pk", "unit_id", "headcount", "fte"))
    units = WorkforceUnit.objects.count()
    again = ingest([RANKS, CHIEFS])
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert (again.rows_read, again.rows_imported, again.rows_unchanged, again.rows_rejected) == (25224, 0, 25224, 0)
    assert list(Headcount.objects.order_by("pk").values_list("pk", "unit_id", "headcount", "fte")) == before
    assert WorkforceUnit.objects.count() == units


def _analyse(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["analyse", "workforce", *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def _ingest(*paths: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        main, ["ingest", "workforce", *map(str, paths), "--format", "json"], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


def _broken(tmp_path: Path, line: int, column: str, value: str, *, source: Path = RANKS) -> Path:
    """A copy of a shared file with one value changed on one line (line 1 is the header)."""
    tmp_path.mkdir(exist_ok=True)
    with source.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    rows[line - 1][header.index(column)] = value
    path = tmp_path / "broken.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.mark.parametrize(
    "case",
    [
        (7000, "Total (headcount)", "12a", "not a number"),
        (9000, "Force Name", "Atlantis Constabulary", "not a force Parity knows"),
        (42, "Total (FTE)", "-3", "not a count of people"),
        (5, "Ethnicity", "Martian", "not a Home Office ethnicity category"),
    ],
)
def test_a_file_with_a_bad_row_is_refused_whole_naming_file_line_field_and_value(
    imported: IngestReport, tmp_path: Path, case: tuple[int, str, str, str]
) -> None:
    line, column, value, reason = case
    before = _snapshot()
    bad = _broken(tmp_path, line, column, value)
    code, report = _ingest(bad)
    assert code == 1
    [file] = report["files"]
    assert file["status"] == "refused" and file["rows_rejected"] == file["rows_read"] == 14448
    assert file["rows_imported"] == 0
    assert f"line {line}, {column} = {value!r}" in file["message"]
    [problem] = report["problems"]
    assert problem == {
        "file": str(bad),
        "line": line,
        "field": column,
        "value": value,
        "reason": problem["reason"],
        "action": "rejected",
    }
    assert reason in problem["reason"]
    assert _snapshot() == before


def test_a_wrong_header_is_refused_and_nothing_held_changes(imported: IngestReport, tmp_path: Path) -> None:
    before = _snapshot()
    text = RANKS.read_text(encoding="utf-8-sig").replace("Total (headcount)", "Headcount", 1)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(text, encoding="utf-8")
    code, report = _ingest(wrong)
    assert code == 1
    [file] = report["files"]
    assert file["status"] == "refused"
    assert file["name"] == str(wrong)
    assert "line 1, header = " in file["message"] and "'As at 31 March...,Geo code" in file["message"]
    assert "expected the columns" in file["message"]
    assert _snapshot() == before


def test_a_bad_file_beside_a_good_one_stores_only_the_good_one(imported: IngestReport, tmp_path: Path) -> None:
    """The good file corrects one cell of the chief officers' table; the bad file changes nothing."""
    before = _snapshot()
    bad = _broken(tmp_path, 100, "Total (headcount)", "lots")
    good = _broken(tmp_path / "good", 2, "Total (headcount)", "7", source=CHIEFS)
    code, report = _ingest(bad, good)
    assert code == 1
    assert [f["status"] for f in report["files"]] == ["refused", "imported"]
    assert report["files"][1]["rows_imported"] == 1
    assert report["files"][1]["rows_unchanged"] == 10775
    assert report["rows_read"] == report["rows_imported"] + report["rows_unchanged"] + report["rows_rejected"]
    changed = Headcount.objects.get(unit__name=str(good))
    assert (changed.force.slug, changed.as_at, changed.rank, changed.headcount) == (
        "avon-and-somerset",
        date(2003, 3, 31),
        "Chief Officer",
        7,
    )
    after = _snapshot()
    assert [cell for cell in after if cell not in before] == [(changed.pk, changed.unit_id, 7)]
    assert not WorkforceUnit.objects.filter(name=str(bad)).exists()
    # importing the original again puts the Home Office's figure back, and changes nothing else
    again = ingest([CHIEFS])
    assert (again.rows_imported, again.rows_unchanged) == (1, 10775)
    changed.refresh_from_db()
    assert changed.headcount == 0 and changed.unit.name == str(CHIEFS)
    assert [(pk, n) for pk, _, n in _snapshot()] == [(pk, n) for pk, _, n in before]


def _snapshot() -> list[tuple[int, int, int]]:
    return list(Headcount.objects.order_by("pk").values_list("pk", "unit_id", "headcount"))


def test_analyse_workforce_json_is_the_contract(imported: IngestReport) -> None:
    from parity.reference.models import Population

    code, out = _analyse("--force", "west-midlands", "--year", "2006", "--rank", "constable", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:7] == ["force", "as_at", "census_year", "worker_type", "not_stated", "groups", "warnings"]
    assert (data["force"], data["as_at"], data["census_year"], data["worker_type"]) == (
        "west-midlands",
        "2006-03-31",
        2011,
        "officer",
    )
    assert data["rank"] == "Constable"
    constables = Headcount.objects.filter(force__slug="west-midlands", as_at=date(2006, 3, 31), rank="Constable")
    # not stated is 1 or 2 in other ranks, so it is hidden here too (the ranks add up to the whole force)
    assert data["not_stated"] is None
    white = next(g for g in data["groups"] if g["group"] == "White")
    assert white["headcount"] == sum(constables.filter(group="white").values_list("headcount", flat=True))
    assert [g["group"] for g in data["groups"]] == ["Asian", "Black", "Mixed", "White", "Other"]
    keys = {
        "group",
        "headcount",
        "share",
        "population_share",
        "representation_ratio",
        "ratio_ci_low",
        "ratio_ci_high",
        "suppressed",
    }
    assert all(keys <= set(g) for g in data["groups"])
    census = dict(
        Population.objects.filter(census_year=2011, force__slug="west-midlands", classification="5+1").values_list(
            "group", "population"
        )
    )
    chinese = Population.objects.get(
        census_year=2011, force__slug="west-midlands", classification="detailed", group="A4"
    ).population
    residents = sum(census.values())
    black = next(g for g in data["groups"] if g["group"] == "Black")
    stated = sum(constables.exclude(group="not_stated").values_list("headcount", flat=True))
    black_count = sum(constables.filter(group="black").values_list("headcount", flat=True))
    assert black["headcount"] == black_count and not black["suppressed"]
    assert black["share"] == black_count / stated
    assert black["population_share"] == census["black"] / residents
    assert black["representation_ratio"] == pytest.approx((black_count / stated) / (census["black"] / residents))
    assert black["ratio_ci_low"] < black["representation_ratio"] < black["ratio_ci_high"]
    # before 2021 the Home Office counted Chinese people under Other: so does the benchmark
    other = next(g for g in data["groups"] if g["group"] == "Other")
    asian = next(g for g in data["groups"] if g["group"] == "Asian")
    assert other["population_share"] == (census["other"] + chinese) / residents
    assert asian["population_share"] == (census["asian"] - chinese) / residents
    assert any("Chinese" in w for w in data["warnings"])
    assert any("2011 census" in w for w in data["warnings"])


def test_analyse_workforce_suppresses_small_ranks_and_refuses_what_is_not_held(imported: IngestReport) -> None:
    code, out = _analyse("--force", "wiltshire", "--year", "2021", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["census_year"] == 2021
    assert any("chief officers" in w for w in data["warnings"])
    hidden = [g for g in data["groups"] if g["suppressed"]]
    assert all(g["headcount"] is None and g["representation_ratio"] is None for g in hidden)
    shown = [g for g in data["groups"] if not g["suppressed"]]
    assert all(g["headcount"] == 0 or g["headcount"] >= 5 for g in shown)
    code, _ = _analyse("--force", "wiltshire", "--year", "1999")
    assert code == 1
    result = CliRunner().invoke(main, ["analyse", "workforce", "--force", "atlantis", "--year", "2005"])
    assert result.exit_code == 2 and "unknown force 'atlantis'" in result.stderr
