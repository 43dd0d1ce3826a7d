"""`parity status`: months held, gaps, low-volume months and blank fields per force."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.powers.coverage import coverage, low_volume_months, month_range


def test_leicestershire_incomplete_months_are_flagged(loaded: Path) -> None:
    [leicestershire] = coverage("leicestershire")
    low = [m.month for m in leicestershire.months if m.low_volume]
    assert low == ["2019-10", "2019-11", "2019-12", "2021-05"]
    assert {m.month: m.records for m in leicestershire.months if m.low_volume} == {
        "2019-10": 116,
        "2019-11": 87,
        "2019-12": 106,
        "2021-05": 12,
    }


def test_gaps_inside_the_held_range_are_listed(loaded: Path) -> None:
    [met] = coverage("metropolitan")
    assert met.gaps == month_range("2019-03", "2021-05")
    assert any("27 months missing" in w for w in met.warnings)


def test_completeness_shows_west_midlands_never_records_gender(loaded: Path) -> None:
    forces = {f.force: f for f in coverage()}
    assert len(forces) == 11
    assert forces["west-midlands"].completeness["gender"] == 100.0
    assert forces["leicestershire"].completeness["self-defined ethnicity"] == 0.0
    assert forces["metropolitan"].completeness["outcome linked"] == 100.0
    assert 70 < forces["nottinghamshire"].completeness["location"] < 80


@pytest.mark.parametrize(
    ("counts", "low"),
    [
        ({"2020-01": 100, "2020-02": 100, "2020-03": 40, "2020-04": 100, "2020-05": 100}, {"2020-03"}),
        ({"2020-01": 100, "2020-02": 100, "2020-03": 60, "2020-04": 100}, set()),
        ({"2020-01": 5}, set()),  # a month alone cannot be judged
    ],
)
def test_low_volume_rule(counts: dict[str, int], low: set[str]) -> None:
    assert low_volume_months(counts) == low
