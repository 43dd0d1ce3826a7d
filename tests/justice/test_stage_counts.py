"""Counts at later stages: the Ethnicity facts and figures conviction ratios reproduced exactly
from their numerators and denominators, a partner's counts file in the documented layout, and
both feeding the stage table."""

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
from parity.justice.importing.counts import ingest
from parity.justice.models import JusticeUnit, StageCount
from parity.justice.statistics import conviction_ratios, force_stages
from parity.powers.importing.pipeline import IngestReport
from tests.conftest import SHARED

EFF = (
    SHARED
    / "reference"
    / "ethnicity-facts-figures"
    / "criminal-justice"
    / "eff-prosecutions-and-convictions-by-pfa-2009-2017.csv"
)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: Any) -> Iterator[IngestReport]:
    with django_db_blocker.unblock():
        report = ingest([EFF])
    yield report
    with django_db_blocker.unblock():
        StageCount.objects.all().delete()
        JusticeUnit.objects.all().delete()


def _published() -> list[dict[str, str]]:
    with EFF.open(newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def test_every_published_conviction_ratio_is_reproduced_exactly(imported: IngestReport) -> None:
    assert not imported.problems and imported.rows_read == imported.rows_imported == 2 * 2624
    checked = 0
    rows = [r for r in _published() if r["Sex"] == r["Age group"] == r["Offence group"] == "All"]
    for row in rows:
        area = "england-and-wales" if row["Police Force Area"] == "All" else None
        ratios = conviction_ratios(area or _slug(row["Police Force Area"]), row["Time"])
        group = {"Other inc Chinese": "other"}.get(row["Ethnicity"], row["Ethnicity"].lower())
        (ours,) = [r for r in ratios if r.group == group]
        assert (ours.prosecuted, ours.convicted) == (
            int(row["Denominator (Prosecutions at Magistrates Court)"]),
            int(row["Numerator (Convictions and Magistrates Court and Crown Court)"]),
        )
        if row["Value"]:
            assert ours.ratio == Decimal(row["Value"]).quantize(Decimal("0.1")), row
            assert ours.matches is True
            checked += 1
        else:
            assert ours.published is None and ours.matches is None
    # every force-area and national figure published for all offences (the rest are blank in the source)
    assert checked == sum(1 for r in rows if r["Value"]) > 1900


def _slug(name: str) -> str:
    from parity.reference.forces import find_force

    force = find_force(name)
    assert force is not None, name
    return force.slug


def test_the_same_file_again_changes_nothing(imported: IngestReport) -> None:
    again = ingest([EFF])
    assert (again.rows_imported, again.rows_unchanged) == (0, imported.rows_read)


def test_convictions_over_prosecutions_in_the_stage_table(imported: IngestReport) -> None:
    table = force_stages("west-midlands", "2017")
    assert [(r.stage, r.over) for r in table.rows] == [("prosecution", "population"), ("conviction", "prosecution")]
    black = table.row("conviction").cell("black")
    den = "Denominator (Prosecutions at Magistrates Court)"
    num = "Numerator (Convictions and Magistrates Court and Crown Court)"
    counts = {
        (r["Ethnicity"], k): int(r[k])
        for r in _published()
        if r["Police Force Area"] == "West Midlands" and r["Time"] == "2017"
        for k in (den, num)
    }
    expected = (counts[("Black", num)] / counts[("Black", den)]) / (counts[("White", num)] / counts[("White", den)])
    assert black.index == pytest.approx(expected)
    assert black.method == "katz-log"
    assert table.telescoping[0].chain == ("prosecution", "conviction")


def test_a_partner_counts_file_in_the_layout(tmp_path: Path) -> None:
    path = tmp_path / "lcjb.csv"
    path.write_text(
        "area,period,stage,ethnicity,offence_group,count\n"
        "Essex,2019/20,prosecution,White,,4000\nEssex,2019/20,prosecution,Black,,400\n"
        "Essex,2019/20,conviction,White,,3200\nEssex,2019/20,conviction,Black,,280\n"
        "Essex,2019/20,custody,White,drug offences,300\nEssex,2019/20,custody,Black,drug offences,40\n"
    )
    report = ingest([path])
    assert not report.problems and report.rows_imported == 6
    result = CliRunner().invoke(
        main, ["analyse", "stages", "--force", "essex", "--period", "2019/20", "--format", "json"]
    )
    data = json.loads(result.output)
    conviction = next(s for s in data["stages"] if s["stage"] == "conviction")
    black = next(g for g in conviction["groups"] if g["group"] == "Black")
    assert black["index"] == pytest.approx((280 / 400) / (3200 / 4000)) and black["per_100"] == 88


def test_an_awkward_counts_file_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "lcjb.csv"
    path.write_text(
        "area,period,stage,ethnicity,offence_group,count\n"
        "Essex,2019/20,prosecution,White,,4000\n"
        "Essex,2019-20,prosecution,Black,,400\n"
        "Essex,2019/20,sentencing,White,,3200\n"
        "Essex,2019/20,conviction,Purple,,280\n"
        "Essex,2019/20,conviction,White,,-3\n"
        "Essex,2019/20,prosecution,White,,4000\n"
    )
    report = ingest([path])
    assert report.refused and report.rows_imported == 0
    assert not StageCount.objects.filter(source="stage-counts").exists()
    found = {(p["line"], p["field"], p["value"]) for p in report.problems}
    assert {
        (3, "period", "2019-20"),
        (4, "stage", "sentencing"),
        (5, "ethnicity", "Purple"),
        (6, "count", "-3"),
    } <= found
    assert any(p["line"] == 7 and "duplicate" in p["reason"] for p in report.problems)
