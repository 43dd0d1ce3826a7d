"""Every shape of input: the formats Parity reads, and the inputs it must refuse clearly."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from parity.powers.importing.pipeline import FileResult, ingest
from parity.powers.models import ImportProblem, SourceFile, StopSearch
from tests.conftest import SHARED
from tests.powers.helpers import copy_as, real_file, real_lines, write

pytestmark = pytest.mark.django_db

API = SHARED / "police-uk-api-samples"


def _refusal(report_files: list[FileResult], name_part: str) -> str:
    [refused] = [f for f in report_files if f.status == "refused"]
    assert name_part in refused.name
    return refused.message


def test_a_single_file(tmp_path: Path) -> None:
    path = copy_as(tmp_path, "wiltshire", "2020-06", "kent")
    report = ingest([path])
    [result] = report.files
    assert (result.status, result.force, result.month) == ("imported", "kent", "2020-06")
    assert result.rows_imported == StopSearch.objects.filter(force__slug="kent").count() == result.rows_read > 0


def test_nested_month_folders(tmp_path: Path) -> None:
    for month in ("2020-06", "2020-07"):
        copy_as(tmp_path / month, "wiltshire", month, "kent")
    (tmp_path / "2020-07" / "2020-07-kent-street.csv").write_text("Crime ID,Month\n")
    report = ingest([tmp_path])
    assert [(f.month, f.status) for f in report.files if f.status != "skipped"] == [
        ("2020-06", "imported"),
        ("2020-07", "imported"),
    ]
    [skipped] = [f for f in report.files if f.status == "skipped"]
    assert "street or outcomes" in skipped.message


def test_the_monthly_archive_zip(tmp_path: Path) -> None:
    archive = tmp_path / "2020-06.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for source, force in (("wiltshire", "kent"), ("bedfordshire", "essex")):
            z.write(real_file(source, "2020-06"), f"2020-06/2020-06-{force}-stop-and-search.csv")
        z.writestr("2020-06/2020-06-kent-outcomes.csv", "Crime ID\n")
    report = ingest([archive])
    imported = {f.force: f.rows_imported for f in report.files if f.status == "imported"}
    assert set(imported) == {"kent", "essex"}
    assert sum(imported.values()) == StopSearch.objects.filter(force__slug__in=["kent", "essex"]).count()
    assert any(f.status == "skipped" for f in report.files)


def test_a_truncated_zip_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "2020-06.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(real_file("wiltshire", "2020-06"), "2020-06/2020-06-kent-stop-and-search.csv")
    archive.write_bytes(archive.read_bytes()[:300])
    report = ingest([archive])
    assert "zip" in _refusal(report.files, "2020-06.zip")
    assert not StopSearch.objects.filter(force__slug="kent").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Crime ID,Month,Reported by\nabc,2020-06,Wiltshire Police\n", "not a stop-and-search file"),
        (b"Type,Date,Gender\nPerson search,2020-06-01T10:00:00+00:00,Male\n", "expected the header"),
        ("Type,Date\nPerson search,caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_files_that_are_not_stop_and_search_csv_are_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "2020-06-kent-stop-and-search.csv"
    path.write_bytes(content)
    report = ingest([path])
    assert expected in _refusal(report.files, path.name)
    assert not SourceFile.objects.filter(force__slug="kent").exists()


def test_a_file_for_an_unknown_force_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "ruritania", "2020-06", real_lines("wiltshire", "2020-06", 3))
    report = ingest([path])
    assert "'ruritania' is not a force" in _refusal(report.files, "ruritania")


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    report = ingest([tmp_path / "nowhere"])
    assert "no such file" in _refusal(report.files, "nowhere")


def _row(base: list[str], **changes: str) -> str:
    names = real_lines("bedfordshire", "2020-06", 0)[0].split(",")
    cells = list(base)
    for name, value in changes.items():
        cells[names.index(name.replace("_", " "))] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def test_bad_rows_are_rejected_or_flagged_with_file_line_field_value_and_reason(tmp_path: Path) -> None:
    header, first = real_lines("bedfordshire", "2020-06", 1)
    base = next(csv.reader([first]))
    lines = [
        header,
        _row(base),  # line 2: good
        _row(base, Date=""),  # line 3: no date, rejected
        _row(base, Date="31/06/2020 10:00"),  # line 4: bad date, rejected
        _row(base) + ",extra",  # line 5: 16 fields, rejected
        _row(base, Legislation="Witchcraft Act 1735 (section 1)"),  # line 6: unknown power, flagged
        _row(base, Type="Hovercraft search"),  # line 7: unknown type, flagged
    ]
    path = write(tmp_path, "kent", "2020-06", lines)
    report = ingest([path])
    [result] = report.files
    assert (result.rows_read, result.rows_imported, result.rows_rejected, result.rows_flagged) == (6, 3, 3, 2)
    problems = {(p["line"], p["field"], p["action"]) for p in report.problems}
    assert problems == {
        (3, "Date", "rejected"),
        (4, "Date", "rejected"),
        (5, "(row)", "rejected"),
        (6, "Legislation", "kept, flagged"),
        (7, "Type", "kept, flagged"),
    }
    bad_date = next(p for p in report.problems if p["line"] == 4)
    assert bad_date["file"] == str(path) and bad_date["value"] == "31/06/2020 10:00"
    assert "ISO 8601" in bad_date["reason"]
    assert "expected 15 fields, found 16" in next(p["reason"] for p in report.problems if p["line"] == 5)
    kent = StopSearch.objects.filter(force__slug="kent")
    flagged = kent.get(line=7)
    assert flagged.type is None and flagged.flags == "Type"
    assert flagged.raw_values()["Type"] == "Hovercraft search"
    power = kent.get(line=6)
    assert power.legislation is None and power.raw_values()["Legislation"] == "Witchcraft Act 1735 (section 1)"
    assert ImportProblem.objects.filter(rejected=True, source_file__force__slug="kent").count() == 3
    assert sum(n for reason, n in report.exclusions.items() if "(rejected)" in reason) == 3


def test_a_location_outside_great_britain_is_not_used_and_is_flagged(tmp_path: Path) -> None:
    lines = real_lines("avon-and-somerset", "2020-06", 1)
    cells = lines[1].split(",")
    cells[4], cells[5] = "40.7128", "-74.0060"
    lines[1] = ",".join(cells)
    ingest([write(tmp_path, "kent", "2020-06", lines)])
    record = StopSearch.objects.get(force__slug="kent")
    assert record.latitude is None and "Latitude" in record.flags


def test_older_data_police_uk_labels_are_recognised(tmp_path: Path) -> None:
    header = real_lines("wiltshire", "2020-06", 0)[0]
    row = (
        "Person search,2016-05-01T10:00:00+00:00,,,,,Male,18-24,White - White British (W1),White,"
        "Misuse of Drugs Act 1971 (section 23),Controlled drugs,Suspect arrested,,"
    )
    ingest([write(tmp_path, "kent", "2016-05", [header, row])])
    record = StopSearch.objects.get(force__slug="kent")
    assert (record.sde_code, record.outcome, record.legislation, record.flags) == ("W1", "arrest", "mda-s23", "")


def test_the_api_json_sample(tmp_path: Path) -> None:
    report = ingest([API / "stops-Jan2023.json"], force="city-of-london")
    [result] = report.files
    assert (result.status, result.force, result.month, result.rows_imported) == (
        "imported",
        "city-of-london",
        "2023-01",
        165,
    )
    record = StopSearch.objects.filter(source_file__month="2023-01", latitude__isnull=False).first()
    assert record is not None and record.raw_values()["datetime"].startswith("2023-01")


def test_api_json_needs_a_force(tmp_path: Path) -> None:
    report = ingest([API / "stops-Jan2023.json"])
    assert "which force" in _refusal(report.files, "stops-Jan2023.json")


def test_the_flattened_api_csv_sample() -> None:
    report = ingest([API / "avon-and-somerset_stop_search_data.csv"])
    [result] = report.files
    assert (result.status, result.force, result.month) == ("imported", "avon-and-somerset", "2023-01")
    assert result.rows_read == 507
    assert result.rows_imported + result.rows_rejected == 507


def test_json_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2023-01-kent-stop-and-search.json"
    path.write_text('{"error": "not found"}')
    assert "JSON array" in _refusal(ingest([path]).files, path.name)
