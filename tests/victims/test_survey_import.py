"""The Crime Survey's victims of crime table: every published figure and every withheld cell
reproduced exactly from the file, re-imports that change nothing, bad files refused whole."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.powers.importing.pipeline import IngestReport
from parity.victims.importing.detect import ingest
from parity.victims.models import SurveyEstimate, SurveyUnit
from tests.conftest import SHARED

TABLE = SHARED / "reference" / "ethnicity-facts-figures" / "victims" / "eff-victims-of-crime-data.csv"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: Any) -> Iterator[IngestReport]:
    with django_db_blocker.unblock():
        report = ingest([TABLE])
    yield report
    with django_db_blocker.unblock():
        SurveyEstimate.objects.all().delete()
        SurveyUnit.objects.all().delete()


def _rows(path: Path = TABLE) -> list[dict[str, str]]:
    with path.open(newline="", encoding="latin-1") as file:
        return list(csv.DictReader(file))


def _figure(text: str) -> Decimal | None:
    return None if text == "?" else Decimal(text.replace(",", ""))


def test_every_published_figure_and_every_withheld_cell_is_held_exactly(imported: IngestReport) -> None:
    rows = _rows()
    assert not imported.refused and not imported.problems
    assert (
        (imported.rows_read, imported.rows_imported, imported.rows_rejected)
        == (len(rows), len(rows), 0)
        == (
            1183,
            1183,
            0,
        )
    )
    held = {e.line: e for e in SurveyEstimate.objects.all()}
    withheld = 0
    for line, row in enumerate(rows, start=2):
        cell = held[line]
        assert cell.raw == row
        assert cell.value == _figure(row["Value"])
        assert cell.standard_error == _figure(row["Standard Error"])
        assert cell.ci_low == _figure(row["Lower CI"]) and cell.ci_high == _figure(row["Upper CI"])
        assert cell.sample_size == int(row["Sample size"].replace(",", ""))
        withheld += row["Value"] == "?"
        assert cell.withheld is (row["Value"] == "?")
    assert withheld == SurveyEstimate.objects.filter(value=None).count() > 300
    # a withheld figure stays withheld: nothing is worked out from its sample size
    gypsy = SurveyEstimate.objects.get(
        time="2013/14", geography="England and Wales", ethnicity="Gypsy or Irish Traveller", age="16+"
    )
    assert (gypsy.sample_size, gypsy.value, gypsy.ci_low, gypsy.ci_high) == (12, None, None, None)


def test_a_published_figure_reads_as_the_survey_gives_it(imported: IngestReport) -> None:
    """England and Wales, 2013/14, all adults: 17% of 35,371 respondents (the file's first row)."""
    everyone = SurveyEstimate.objects.get(
        time="2013/14",
        geography="England and Wales",
        ethnicity="All",
        age="16+",
        gender="All",
        income="All",
        socio_economic="All",
    )
    assert (everyone.value, everyone.sample_size, everyone.ci_low) == (Decimal(17), 35371, Decimal("16.54"))
    assert everyone.kind == SurveyEstimate.Kind.COUNTRY and everyone.force is None
    # thousands separators in later sample sizes; trailing spaces tidied, the raw text kept
    separated = next(i for i, r in enumerate(_rows(), start=2) if "," in r["Sample size"])
    assert (SurveyEstimate.objects.get(line=separated).sample_size or 0) > 999
    assert (
        SurveyEstimate.objects.filter(gender="Male ").count() == 0
        and SurveyEstimate.objects.filter(raw__Gender="Male ").count() == 10
    )


def test_force_areas_are_known_forces_and_the_met_row_keeps_its_own_name(imported: IngestReport) -> None:
    areas = SurveyEstimate.objects.filter(kind=SurveyEstimate.Kind.FORCE)
    # the 42 force areas of England and Wales: City of London is within the Met's row
    assert areas.values("force").distinct().count() == areas.values("geography").distinct().count() == 42
    # a region named like a force stays a region
    region = SurveyEstimate.objects.filter(geography="West Midlands Region").first()
    assert region is not None and region.kind == SurveyEstimate.Kind.REGION and region.force is None
    met = areas.filter(geography="City of London / Metropolitan Police", ethnicity="White").first()
    assert met is not None and met.force is not None and met.force.slug == "metropolitan"
    assert met.geography_code == "E12000007"
    black = areas.filter(force__slug="west-midlands", time__startswith="2017/18", group="black").get()
    assert black.ethnicity == "Black/African/Caribbean/Black British"
    assert SurveyEstimate.objects.filter(kind=SurveyEstimate.Kind.REGION, geography="London").exists()


def test_importing_the_same_table_again_changes_nothing(imported: IngestReport) -> None:
    before = list(SurveyEstimate.objects.order_by("pk").values_list("pk", "unit_id", "value"))
    units = SurveyUnit.objects.count()
    again = ingest([TABLE])
    assert [f.status for f in again.files] == ["unchanged"]
    assert (again.rows_read, again.rows_imported, again.rows_unchanged) == (1183, 0, 1183)
    assert list(SurveyEstimate.objects.order_by("pk").values_list("pk", "unit_id", "value")) == before
    assert SurveyUnit.objects.count() == units == 9


def _broken(tmp_path: Path, line: int, column: str, value: str) -> Path:
    with TABLE.open(newline="", encoding="latin-1") as source:
        rows = [list(r) for r in csv.reader(source)]
    rows[line - 1][rows[0].index(column)] = value
    path = tmp_path / "broken.csv"
    with path.open("w", newline="", encoding="latin-1") as file:
        csv.writer(file).writerows(rows)
    return path


def _cli(*paths: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["ingest", "victims", *map(str, paths), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    ("line", "column", "value", "reason"),
    [
        (700, "Value", "17,4%", "not a number"),
        (5, "Upper CI", "112", "more than 100 per cent"),
        (9, "Value", "40", "outside its own interval"),
        (1000, "Sample size", "12.5", "not a whole number"),
        (300, "Geography", "Atlantis", "not a police force area"),
    ],
)
def test_a_bad_cell_refuses_the_whole_file_naming_it(
    tmp_path: Path, line: int, column: str, value: str, reason: str
) -> None:
    path = _broken(tmp_path, line, column, value)
    code, report = _cli(path)
    assert code == 1
    assert report["files"][0]["status"] == "refused"
    assert report["problems"][0] == {
        "file": str(path),
        "line": line,
        "field": column,
        "value": value,
        "reason": report["problems"][0]["reason"],
        "action": "rejected",
    }
    assert reason in report["problems"][0]["reason"]
    assert not SurveyUnit.objects.filter(name=str(path)).exists()


def test_a_duplicate_row_and_a_foreign_file_are_refused(tmp_path: Path) -> None:
    rows = TABLE.read_bytes().splitlines(keepends=True)
    doubled = tmp_path / "doubled.csv"
    doubled.write_bytes(b"".join([*rows[:50], rows[20], *rows[50:]]))
    other = tmp_path / "other.csv"
    other.write_text("Force,Month\nkent,2020-01\n")
    code, report = _cli(doubled, other)
    assert code == 1
    assert [f["status"] for f in report["files"]] == ["refused", "refused"]
    assert "the same cell as line 21" in report["problems"][0]["reason"]
    assert report["problems"][0]["line"] == 51
    assert "neither the Ethnicity facts and figures" in next(
        f["message"] for f in report["files"] if f["name"] == str(other)
    )
    assert not SurveyUnit.objects.filter(name__in=[str(doubled), str(other)]).exists()
