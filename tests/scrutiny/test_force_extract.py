"""Importing a force's own extract: the data.police.uk columns plus reference, grounds,
officer, body-worn video and neighbourhood; officer identifiers become pseudonyms."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parity.powers.importing.adapters import adapter_for
from parity.powers.importing.force_extract import ForceExtractCsv, pseudonym
from parity.powers.importing.pipeline import ingest
from parity.powers.importing.units import Unit
from parity.powers.models import ImportProblem, SourceFile, StopSearch, StopSearchDetail
from tests.scrutiny import extract

pytestmark = pytest.mark.django_db


def test_the_documented_example_is_built_from_real_records() -> None:
    built = extract.build("wiltshire", "2021-06", rows=10)
    if os.environ.get("PARITY_UPDATE_DOCS") == "1":
        extract.DOCS_EXAMPLE.write_text(built, encoding="utf-8")
    assert extract.DOCS_EXAMPLE.read_text(encoding="utf-8") == built, (
        "docs/reference/force-extract-example.csv is out of date: run this test with PARITY_UPDATE_DOCS=1"
    )
    unit = Unit(str(extract.DOCS_EXAMPLE), "wiltshire", "2021-06", ".csv", extract.DOCS_EXAMPLE.read_bytes)
    assert isinstance(adapter_for(unit, built), ForceExtractCsv)


def test_an_extract_replaces_the_month_and_keeps_its_five_fields(tmp_path: Path) -> None:
    text = extract.build("wiltshire", "2021-06")
    path = extract.write(tmp_path, "wiltshire", "2021-06", text)
    before = StopSearch.objects.filter(source_file__force__slug="wiltshire", source_file__month="2021-06").count()
    report = ingest([path])
    (result,) = report.files
    assert result.status == "replaced" and result.format == "force-extract", result
    assert result.rows_imported == before == len(text.splitlines()) - 1
    source = SourceFile.objects.get(force__slug="wiltshire", month="2021-06")
    assert source.format == "force-extract" and source.header.endswith(
        ",Officer pseudonym,Body-worn video,Neighbourhood"
    )
    details = StopSearchDetail.objects.filter(record__source_file=source).order_by("record__line")
    assert details.count() == before
    first = details.first()
    assert first is not None
    assert first.force_reference == "WIL-202106-00001"
    assert first.grounds and first.neighbourhood == "Swindon Central"
    assert [d.bwv_recorded for d in details[:7]] == [True] * 6 + [False]


def test_officer_identifiers_are_never_stored(tmp_path: Path) -> None:
    path = extract.write(tmp_path, "wiltshire", "2021-06", extract.build("wiltshire", "2021-06"))
    ingest([path])
    records = StopSearch.objects.filter(source_file__force__slug="wiltshire", source_file__month="2021-06")
    pseudonyms = set(StopSearchDetail.objects.filter(record__in=records).values_list("officer_pseudonym", flat=True))
    assert pseudonyms == {pseudonym("wiltshire", officer) for officer in extract.OFFICERS}
    assert all(p.startswith("OFF-") and len(p) == 12 for p in pseudonyms)
    for officer in extract.OFFICERS:
        assert not records.filter(raw__contains=officer).exists()
        assert not ImportProblem.objects.filter(value__contains=officer).exists()
    # The stored source line carries the pseudonym, under the stored header's name for it.
    record = records.order_by("line").select_related("source_file").first()
    assert record is not None
    assert record.raw_values()["Officer pseudonym"] == record.detail.officer_pseudonym


def test_pseudonyms_ignore_case_and_spacing_but_differ_between_forces() -> None:
    assert pseudonym("kent", "pc 4417") == pseudonym("kent", "PC4417") == pseudonym("kent", " PC 4417 ")
    assert pseudonym("kent", "PC 4417") != pseudonym("essex", "PC 4417")
    assert pseudonym("kent", "PC 4417") != pseudonym("kent", "PC 4418")
    assert pseudonym("kent", "  ") == ""


def test_ready_made_pseudonyms_are_kept_as_given(tmp_path: Path) -> None:
    path = extract.write(tmp_path, "wiltshire", "2021-06", extract.build("wiltshire", "2021-06", identifiers=False))
    ingest([path])
    found = set(
        StopSearchDetail.objects.filter(record__source_file__force__slug="wiltshire").values_list(
            "officer_pseudonym", flat=True
        )
    )
    assert found == {f"OFF-TEST{i}" for i in range(len(extract.OFFICERS))}


def test_a_body_worn_video_value_that_is_not_true_or_false_is_kept_and_flagged(tmp_path: Path) -> None:
    lines = extract.build("wiltshire", "2021-06", rows=3).splitlines()
    lines[2] = lines[2].replace(",True,", ",Yes,")
    path = extract.write(tmp_path, "wiltshire", "2021-06", "\n".join(lines) + "\n")
    report = ingest([path])
    assert report.files[0].rows_imported == 3 and report.files[0].rows_flagged == 1
    problem = ImportProblem.objects.get(field="Body-worn video")
    assert (problem.line, problem.value, problem.reason, problem.rejected) == (
        3,
        "Yes",
        "expected True or False",
        False,
    )
    detail = StopSearchDetail.objects.get(record__line=3, record__source_file__force__slug="wiltshire")
    assert detail.bwv_recorded is None


def test_a_data_police_uk_file_is_still_read_as_one(tmp_path: Path) -> None:
    from tests.powers.helpers import real_file

    path = real_file("wiltshire", "2021-06")
    unit = Unit(str(path), "wiltshire", "2021-06", ".csv", path.read_bytes)
    assert adapter_for(unit, path.read_text()).format == "police-uk-csv"
