"""An import never silently loses held data: wrong months, implausible dates, shrunken or
duplicated replacements, oversized archives and deeply nested JSON are refused plainly."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import override_settings

from parity.cli import main
from parity.powers.importing.pipeline import FileResult, ingest
from parity.powers.models import ImportProblem, SourceFile, StopSearch
from tests.powers.helpers import copy_as, real_lines, write

pytestmark = pytest.mark.django_db


def _refused(files: list[FileResult]) -> str:
    [result] = [f for f in files if f.status != "skipped"]
    assert result.status == "refused", result
    return result.message


def _held(force: str) -> list[tuple[int, str]]:
    return list(StopSearch.objects.filter(force__slug=force).order_by("id").values_list("id", "raw"))


def test_a_file_holding_another_months_records_is_refused_and_the_held_month_kept(tmp_path: Path) -> None:
    ingest([copy_as(tmp_path / "july", "wiltshire", "2020-07", "kent")])
    july = _held("kent")
    # June's records in a file named for July: storing it would replace July with June.
    misnamed = copy_as(tmp_path / "misnamed", "wiltshire", "2020-06", "kent", new_month="2020-07")
    message = _refused(ingest([misnamed]).files)
    rows = len(real_lines("wiltshire", "2020-06")) - 1
    assert f"{rows:,} of its {rows:,} records are dated outside 2020-07" in message
    assert "2020-06" in message and "line 2" in message
    assert _held("kent") == july


def test_records_on_a_month_boundary_in_london_time_belong_to_the_files_month(tmp_path: Path) -> None:
    # Avon and Somerset's April 2021 file has searches late on 30 April BST, which are 1 May in
    # London time but April in UTC, as data.police.uk files them.
    report = ingest([copy_as(tmp_path, "avon-and-somerset", "2021-04", "kent")])
    [result] = report.files
    assert result.status == "imported" and result.rows_imported == result.rows_read
    # Kept, and counted in May, the month they fall in in London.
    months = set(StopSearch.objects.filter(force__slug="kent").values_list("occurred_at__month", flat=True))
    assert months == {4, 5}


def _with_date(line: str, date: str) -> str:
    cells = next(csv.reader([line]))
    cells[1] = date
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


@pytest.mark.parametrize("plain", [True, False], ids=["plain-file", "row-by-row"])
def test_dates_outside_the_plausible_range_are_rejected_by_line(tmp_path: Path, plain: bool) -> None:
    header, *rows = real_lines("bedfordshire", "2020-06", 6)
    bad = {3: "1900-06-01T10:00:00+00:00", 5: "2099-06-30T10:00:00+00:00"}
    if not plain:
        bad[6] = "2099-06-30T10:00:00"  # no offset: read row by row
    lines = [header] + [_with_date(row, bad[n]) if n in bad else row for n, row in enumerate(rows, start=2)]
    report = ingest([write(tmp_path, "essex", "2020-06", lines)])
    [result] = report.files
    assert result.status == "imported"
    assert (result.rows_rejected, result.rows_imported) == (len(bad), 6 - len(bad))
    problems = ImportProblem.objects.filter(source_file__force__slug="essex").order_by("line")
    assert [(p.line, p.field, p.value, p.rejected) for p in problems] == [
        (line, "Date", date, True) for line, date in sorted(bad.items())
    ]
    assert all("not a plausible date" in p.reason for p in problems)


@pytest.mark.parametrize(
    ("rows", "kept"),
    [(0, 0), (1, 1)],
    ids=["header-only", "one-row"],
)
def test_a_file_with_far_fewer_records_does_not_replace_a_held_month(tmp_path: Path, rows: int, kept: int) -> None:
    ingest([copy_as(tmp_path, "wiltshire", "2020-06", "kent")])
    held = _held("kent")
    source = SourceFile.objects.get(force__slug="kent")
    smaller = write(tmp_path / "smaller", "kent", "2020-06", real_lines("wiltshire", "2020-06", rows))
    message = _refused(ingest([smaller]).files)
    assert f"replace the {len(held):,} records held for 2020-06 from {source.name}" in message
    assert f"with {kept:,}: {len(held) - kept:,} records would be lost" in message
    assert "--replace" in message
    assert _held("kent") == held
    # Told to, it replaces.
    [result] = ingest([smaller], replace=True).files
    assert result.status == "replaced" and StopSearch.objects.filter(force__slug="kent").count() == kept


def test_a_file_of_duplicated_lines_does_not_replace_a_held_month(tmp_path: Path) -> None:
    header, *rows = real_lines("wiltshire", "2020-06")
    ingest([write(tmp_path, "kent", "2020-06", [header, *rows])])
    held = _held("kent")
    doubled = write(tmp_path / "doubled", "kent", "2020-06", [header, *rows, *rows])
    message = _refused(ingest([doubled]).files)
    distinct = len(set(rows))
    assert (
        f"{2 * len(rows) - distinct:,} of its {2 * len(rows):,} records are exact copies of another line "
        f"(the held file had {len(rows) - distinct:,})"
    ) in message
    assert "--replace" in message
    assert _held("kent") == held


def test_a_replacement_keeping_the_held_files_own_duplicates_is_accepted(tmp_path: Path) -> None:
    # The City of London's July 2020 file repeats half its lines: a corrected file that
    # repeats them the same way is not a file of duplicates.
    header, *rows = real_lines("city-of-london", "2020-07")
    assert len(rows) - len(set(rows)) > len(rows) // 10
    ingest([write(tmp_path, "kent", "2020-07", [header, *rows])])
    [result] = ingest([write(tmp_path / "corrected", "kent", "2020-07", [header, *rows[:-1]])]).files
    assert result.status == "replaced"
    assert StopSearch.objects.filter(force__slug="kent").count() == len(rows) - 1


def test_the_command_refuses_a_shrunken_month_and_replace_overrides(tmp_path: Path) -> None:
    ingest([copy_as(tmp_path, "wiltshire", "2020-06", "surrey")])
    smaller = write(tmp_path / "smaller", "surrey", "2020-06", real_lines("wiltshire", "2020-06", 1))
    runner = CliRunner()
    refused = runner.invoke(main, ["ingest", "police-uk", str(smaller), "--format", "json"], catch_exceptions=False)
    assert refused.exit_code == 1
    [file] = json.loads(refused.stdout)["files"]
    assert file["status"] == "refused" and "records would be lost" in file["message"]
    done = runner.invoke(
        main, ["ingest", "police-uk", str(smaller), "--replace", "--format", "json"], catch_exceptions=False
    )
    assert done.exit_code == 0 and json.loads(done.stdout)["files"][0]["status"] == "replaced"


def test_a_zip_member_is_refused_by_its_declared_size_before_it_is_decompressed(tmp_path: Path) -> None:
    archive = tmp_path / "2020-06.zip"
    huge = 200 * 1024 * 1024  # compresses to a few hundred kilobytes
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("2020-06/2020-06-kent-stop-and-search.csv", "\n".join(real_lines("wiltshire", "2020-06")) + "\n")
        with z.open("2020-06/2020-06-essex-stop-and-search.csv", "w", force_zip64=True) as member:
            header = (real_lines("wiltshire", "2020-06", 0)[0] + "\n").encode()
            member.write(header)
            block = b" " * (1024 * 1024)
            for _ in range(huge // len(block)):
                member.write(block)
    assert archive.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with override_settings(PARITY_IMPORT_MAX_FILE_MB=100):
            report = ingest([archive])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    statuses = {f.force: f for f in report.files}
    assert statuses["kent"].status == "imported"
    assert statuses["essex"].status == "refused"
    assert "200.0 MB, more than the 100 MB an import takes" in statuses["essex"].message
    assert not StopSearch.objects.filter(force__slug="essex").exists()
    assert peak < 50 * 1024 * 1024  # the 200 MB member was never decompressed


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = copy_as(tmp_path, "wiltshire", "2020-06", "kent")
    with override_settings(PARITY_IMPORT_MAX_FILE_MB=0):
        message = _refused(ingest([path]).files)
    assert "more than the 0 MB an import takes" in message
    assert not StopSearch.objects.filter(force__slug="kent").exists()


def test_deeply_nested_json_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "2023-01-kent-stop-and-search.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in _refused(ingest([path]).files)
