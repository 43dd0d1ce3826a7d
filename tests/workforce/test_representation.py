"""The representation ratio and its interval, on hand-computed examples (no database)."""

from __future__ import annotations

import math

import pytest

from parity.analysis.representation import (
    EXACT_SHARE,
    KATZ,
    Representation,
    people_needed,
    representation,
    representation_trend,
)
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.workforce.statistics import census_for

CONTEXT = Context("kent", "Kent", "2020-03-31", "2020-03-31", "31 March 2020", 2021, "self-defined", "5+1")
Z = 1.959963984540054


def test_the_interval_on_the_worked_example_of_the_methodology_page() -> None:
    """50 of 1,000 officers; 100,000 of 1,000,000 residents: ratio 0.5, interval 0.382 to 0.655."""
    result = representation(
        {"black": 50, "white": 950, "not_stated": 30},
        {"black": 100_000, "white": 900_000},
        context=CONTEXT,
        as_at="2020-03-31",
        worker_type="officer",
    )
    black = result.group("black")
    se = math.sqrt(1 / 50 - 1 / 1000 + 1 / 100_000 - 1 / 1_000_000)
    assert black.share == 0.05 and black.population_share == 0.1
    assert black.representation_ratio == pytest.approx(0.5, rel=1e-12)
    assert black.ratio_ci_low == pytest.approx(0.5 * math.exp(-Z * se), rel=1e-9)
    assert black.ratio_ci_high == pytest.approx(0.5 * math.exp(Z * se), rel=1e-9)
    assert black.ratio_ci_low is not None and black.ratio_ci_high is not None
    assert round(black.ratio_ci_low, 3) == 0.382 and round(black.ratio_ci_high, 3) == 0.655
    assert black.method == KATZ
    assert result.not_stated == 30 and result.stated == 1000
    assert result.as_dict()["groups"][1]["group"] == "Black"


def test_small_groups_are_suppressed_with_a_second_so_the_total_cannot_give_them_back() -> None:
    result = representation(
        {"asian": 3, "black": 0, "mixed": 12, "white": 900, "other": 40, "not_stated": 2},
        {"asian": 50, "black": 30, "mixed": 20, "white": 880, "other": 20},
        context=CONTEXT,
        as_at="2020-03-31",
        worker_type="officer",
    )
    assert result.group("asian").suppressed and result.group("asian").headcount is None
    assert result.group("asian").representation_ratio is None
    # the smallest other non-zero group is hidden as well (secondary suppression)
    assert result.group("mixed").suppressed and result.group("mixed").share is None
    assert not result.group("black").suppressed and result.group("black").headcount == 0
    assert result.not_stated is None
    assert any("not shown" in w for w in result.warnings)


def test_fewer_than_ten_people_get_the_exact_interval_and_zero_has_an_upper_limit() -> None:
    result = representation(
        {"black": 0, "asian": 7, "white": 993},
        {"black": 100_000, "asian": 100_000, "white": 800_000},
        context=CONTEXT,
        as_at="2020-03-31",
        worker_type="officer",
        rules=Rules(disclosure_threshold=0),
    )
    black, asian = result.group("black"), result.group("asian")
    assert black.representation_ratio == 0 and black.ratio_ci_low == 0
    # Clopper-Pearson upper limit for 0 of 1,000 is 1 - 0.025^(1/1000), over a 10% population share
    assert black.ratio_ci_high == pytest.approx((1 - 0.025 ** (1 / 1000)) / 0.1, rel=1e-9)
    assert black.method == EXACT_SHARE and asian.method == EXACT_SHARE
    assert asian.representation_ratio == pytest.approx(0.07)
    assert asian.ratio_ci_low is not None and asian.ratio_ci_high is not None
    assert asian.ratio_ci_low < 0.07 < asian.ratio_ci_high


def test_the_census_nearest_the_year_is_chosen_the_earlier_when_equally_near() -> None:
    assert [census_for(y) for y in (2003, 2011, 2016, 2017, 2023)] == [2011, 2011, 2011, 2021, 2021]


def test_the_people_needed_to_match_the_area_are_the_census_share_of_those_who_stated() -> None:
    """50 of 1,000 who stated are Black, against 10% of residents: 100 - 50 = 50 more. White
    officers are over-represented, so the number is negative: 900 - 950 = 50 fewer."""
    result = representation(
        {"black": 50, "white": 950, "not_stated": 30},
        {"black": 100_000, "white": 900_000},
        context=CONTEXT,
        as_at="2020-03-31",
        worker_type="officer",
    )
    assert result.group("black").needed == 50 and result.group("white").needed == -50
    assert result.as_dict()["groups"][1]["people_needed"] == 50
    # half a person rounds up, never to the even number
    assert people_needed(2, 5, 0.5) == 1 and people_needed(3, 7, 0.5) == 1
    assert people_needed(0, 7, 0.5) == 4


def test_a_suppressed_group_has_no_people_needed_either() -> None:
    result = representation(
        {"asian": 3, "black": 0, "mixed": 12, "white": 900, "other": 40, "not_stated": 2},
        {"asian": 50, "black": 30, "mixed": 20, "white": 880, "other": 20},
        context=CONTEXT,
        as_at="2020-03-31",
        worker_type="officer",
    )
    assert result.group("asian").suppressed and result.group("asian").needed is None


def test_the_trend_runs_from_the_first_year_held_and_warns_of_a_new_census() -> None:
    def year(as_at: str, census: int, black: int) -> Representation:
        context = Context("kent", "Kent", as_at, as_at, as_at, census, "self-defined", "5+1")
        return representation(
            {"black": black, "white": 1000 - black}, {"black": 50, "white": 950}, context=context, as_at=as_at,
            worker_type="officer",
        )  # fmt: skip

    trend = representation_trend([year("2017-03-31", 2021, 20), year("2015-03-31", 2011, 10)])
    assert [r.as_at for r in trend.years] == ["2015-03-31", "2017-03-31"]
    assert trend.ratios("black") == pytest.approx([0.2, 0.4])
    change = trend.change("black")
    assert change is not None and change == pytest.approx(0.2)
    assert any("census compared with changes" in w for w in trend.warnings)
    assert trend.as_dict()["change_in_ratio"]["Black"] == pytest.approx(0.2)
