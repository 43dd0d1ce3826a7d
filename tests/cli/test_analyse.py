"""`parity analyse`: the JSON contract, CSV and table output, and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.public import figures
from tests.conftest import SHARED
from tests.pagecheck import CheckedClient

pytestmark = pytest.mark.django_db
CONTRACT_GROUP = {
    "group",
    "searches",
    "population",
    "rate_per_1000",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "suppressed",
    "warnings",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["analyse", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_stop_search_json_is_the_contract(loaded: Path) -> None:
    code, out, _ = run("stop-search", "--force", "avon-and-somerset", "--period", "2019/20", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:4] == ["force", "force_name", "period", "census_year"]
    assert data["force"] == "avon-and-somerset"
    assert data["period"]["start"] == "2019-04-01" and data["period"]["end"] == "2020-03-31"
    assert data["census_year"] == 2011 and data["ethnicity"] == "self-defined" and data["reference_group"] == "White"
    assert [g["group"] for g in data["groups"]] == ["Asian", "Black", "Mixed", "White", "Other"]
    for g in data["groups"]:
        assert CONTRACT_GROUP <= set(g)
    black = next(g for g in data["groups"] if g["group"] == "Black")
    assert black["rate_per_1000"] == 1000 * black["searches"] / black["population"]  # unrounded
    assert round(black["ratio"], 1) != black["ratio"]
    assert {e["reason"] for e in data["exclusions"]} >= {"Ethnicity not stated"}
    assert all({"reason", "count"} <= set(e) for e in data["exclusions"])
    assert isinstance(data["warnings"], list)


def test_a_value_that_cannot_be_given_is_null_with_the_reason(loaded: Path) -> None:
    code, out, _ = run("stop-search", "--force", "city-of-london", "--period", "2019/20", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert all(g["rate_per_1000"] is None and g["ratio"] is None for g in data["groups"])
    assert any("City of London" in w for w in data["warnings"])


def test_officer_defined_breakdowns_and_reference(loaded: Path) -> None:
    code, out, _ = run(
        "stop-search",
        "--force",
        "bedfordshire",
        "--period",
        "2020/21",
        "--ethnicity",
        "officer",
        "--by",
        "power",
        "--reference",
        "Asian",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["ethnicity"] == "officer-defined" and data["reference_group"] == "Asian"
    assert data["breakdown"]["name"] == "power" and data["breakdown"]["sections"][0]["key"] == "s1"


def test_csv_has_a_row_per_group_and_section(loaded: Path) -> None:
    code, out, _ = run(
        "stop-search", "--force", "nottinghamshire", "--period", "2019/20", "--by", "month", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["section_label"] for r in rows} >= {"2019-04", "2020-03", "All"}
    assert len([r for r in rows if r["section_label"] == "All"]) == 6  # five groups and All


@pytest.mark.parametrize(
    ("command", "table", "by"),
    [
        ("stop-search", "rates", ()),
        ("stop-search", "legislation", ("--by", "legislation")),
        ("outcome-test", "outcomes", ()),
        ("strip-searches", "strip-searches", ()),
        ("trend", "trend", ()),
        ("change", "change", ()),
    ],
)
def test_the_command_line_the_downloads_and_the_api_give_the_same_rows(
    loaded: Path, client: CheckedClient, command: str, table: str, by: tuple[str, ...]
) -> None:
    """One mapping from result to rows: the CSV a command prints is the site's download."""
    period = "2020/21"
    if command == "trend":  # the site's trend is every month held, from the twelfth, whatever the period
        held = sorted(figures.force_held("wiltshire").months)
        period = f"{held[11]}..{held[-1]}"
    code, printed, _ = run(command, "--force", "wiltshire", "--period", period, *by, "--format", "csv")
    download = client.get(f"/forces/wiltshire/stop-and-search/{table}.csv?period=2020/21")
    assert code == 0 and download.status_code == 200
    assert list(csv.reader(io.StringIO(printed))) == list(csv.reader(io.StringIO(download.content.decode())))
    code, printed, _ = run(command, "--force", "wiltshire", "--period", period, *by, "--format", "json")
    answer = client.get(f"/api/stop-and-search/wiltshire/{table}?period=2020/21")
    assert answer.status_code == 200
    assert json.loads(printed) == answer.json()


def test_the_table_rounds_and_protects(loaded: Path) -> None:
    code, out, _ = run("stop-search", "--force", "wiltshire", "--period", "2019/20", "--legislation", "mda-s23")
    assert code == 0
    assert "Wiltshire, 2019/20" in out and "legislation mda-s23" in out
    assert "[c] suppressed to protect small numbers" in out


def test_exit_codes(loaded: Path) -> None:
    code, _, err = run("stop-search", "--force", "metropolitan", "--period", "2019/20")
    assert code == 1 and "no stop-and-search records are held for Metropolitan Police" in err
    assert run("stop-search", "--force", "avon", "--period", "2019/20")[0] == 2
    code, _, err = run("stop-search", "--force", "avon-and-somerset", "--period", "yesterday")
    assert code == 2 and "not a period Parity understands" in err
    assert run("stop-search", "--force", "avon-and-somerset", "--period", "2019/20", "--format", "xml")[0] == 2


@pytest.mark.parametrize(
    ("command", "key"),
    [("outcome-test", "caveat"), ("strip-searches", "children"), ("trend", "points"), ("change", "previous_period")],
)
def test_the_other_analyses_print_json(loaded: Path, command: str, key: str) -> None:
    code, out, _ = run(command, "--force", "avon-and-somerset", "--period", "2020/21", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert key in data and data["force"] == "avon-and-somerset"


@pytest.mark.parametrize("command", ["outcome-test", "strip-searches", "trend", "change"])
def test_the_other_analyses_print_tables_and_csv(loaded: Path, command: str) -> None:
    code, out, _ = run(command, "--force", "bedfordshire", "--period", "2020/21")
    assert code == 0 and "Bedfordshire" in out
    code, out, _ = run(command, "--force", "bedfordshire", "--period", "2020/21", "--format", "csv")
    assert code == 0 and len(list(csv.reader(io.StringIO(out)))) > 5


def test_reconcile_against_the_published_extract(loaded: Path) -> None:
    path = SHARED / "reference" / "ethnicity-facts-figures" / "stop-and-search-2006-2023_EXTRACT.csv"
    code, out, _ = run("reconcile", "--published", str(path), "--format", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert len(rows) == 12 and all(r["population_matches"] for r in rows)
    code, out, _ = run("reconcile", "--published", str(path))
    assert code == 0 and "bedfordshire" in out
