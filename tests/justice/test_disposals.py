"""Out-of-court disposal against charge by ethnic group, children apart: counted from a force's
own records, worked out by `parity.analysis.stages.disposal_split`, and given by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.justice import example as extracts
from parity.justice.importing.arrests import ingest
from parity.justice.statistics import JusticeError, force_disposal_split

pytestmark = pytest.mark.django_db


def test_the_split_counts_charges_and_disposals_by_age_and_group(tmp_path: Path) -> None:
    body = extracts.rows(n=3000)
    body[0][4] = "unknown"  # one person of unknown age, left out of both
    ingest([extracts.write(tmp_path / "kent.csv", body)])
    split = force_disposal_split("kent", "2019/20")
    assert [age for age, _ in split.ages] == ["children", "adults"]
    black = [r for r in body if r[3] == "B2"]
    for age, table in split.ages:
        rows = [r for r in black if (r[4] == "10-17") == (age == "children") and r[4] != "unknown"]
        decided = [r for r in rows if r[8] != "no further action"]
        out_of_court = [r for r in decided if r[8] != "charge"]
        cell = table.rows[0].cell("black")
        assert (cell.count, cell.base) == (len(out_of_court), len(decided))
        assert cell.method == "katz-log" and table.rows[0].favourable
    decided_unknown = body[0][8] != "no further action"
    assert any("age is not known" in w for w in split.warnings) == decided_unknown
    assert any("no further action is left out" in w for w in split.warnings)


def test_the_cli_gives_the_split_as_json_and_as_a_table(tmp_path: Path) -> None:
    ingest([extracts.write(tmp_path / "kent.csv", extracts.rows(n=1500))])
    runner = CliRunner()
    asked = ["analyse", "disposals", "--force", "kent", "--period", "2019/20"]
    answer = runner.invoke(main, [*asked, "--format", "json"])
    assert answer.exit_code == 0, answer.output
    data = json.loads(answer.output)
    assert data == json.loads(json.dumps(force_disposal_split("kent", "2019/20").as_dict()))
    assert [a["label"] for a in data["ages"]] == ["Children (10 to 17)", "Adults (18 and over)"]
    shown = runner.invoke(main, asked)
    assert shown.exit_code == 0 and "Children" in shown.output and "Black" in shown.output
    missing = runner.invoke(main, ["analyse", "disposals", "--force", "kent", "--period", "2015/16"])
    assert missing.exit_code == 1 and "force's own records" in missing.output


def test_nothing_held_or_a_bad_year_is_refused_plainly() -> None:
    with pytest.raises(JusticeError, match="force's own records"):
        force_disposal_split("kent", "2019/20")
    with pytest.raises(JusticeError, match="financial year"):
        force_disposal_split("kent", "2019")
