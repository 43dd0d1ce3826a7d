"""Complaints: the extract imports with the kit's guarantees, and the figures by complainant
ethnicity match hand-computed values."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from parity.analysis.complaints import ComplaintCase, complaint_measures
from parity.cli import main
from parity.victims.importing.detect import ingest
from parity.victims.models import Allegation, Complaint, ComplaintUnit
from parity.victims.statistics import force_complaints
from tests.victims.extracts import complaints_sample, write_complaints


def _cli(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["ingest", "victims", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.django_db
def test_a_complaints_extract_imports_cases_and_allegations(tmp_path: Path) -> None:
    path = write_complaints(tmp_path / "c.csv", complaints_sample())
    code, report = _cli(str(path))
    assert code == 0, report
    assert report["files"][0]["rows_imported"] == 5 and report["files"][0]["format"] == "complaints-extract"
    assert Complaint.objects.count() == 3 and Allegation.objects.count() == 5 and ComplaintUnit.objects.count() == 2
    first = Complaint.objects.get(case_reference="CO/1")
    assert (first.group, first.handling, first.days_to_finalise) == ("black", "local-investigation", 69)
    race = first.allegations.get(reference="CO/1-A1")
    assert (race.category, race.characteristic, race.result) == ("discriminatory-behaviour", "race", "not-upheld")
    assert Allegation.objects.get(reference="CO/3-A2").characteristic == "religion"
    assert Complaint.objects.get(case_reference="CO/3").finalised is None
    again = ingest([path])
    assert (again.rows_imported, again.rows_unchanged) == (0, 5)
    assert Complaint.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "field", "value", "reason"),
    [
        (0, "protected_characteristic", "", "not a protected characteristic"),
        (1, "protected_characteristic", "race", "not of discriminatory behaviour"),
        (1, "complainant_ethnicity", "W1", "differ from line 2"),
        (2, "allegation_result", "open", "open, but the complaint is finalised"),
        (3, "case_reference", "Mrs Jones", "not a pseudonym"),
        (4, "handling", "ignored", "not a way of handling"),
        (2, "finalised_date", "2024-03-01", "before the complaint was received"),
    ],
)
def test_a_bad_complaint_row_refuses_the_file(tmp_path: Path, row: int, field: str, value: str, reason: str) -> None:
    rows = complaints_sample()
    rows[row] = {**rows[row], field: value}
    path = write_complaints(tmp_path / "bad.csv", rows)
    code, report = _cli(str(path))
    assert code == 1 and report["files"][0]["status"] == "refused"
    found = report["problems"][0]
    assert found["line"] == row + 2 and reason in found["reason"]
    assert found["field"] == ("case_reference" if "differ" in reason else field)
    assert not Complaint.objects.exists() and not Allegation.objects.exists()


@pytest.mark.django_db
def test_figures_for_a_force_come_from_the_stored_allegations(tmp_path: Path) -> None:
    ingest([write_complaints(tmp_path / "c.csv", complaints_sample())])
    from parity.reference.models import Force

    result = force_complaints(Force.objects.get(slug="kent"), start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert result.complaints == 3
    discrimination = result.measure("alleges_discrimination")
    # too few to publish: every count is from 1 to 4
    assert discrimination.group("black").share.suppressed
    assert discrimination.group("white").share.suppressed


DAY = date(2024, 1, 1)


def _case(group: str, *allegations: tuple[bool, bool, bool], days: int | None = 30) -> ComplaintCase:
    return ComplaintCase(group, DAY, None if days is None else DAY + timedelta(days=days), tuple(allegations))


def test_complaint_measures_against_hand_computed_values() -> None:
    NOT_UPHELD, UPHELD, OPEN = (False, True, False), (False, True, True), (False, False, False)
    RACE_NOT, RACE_UP = (True, True, False), (True, True, True)
    white = [_case("white", UPHELD, days=d) for d in range(10, 30)] + [
        _case("white", NOT_UPHELD, days=None) for _ in range(20)
    ]  # 40 complaints, none alleging discrimination; 20 of 40 decided allegations upheld
    black = (
        [_case("black", RACE_NOT, NOT_UPHELD, days=60) for _ in range(12)]
        + [_case("black", RACE_UP, days=60) for _ in range(6)]
        + [_case("black", OPEN, days=None) for _ in range(6)]
    )  # 24 complaints, 18 alleging discrimination; decided: 12*2 + 6 = 30, upheld 6
    result = complaint_measures(white + black)
    alleges = result.measure("alleges_discrimination")
    assert (alleges.group("black").share.count, alleges.group("black").share.denominator) == (18, 24)
    assert (alleges.group("white").share.count, alleges.group("white").share.denominator) == (0, 40)
    assert alleges.group("black").gap is not None and alleges.group("black").gap.difference == pytest.approx(0.75)
    upheld = result.measure("upheld")
    b, w = upheld.group("black"), upheld.group("white")
    assert (b.share.count, b.share.denominator, w.share.count, w.share.denominator) == (6, 30, 20, 40)
    assert b.gap is not None and b.gap.difference == pytest.approx(0.2 - 0.5)
    assert b.gap.test == "fisher-exact"  # 6 upheld: below 10
    assert b.gap.p_value == pytest.approx(stats.fisher_exact(np.array([[6, 24], [20, 20]])).pvalue)
    race = result.measure("discrimination_upheld")
    assert (race.group("black").share.count, race.group("black").share.denominator) == (6, 18)
    assert race.group("white").share.denominator == 0 and race.group("black").gap is None  # no White to compare
    days = result.days("black")
    assert (days.victims, days.median) == (18, 60.0)
    assert result.days("white").median == 19.5  # 10..29 days
    assert days.gap_days == 40.5
