"""A force's own HR extract: each layout imports, awkward files are refused whole with every
problem named, and importing the same rows again changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.workforce.importing.hr import ingest
from parity.workforce.models import HrApplication, HrEvent, HrExtract, HrPerson

pytestmark = pytest.mark.django_db

PEOPLE = "force,as_at,pseudonym,worker_type,rank,ethnicity,gender,age_band,start_date,unit"
ROWS = [
    "Kent,2024-03-31,P0001,officer,Constable,W1,female,25-34,2019-09-01,North",
    "Kent,2024-03-31,P0002,officer,Sergeant,Black: Caribbean,male,35-44,2010-04-12,North",
    "Kent,2024-03-31,P0003,staff,Grade 4,Prefer not to say,female,45-54,01/02/2015,HQ",
    "Kent,2024-03-31,P0004,officer,Chief Inspector,A2,male,45-54,2001-09-03,South",
]


def _write(folder: Path, name: str, lines: list[str], *, bom: bool = False) -> Path:
    path = folder / name
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_people_at_a_date_import_with_the_row_kept_and_again_change_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, "people.csv", [PEOPLE, *ROWS], bom=True)  # a BOM, as Excel writes
    report = ingest([path])
    assert not report.refused and not report.problems
    assert (report.rows_read, report.rows_imported, report.rows_unchanged) == (4, 4, 0)
    assert report.files[0].format == "hr-extract-people"
    caribbean = HrPerson.objects.get(pseudonym="P0002")
    assert (caribbean.ethnicity, caribbean.group, caribbean.rank) == ("B1", "black", "sergeant")
    assert caribbean.raw["ethnicity"] == "Black: Caribbean" and caribbean.line == 3
    declined = HrPerson.objects.get(pseudonym="P0003")
    assert (declined.ethnicity, declined.group, declined.start_date) == ("NS", "not_stated", date(2015, 2, 1))
    again = ingest([path])
    assert (again.rows_imported, again.rows_unchanged) == (0, 4) and again.files[0].status == "unchanged"
    assert HrPerson.objects.count() == 4 and HrExtract.objects.count() == 1


def test_a_corrected_extract_replaces_its_unit(tmp_path: Path) -> None:
    ingest([_write(tmp_path, "people.csv", [PEOPLE, *ROWS])])
    corrected = [*ROWS[:3], ROWS[3].replace(",A2,", ",A1,")]
    report = ingest([_write(tmp_path, "people2.csv", [PEOPLE, *corrected[1:]])])
    assert (report.rows_imported, report.rows_unchanged) == (1, 2)
    assert set(HrPerson.objects.values_list("pseudonym", flat=True)) == {"P0002", "P0003", "P0004"}
    assert HrPerson.objects.get(pseudonym="P0004").ethnicity == "A1"


@pytest.mark.parametrize(
    ("row", "field", "value", "reason"),
    [
        (ROWS[1].replace("Black: Caribbean", "Black British"), "ethnicity", "Black British", "2021 census list"),
        (ROWS[1].replace("2010-04-12", "2010-13-12"), "start_date", "2010-13-12", "not a date"),
        (ROWS[1].replace("2010-04-12", "2025-04-12"), "start_date", "2025-04-12", "after the as_at date"),
        (ROWS[1].replace("P0002", "Jane Smith"), "pseudonym", "Jane Smith", "names and email addresses"),
        (ROWS[1].replace("P0002", "P0001"), "pseudonym", "P0001", "the same record as line 2"),
        (ROWS[1].replace("Sergeant", "Sargeant"), "rank", "sargeant", "not a police rank"),
        (ROWS[1].replace("Kent", "Kentshire"), "force", "Kentshire", "not a force"),
        (ROWS[1] + ",extra", "row", ROWS[1] + ",extra", "has 11 values, expected 10"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_it(
    tmp_path: Path, row: str, field: str, value: str, reason: str
) -> None:
    path = _write(tmp_path, "people.csv", [PEOPLE, ROWS[0], row, *ROWS[2:]])
    report = ingest([path])
    [refused] = report.refused
    assert refused.rows_rejected == 4 and "nothing from this file was stored" in (refused.message or "")
    [problem] = report.problems
    assert (problem["file"], problem["line"], problem["field"], problem["value"]) == (str(path), 3, field, value)
    assert reason in problem["reason"]
    assert not HrPerson.objects.exists() and not HrExtract.objects.exists()


def test_a_missing_column_refuses_the_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "people.csv",
        [PEOPLE.replace(",age_band", ""), "Kent,2024-03-31,P1,officer,Constable,W1,female,2019-09-01,N"],
    )
    [refused] = ingest([path]).refused
    assert "missing column age_band" in (refused.message or "")


def test_moves_and_applications_import(tmp_path: Path) -> None:
    joiners = _write(tmp_path, "joiners.csv", [
        "force,pseudonym,joined,worker_type,rank,ethnicity,gender,age_band",
        "Kent,P0009,2023-09-01,officer,constable,M1,male,18-24",
    ])  # fmt: skip
    leavers = _write(tmp_path, "leavers.csv", [
        "force,pseudonym,left,reason,worker_type,rank,ethnicity,gender,age_band",
        "Kent,P0010,2023-06-30,Resigned,officer,constable,B2,female,25-34",
        "Kent,P0011,2024-01-31,retired,officer,inspector,W1,male,55+",
    ])  # fmt: skip
    promotions = _write(tmp_path, "promotions.csv", [
        "force,pseudonym,from_rank,to_rank,promoted,board,worker_type,ethnicity,gender,age_band",
        "Kent,P0002,constable,sergeant,2023-05-01,Sergeants 2023,officer,B1,male,35-44",
    ])  # fmt: skip
    applications = _write(tmp_path, "applications.csv", [
        "force,campaign,applicant,stage_reached,outcome,positive_action,ethnicity,gender,age_band",
        "Kent,PCDA 2023,A0001,appointment,appointed,yes,B1,female,18-24",
        "Kent,PCDA 2023,A0002,sift,failed,no,W1,male,18-24",
    ])  # fmt: skip
    report = ingest([joiners, leavers, promotions, applications])
    assert not report.refused, report.problems
    assert report.rows_imported == 6
    assert HrEvent.objects.filter(kind="leaver").count() == 2
    assert HrExtract.objects.filter(layout="leavers").count() == 2  # one unit a year
    promoted = HrEvent.objects.get(kind="promotion")
    assert (promoted.from_rank, promoted.rank, promoted.board) == ("constable", "sergeant", "Sergeants 2023")
    appointed = HrApplication.objects.get(applicant="A0001")
    assert appointed.positive_action and appointed.stage_reached == 5 and appointed.group == "black"


def test_appointed_must_have_reached_appointment(tmp_path: Path) -> None:
    path = _write(tmp_path, "applications.csv", [
        "force,campaign,applicant,stage_reached,outcome,positive_action,ethnicity,gender,age_band",
        "Kent,PCDA 2023,A0001,interview,appointed,maybe,B1,female,18-24",
    ])  # fmt: skip
    report = ingest([path])
    assert {p["field"] for p in report.problems} == {"positive_action"}  # the outcome check waits for clean values
    assert not HrApplication.objects.exists()


def test_the_command_detects_the_layout_and_keeps_the_json_contract(tmp_path: Path) -> None:
    path = _write(tmp_path, "people.csv", [PEOPLE, *ROWS])
    result = CliRunner().invoke(main, ["ingest", "workforce", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert {"files", "rows_read", "rows_imported", "rows_unchanged", "rows_rejected", "problems"} <= set(answer)
    assert (answer["rows_read"], answer["rows_imported"], answer["rows_rejected"]) == (4, 4, 0)
    bad = _write(tmp_path, "bad.csv", [PEOPLE, ROWS[0].replace("W1", "White-ish")])
    refused = CliRunner().invoke(main, ["ingest", "workforce", str(bad), "--format", "json"])
    assert refused.exit_code == 1
    assert json.loads(refused.output)["problems"][0]["value"] == "White-ish"
