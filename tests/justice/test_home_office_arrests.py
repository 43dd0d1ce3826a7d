"""The Home Office arrests tables: every count of A_08, A_01c and A_04 held as published, the
published rates compared, re-imports that change nothing, awkward workbooks refused whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.justice.importing.arrests import ingest
from parity.justice.models import JusticeUnit, StageCount
from parity.powers.importing.pipeline import IngestReport
from parity.powers.importing.spreadsheets import read_sheet
from parity.reference.forces import find_force
from tests.conftest import SHARED
from tests.justice.workbooks import write_xlsx

TABLES = SHARED / "home-office" / "arrests" / "arrest-police-powers-procedures-mar19-hosb2519-tables.ods"
GROUPS = ("white", "black", "asian", "mixed", "other", "not_stated")  # the sheet's column order
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: Any) -> Iterator[IngestReport]:
    with django_db_blocker.unblock():
        report = ingest([TABLES])
    yield report
    with django_db_blocker.unblock():
        StageCount.objects.all().delete()
        JusticeUnit.objects.all().delete()


def _a08_forces() -> list[tuple[str, str, list[Any]]]:
    """(slug, year, the six cells) for every force row of A_08, read straight from the sheet."""
    out = []
    for row in read_sheet(TABLES, "A_08")[6:]:
        label = str(row[0]).rstrip("0123456789")
        force = find_force(label) if label else None
        if force is None or "Region" in label:
            continue
        out += [(force.slug, "2017/18", row[2:8]), (force.slug, "2018/19", row[10:16])]
    return out


def test_every_count_is_held_as_published(imported: IngestReport) -> None:
    assert not imported.problems and not imported.refused
    # A_08: 43 force rows (Lancashire not available) + 3 national rows, two years, six groups;
    # A_01c: 13 years x 6; A_04: 2 years x 6
    assert imported.rows_read == (43 + 3) * 2 * 6 + 13 * 6 + 2 * 6
    assert imported.rows_read == imported.rows_imported
    forces = _a08_forces()
    assert len(forces) == 86
    for slug, year, cells in forces:
        held = dict(
            StageCount.objects.filter(source="home-office-arrests A_08", area=slug, period=year).values_list(
                "group", "count"
            )
        )
        expected = {g: (None if c == ".." else int(c)) for g, c in zip(GROUPS, cells, strict=True)}
        assert held == expected, (slug, year)
    ew = dict(
        StageCount.objects.filter(
            source="home-office-arrests A_01c", area="england-and-wales", period="2006/07"
        ).values_list("group", "count")
    )
    assert ew == {
        "white": 1086449,
        "black": 104888,
        "asian": 67542,
        "mixed": 40092,
        "other": 19348,
        "not_stated": 105243,
    }
    assert {"region subtotals (not stored; their forces are)": 9 * 2 * 6}.items() <= imported.exclusions.items()


def test_the_same_tables_again_change_nothing(imported: IngestReport) -> None:
    before = StageCount.objects.count()
    again = ingest([TABLES])
    assert (again.rows_imported, again.rows_unchanged) == (0, imported.rows_read)
    assert StageCount.objects.count() == before


def test_analyse_arrests_reproduces_the_published_counts(imported: IngestReport) -> None:
    result = CliRunner().invoke(
        main, ["analyse", "arrests", "--force", "west-midlands", "--period", "2018/19", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["force"], data["period"], data["census_year"]) == ("west-midlands", "2018/19", 2011)
    assert data["not_reported"] == 718
    counts = {g["group"]: g["count"] for g in data["groups"]}
    assert counts == {"White": 22667, "Black": 4677, "Asian": 5795, "Mixed": 2150, "Other": 620}
    white, black = data["groups"][0], data["groups"][1]
    assert white["ratio"] == 1.0
    assert black["rate_per_1000"] == pytest.approx(1000 * 4677 / black["population"])
    assert black["ratio"] == pytest.approx(black["rate_per_1000"] / white["rate_per_1000"])
    assert black["ratio_ci_low"] < black["ratio"] < black["ratio_ci_high"]
    assert set(data) >= {"force", "period", "census_year", "unit", "not_reported", "groups", "warnings"}
    assert set(data["groups"][0]) >= {
        "group", "count", "population", "rate_per_1000", "ratio", "ratio_ci_low", "ratio_ci_high", "suppressed"
    }  # fmt: skip


def test_lancashire_has_no_rates_and_says_why(imported: IngestReport) -> None:
    result = CliRunner().invoke(
        main, ["analyse", "arrests", "--force", "lancashire", "--period", "2018/19", "--format", "json"]
    )
    data = json.loads(result.output)
    assert all(g["rate_per_1000"] is None and g["ratio"] is None for g in data["groups"])
    assert any("not available" in w for w in data["warnings"])


def test_a_year_not_held_is_refused_plainly(imported: IngestReport) -> None:
    result = CliRunner().invoke(main, ["analyse", "arrests", "--force", "kent", "--period", "2015/16"])
    assert result.exit_code == 1
    assert "no arrests held for kent in 2015/16" in result.output


def _a08(rows: list[list[Any]]) -> dict[str, list[list[Any]]]:
    groups = [
        "White",
        "Black (or Black British)",
        "Asian (or Asian British)",
        "Mixed",
        "Chinese or Other",
        "Not stated",
    ]
    return {
        "A_08": [
            ["A.08: Number of persons arrested"],
            ["", "2018/19"],
            ["Police Force Area", "Total", *groups],
            [],
            *rows,
        ],
        "A_01c": [
            ["Year", "Persons"],
            ["", *groups, "Total"],
            ["2018/19", 1, 1, 1, 1, 1, 1, 6],
        ],
        "A_04": [
            ["Self-defined ethnicity", "2018/19"],
            ["", "Number", "Proportion", "Arrest rate per 1,000 population"],
            ["White", 6, 50, 1.5],
        ],
    }


def test_awkward_workbooks_are_refused_whole_naming_line_field_and_value(tmp_path: Path) -> None:
    bad = write_xlsx(
        tmp_path / "arrests.xlsx",
        _a08(
            [
                ["Kent", 30, 10, 5, 5, 5, 3, 2],
                ["Essex", 31, 10, 5, 5, 5, 3, 2],  # total is not the sum
                ["Surrey", 20, 10, "ten", 0, 0, 0, 0],  # text in a count
                ["Atlantis", 1, 1, 0, 0, 0, 0, 0],  # no such force
            ]
        ),
    )
    report = ingest([bad])
    assert report.refused and report.rows_imported == 0
    assert not JusticeUnit.objects.filter(name=str(bad)).exists()  # nothing half-written
    found = {(p["line"], p["field"], p["value"]) for p in report.problems}
    assert (6, "2018/19 Total", "31") in found
    assert (7, "2018/19 Black (or Black British)", "ten") in found
    assert (8, "Police Force Area", "Atlantis") in found
    assert all(p["file"].endswith("arrests.xlsx (sheet A_08)") for p in report.problems if p["line"] in {6, 7, 8})


def test_a_workbook_without_the_sheets_or_not_a_workbook_is_refused(tmp_path: Path) -> None:
    other = write_xlsx(tmp_path / "other.xlsx", {"Sheet1": [["nothing"]]})
    text = tmp_path / "notes.txt"
    text.write_text("not a table")
    report = ingest([other, text, tmp_path / "missing.ods"])
    messages = [f.message for f in report.files]
    assert "has no sheet called 'A_08'" in messages[0]
    assert "not a Home Office arrests workbook" in messages[1]
    assert messages[2] == "no such file"


def test_national_rates_against_the_published_ones(imported: IngestReport) -> None:
    """Lancashire left out of both counts and residents, Chinese residents under Other: the
    Home Office's A_04 rates come out to the last digit (docs/methodology/arrests.md)."""
    from parity.justice.statistics import national_arrests, published_rates

    for period in ("2017/18", "2018/19"):
        ours = national_arrests(period)
        theirs = published_rates(period)
        assert set(theirs) == {"white", "black", "asian", "mixed", "other"}
        for g in ours.groups:
            assert g.rate_per_1000 is not None
            assert g.rate_per_1000 == pytest.approx(theirs[g.code], rel=1e-12)
