"""Outcome test, strip searches, rolling trend and change on the previous year, on real records."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.analysis.outcomes import INFRA_MARGINALITY
from parity.analysis.rules import Rules
from parity.powers.statistics import (
    stop_search_change,
    stop_search_outcomes,
    stop_search_rates,
    stop_search_strip_searches,
    stop_search_trend,
)
from tests.powers.analysis_helpers import LONDON_DATE, sql

pytestmark = pytest.mark.django_db
A_AND_S = (
    f"force = 'avon-and-somerset' AND type <> 'vehicle' "
    f"AND {LONDON_DATE} BETWEEN DATE '2019-04-01' AND DATE '2020-03-31'"
)


def test_outcome_rates_count_what_they_say(loaded: Path) -> None:
    result = stop_search_outcomes("avon-and-somerset", "2019/20")
    [(searches, arrests, nfa, known, finds, find_known)] = sql(
        loaded,
        "SELECT count(*), count(*) FILTER (WHERE outcome = 'arrest'), count(*) FILTER (WHERE outcome = 'nfa'), "
        "count(outcome), count(*) FILTER (WHERE outcome <> 'nfa' AND outcome_linked), "
        "count(*) FILTER (WHERE outcome = 'nfa' OR (outcome IS NOT NULL AND outcome_linked IS NOT NULL)) "
        f"FROM SEARCHES WHERE {A_AND_S} AND sde_group = 'black'",
    )
    black = result.group("Black")
    assert black.searches == searches
    assert black.arrest is not None and (black.arrest.count, black.arrest.denominator) == (arrests, known)
    assert black.no_further_action is not None and black.no_further_action.count == nfa
    assert black.find is not None and (black.find.count, black.find.denominator) == (finds, find_known)
    assert black.find.ci_low is not None and black.find.ci_low < (black.find.share or 0) < (black.find.ci_high or 0)
    assert black.arrest.ratio is not None and black.arrest.ratio_ci_low is not None  # Katz, against White
    assert result.caveat == INFRA_MARGINALITY and "infra-marginality" in result.as_dict()["caveat"]
    assert not result.warnings  # the link is blank mostly for "no further action", where it does not matter


def test_no_further_action_is_never_a_find(loaded: Path) -> None:
    # West Mercia marks nearly every "no further action" as linked to the object of search
    result = stop_search_outcomes("west-mercia", "2019/20")
    [(linked_nfa,)] = sql(
        loaded,
        "SELECT count(*) FROM SEARCHES WHERE force = 'west-mercia' AND outcome = 'nfa' AND outcome_linked "
        f"AND {LONDON_DATE} BETWEEN DATE '2019-04-01' AND DATE '2020-03-31'",
    )
    assert linked_nfa > 1_000
    total = result.total
    assert total.find is not None and total.no_further_action is not None
    assert (total.find.count or 0) + (total.no_further_action.count or 0) <= (total.find.denominator or 0)


def test_no_find_rate_where_the_link_is_never_recorded(loaded: Path) -> None:
    result = stop_search_outcomes("metropolitan", "2021-06..2021-10")
    assert result.group("Black").find is None
    assert any("did not record whether outcomes were linked" in w for w in result.warnings)
    assert result.group("Black").arrest is not None


def test_a_warning_where_the_link_is_mostly_blank_for_positive_outcomes(loaded: Path) -> None:
    result = stop_search_outcomes("west-midlands", "2019/20")
    assert result.group("Black").find is not None
    assert any(
        "outcomes other than no further action" in w and "may be too high or too low" in w for w in result.warnings
    )


def test_small_outcome_counts_and_their_complements_are_protected(loaded: Path) -> None:
    result = stop_search_outcomes("wiltshire", "2019/20")
    for g in result.groups:
        for p in (g.find, g.arrest, g.no_further_action):
            if p is not None and p.count is not None and p.denominator is not None:
                assert not 0 < p.count < 5 and not 0 < p.denominator - p.count < 5
    hidden = [g.arrest for g in result.groups if g.arrest is not None and g.arrest.suppressed]
    assert hidden, "Wiltshire's small groups have arrest counts under 5"
    assert result.total.arrest is not None and result.total.arrest.count is not None
    assert len(hidden) != 1  # the total cannot give back a lone hidden arrest count


def test_strip_searches_by_age_with_children_apart(loaded: Path) -> None:
    result = stop_search_strip_searches("avon-and-somerset", "2019/20")
    [(strips, known, child_strips, child_known)] = sql(
        loaded,
        "SELECT count(*) FILTER (WHERE removal_more_than_outer), count(removal_more_than_outer), "
        "count(*) FILTER (WHERE removal_more_than_outer AND age_band IN ('under-10', '10-17')), "
        "count(removal_more_than_outer) FILTER (WHERE age_band IN ('under-10', '10-17')) "
        f"FROM SEARCHES WHERE {A_AND_S}",
    )
    total = result.total
    assert (total.all_ages.count, total.all_ages.denominator) == (strips, known)
    # The 5 strip searches with no age recorded are split 2 and 3 between two groups; with only
    # their total shown each would be known to be 1 to 4, so that total is hidden too, and
    # with it (no under-10s in it) the 10-17 band, which is then the children's total.
    ages = dict(total.by_age)
    assert ages[None].suppressed and ages["10-17"].suppressed and total.children.suppressed
    assert child_strips >= 5 and child_known >= 5  # hidden to protect others, not for being small
    white = result.group("White")
    assert white.per_1000 is not None and white.all_ages.share is not None
    black = result.group("Black")
    assert black.per_1000_ratio is not None and black.all_ages.ratio is not None
    for g in (*result.groups, total):  # shown counts are never small
        for _, p in (*g.by_age, ("children", g.children)):
            assert p.count is None or not 0 < p.count < 5
    assert [name for name, _ in result.children][-1] == "All"


def test_strip_searches_are_refused_where_never_recorded(loaded: Path) -> None:
    result = stop_search_strip_searches("south-wales", "2019/20")
    assert any("did not record whether more than outer clothing was removed" in w for w in result.warnings)
    assert all(g.all_ages.share is None and g.per_1000 is None for g in result.groups)


def test_the_rolling_trend_ends_in_each_month_and_matches_the_year(loaded: Path) -> None:
    trend = stop_search_trend("avon-and-somerset", "2020/21")
    assert trend.points[0].month == "2020-04" and len(trend.points) == 12
    last = trend.points[-1].table
    year = stop_search_rates("avon-and-somerset", "2020/21")
    assert last.context.period_start == "2020-04-01" and last.context.census_year == 2021
    for a, b in zip(last.groups, year.groups, strict=True):
        assert (a.searches, a.ratio, a.ratio_ci_high) == (b.searches, b.ratio, b.ratio_ci_high)
    first = trend.points[0].table  # May 2019 to April 2020: divided by the census for 2020/21
    assert first.context.period_start == "2019-05-01" and first.context.census_year == 2021
    assert trend.series("Black")[-1][1] == year.group("Black").ratio


def test_trend_windows_with_missing_months_are_withheld(loaded: Path) -> None:
    trend = stop_search_trend("metropolitan", "2021-06..2021-10")
    assert all(g.rate_per_1000 is None for p in trend.points for g in p.table.groups)
    assert all(any("withheld" in w for w in p.table.warnings) for p in trend.points)


def test_change_on_the_previous_year_uses_one_census(loaded: Path) -> None:
    change = stop_search_change("avon-and-somerset", "2020/21")
    assert change.previous.context.period_label == "2019/20"
    assert change.previous.context.census_year == change.current.context.census_year == 2021
    black = change.group("Black")
    assert black.searches and black.searches_before
    assert black.rate_change == pytest.approx(black.searches / black.searches_before)  # same population
    assert black.rate_change is not None and black.rate_change_ci_low is not None
    assert black.rate_change_ci_low < black.rate_change < (black.rate_change_ci_high or 0)
    assert black.ratio_change is not None and black.ratio and black.ratio_before
    assert black.ratio_change == pytest.approx(black.ratio / black.ratio_before)
    assert black.ratio_change_ci_low is not None and black.ratio_change_ci_low < black.ratio_change
    assert "on the previous year" in black.statement


def test_change_says_why_when_the_previous_year_is_incomplete(loaded: Path) -> None:
    change = stop_search_change("leicestershire", "2019/20", rules=Rules())
    black = change.group("Black")
    assert black.rate_change is None  # 2018/19 holds only January to March 2019
    assert "the previous year: rates and ratios are withheld because 9 months" in black.statement
    assert any(w.startswith("Previous year: No records are held") for w in change.warnings)
