"""The command-line contracts other tools rely on: JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli import main
from tests.conftest import POPULATION_FILES
from tests.powers.helpers import copy_as

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_ingest_police_uk_json(tmp_path: Path) -> None:
    path = copy_as(tmp_path, "wiltshire", "2020-06", "kent")
    code, out = run("ingest", "police-uk", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {
        "files",
        "rows_read",
        "rows_imported",
        "rows_unchanged",
        "rows_rejected",
        "problems",
        "exclusions",
    }
    assert data["rows_imported"] + data["rows_unchanged"] + data["rows_rejected"] == data["rows_read"] > 0
    code, out = run("ingest", "police-uk", str(path), "--format", "json")
    assert json.loads(out)["rows_unchanged"] == data["rows_imported"]


def test_ingest_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "2020-06-kent-stop-and-search.csv"
    bad.write_text("not,a,stop,and,search,file\n")
    code, out = run("ingest", "police-uk", str(bad), "--format", "json")
    assert code == 1
    [refused] = json.loads(out)["files"]
    assert refused["status"] == "refused" and "expected a data.police.uk CSV" in refused["message"]
    assert run("ingest", "police-uk")[0] == 2  # no path: usage
    assert run("ingest", "police-uk", str(bad), "--format", "xml")[0] == 2


def test_ingest_population_json() -> None:
    code, out = run("ingest", "population", *map(str, POPULATION_FILES), "--format", "json")
    assert code == 0
    assert [t["census_year"] for t in json.loads(out)["tables"]] == [2011, 2021]
    code, out = run("ingest", "population", str(POPULATION_FILES[2]), "--format", "json")
    assert code == 1 and "lookup" in json.loads(out)["error"]


def test_status_json(loaded: Path) -> None:
    code, out = run("status", "--force", "leicestershire", "--format", "json")
    assert code == 0
    [force] = json.loads(out)["forces"]
    assert force["force"] == "leicestershire"
    months = {m["month"]: m for m in force["months"]}
    assert months["2019-11"] == {"month": "2019-11", "records": 87, "low_volume": True, "rejected": 0, "flagged": 0}
    assert months["2020-06"]["low_volume"] is False
    assert set(force["completeness"]) >= {"self-defined ethnicity", "gender", "age", "location", "outcome linked"}


def test_status_table_for_people(loaded: Path) -> None:
    code, out = run("status")
    assert code == 0 and "Leicestershire" in out and "2019-10" in out


def test_fetch_usage_errors() -> None:
    assert run("fetch", "police-uk", "--force", "ruritania", "--from", "2020-01", "--to", "2020-02")[0] == 2
    assert run("fetch", "police-uk", "--force", "btp", "--from", "2020-13", "--to", "2020-02")[0] == 2
    assert run("fetch", "police-uk", "--force", "btp", "--from", "2020-03", "--to", "2020-02")[0] == 2
