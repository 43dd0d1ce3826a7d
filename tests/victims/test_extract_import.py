"""A force's victims' extract: every row checked, a bad file refused whole naming the cell,
re-imports that change nothing, and no month replaced with fewer victims unless told."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.victims.importing.detect import ingest
from parity.victims.models import Victim, VictimUnit
from tests.victims.extracts import sample, victim, write

pytestmark = pytest.mark.django_db


def _cli(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["ingest", "victims", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_an_extract_imports_one_unit_a_month_with_every_field_read(tmp_path: Path) -> None:
    path = write(tmp_path / "kent.csv", sample())
    code, report = _cli(str(path))
    assert code == 0, report
    assert report["files"][0]["status"] == "imported" and report["files"][0]["rows_imported"] == 8
    assert sorted(VictimUnit.objects.values_list("month", flat=True)) == [date(2024, 3, 1), date(2024, 4, 1)]
    first = Victim.objects.get(crime_reference="KT/24/0001")
    assert (first.group, first.self_defined, first.outcome, first.outcome_notified) == (
        "white", "W1", "1", date(2024, 4, 21)
    )  # fmt: skip
    assert (first.whole_experience, first.kept_informed, first.treatment, first.weight) == (2, 1, None, None)
    hate = Victim.objects.get(crime_reference="KT/24/0002")
    assert (hate.hate_crime, hate.hate_strand, hate.outcome, hate.group) == (True, "race", "14", "black")
    assert Victim.objects.get(crime_reference="KT/24/0003").self_defined == "B1"  # the census label
    blank = Victim.objects.get(crime_reference="KT/24/0004")
    assert (blank.self_defined, blank.group, blank.outcome, blank.updates_due) == ("NS", "not_stated", "", 0)
    assert Victim.objects.get(crime_reference="KT/24/0006").hate_strand == "sexual-orientation"
    assert first.raw["crime_reference"] == "KT/24/0001" and first.line == 2


def test_the_same_extract_again_changes_nothing_and_a_corrected_month_replaces_only_itself(tmp_path: Path) -> None:
    rows = sample()
    ingest([write(tmp_path / "a.csv", rows)])
    before = list(Victim.objects.order_by("pk").values_list("pk", "unit_id"))
    again = ingest([write(tmp_path / "b.csv", rows)])
    assert (again.rows_imported, again.rows_unchanged, again.files[0].status) == (0, 8, "unchanged")
    assert list(Victim.objects.order_by("pk").values_list("pk", "unit_id")) == before
    rows[4] = {**rows[4], "outcome_notified_date": "2024-04-12"}  # an April correction
    corrected = ingest([write(tmp_path / "c.csv", rows)])
    assert (corrected.rows_imported, corrected.rows_unchanged) == (4, 4)
    assert Victim.objects.get(crime_reference="KT/24/0005").outcome_notified == date(2024, 4, 12)
    march = Victim.objects.filter(date_reported__month=3).order_by("pk").values_list("pk", "unit_id")
    assert list(march) == [p for p in before if p[0] in {pk for pk, _ in march}]
    assert len(march) == 4


def test_a_month_is_never_replaced_with_fewer_victims_unless_told(tmp_path: Path) -> None:
    ingest([write(tmp_path / "all.csv", sample())])
    fewer = write(tmp_path / "fewer.csv", sample()[:3])  # March without KT/24/0004
    code, report = _cli(str(fewer))
    assert code == 1
    assert "4 victims are held and this file has 3" in report["files"][0]["message"]
    assert Victim.objects.filter(date_reported__month=3).count() == 4
    code, report = _cli(str(fewer), "--replace")
    assert code == 0 and Victim.objects.filter(date_reported__month=3).count() == 3


@pytest.mark.parametrize(
    ("row", "field", "value", "reason"),
    [
        (1, "date_reported", "04/03/2024", "not a date"),
        (2, "outcome", "19", "not a Home Office outcome type"),
        (3, "crime_reference", "Jane Smith", "not a pseudonym"),
        (4, "hate_strand", "race", "not flagged as a hate crime"),
        (5, "self_defined_ethnicity", "Martian", "not a self-defined ethnicity"),
        (6, "sat_treatment", "7", "not an answer from 1"),
        (0, "outcome_notified_date", "2024-04-01", "before the outcome"),
        (0, "first_update_made", "2024-03-01", "before the crime was reported"),
        (1, "hate_strand", "politics", "not a hate crime strand"),
        (7, "force", "Atlantis", "not a force"),
    ],
)
def test_a_bad_cell_refuses_the_whole_file(tmp_path: Path, row: int, field: str, value: str, reason: str) -> None:
    rows = sample()
    rows[row] = {**rows[row], field: value}
    path = write(tmp_path / "bad.csv", rows)
    code, report = _cli(str(path))
    assert code == 1 and report["files"][0]["status"] == "refused"
    found = report["problems"][0]
    assert (found["file"], found["line"], found["field"], found["value"], found["action"]) == (
        str(path), row + 2, field, value, "rejected"
    )  # fmt: skip
    assert reason in found["reason"]
    assert not Victim.objects.exists() and not VictimUnit.objects.exists()


def test_half_weighted_answers_a_duplicate_and_a_reference_held_in_another_month_are_refused(tmp_path: Path) -> None:
    rows = sample()
    rows[0] = {**rows[0], "survey_weight": "1.4"}  # row 5 answers unweighted
    report = ingest([write(tmp_path / "w.csv", rows)])
    assert report.problems[0]["field"] == "survey_weight" and report.problems[0]["line"] == 7
    doubled = ingest([write(tmp_path / "d.csv", [*sample(), sample()[2]])])
    assert "the same victim as line 4" in doubled.problems[0]["reason"]
    assert not Victim.objects.exists()
    ingest([write(tmp_path / "ok.csv", sample())])
    moved = ingest([write(tmp_path / "m.csv", [victim("KT/24/0001", "2024-05-02")])])
    assert moved.refused and "already held for 2024-03" in moved.problems[0]["reason"]
    assert not VictimUnit.objects.filter(month=date(2024, 5, 1)).exists()
