"""The stock-and-flow projection against METHODS.md §7.3's worked example (test oracle T13)."""

from __future__ import annotations

from datetime import date

import pytest

from parity.analysis.projection import project, recruit_share_needed, steady_state

AS_AT = date(2023, 3, 31)


def _share(target: float, *, minority: float = 0.065) -> object:
    return project(
        start=0.083, target=target, joiner_share=0.114, leaving_minority=minority, leaving_other=0.065, as_at=AS_AT
    )


def test_worked_example_years_to_ten_and_eleven_percent() -> None:
    ten = project(
        start=0.083, target=0.10, joiner_share=0.114, leaving_minority=0.065, leaving_other=0.065, as_at=AS_AT
    )
    eleven = project(
        start=0.083, target=0.11, joiner_share=0.114, leaving_minority=0.065, leaving_other=0.065, as_at=AS_AT
    )
    assert ten.years is not None and round(ten.years, 1) == 11.8
    assert eleven.years is not None and round(eleven.years, 1) == 30.5
    assert ten.reached_on is not None and ten.reached_on.year == 2035
    assert ten.steady_state == pytest.approx(0.114)  # equal leaving rates: never beyond the recruits' share


def test_worked_example_never_reaches_the_census_share() -> None:
    result = project(
        start=0.083, target=0.183, joiner_share=0.114, leaving_minority=0.065, leaving_other=0.065, as_at=AS_AT
    )
    assert result.never and result.years is None and result.reached_on is None
    assert result.as_dict()["never_at_present_rate"] is True
    assert result.recruit_share_needed == pytest.approx(0.183)  # equal rates: recruit at the target share


def test_faster_leaving_lowers_the_steady_state_to_ten_percent() -> None:
    assert round(steady_state(0.114, 0.075, 0.065), 4) == 0.1003
    result = project(
        start=0.083, target=0.11, joiner_share=0.114, leaving_minority=0.075, leaving_other=0.065, as_at=AS_AT
    )
    assert result.never  # 11% is above the new steady state
    assert result.leaving_gap_cost == pytest.approx(0.114 - steady_state(0.114, 0.075, 0.065))
    needed = recruit_share_needed(0.11, 0.075, 0.065)
    assert steady_state(needed, 0.075, 0.065) == pytest.approx(0.11)
    assert needed > 0.114


def test_path_follows_the_recursion() -> None:
    result = project(
        start=0.083, target=0.10, joiner_share=0.114, leaving_minority=0.075, leaving_other=0.065, as_at=AS_AT
    )
    s = 0.083
    for point in result.path[:5]:
        assert point.value == pytest.approx(s)
        joiners = 0.075 * s + 0.065 * (1 - s)  # leavers replaced, headcount steady
        s = s * (1 - 0.075) + 0.114 * joiners


def test_headcount_target() -> None:
    """1,000 more: 5,000 now, 2,000 joiners a year of whom 20% minority, 5% leaving a year."""
    result = project(
        kind="headcount", start=5000, target=6000, joiner_share=0.2, joiners_a_year=2000,
        leaving_minority=0.05, leaving_other=0.05, as_at=AS_AT,
    )  # fmt: skip
    m, years = 5000.0, 0
    while m < 6000:
        m = m * 0.95 + 400
        years += 1
    assert result.years is not None and years - 1 < result.years <= years
    assert result.steady_state == pytest.approx(400 / 0.05)


def test_already_met_and_bad_rates() -> None:
    assert _share(0.05).already_met  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="leaving rate"):
        project(start=0.1, target=0.2, joiner_share=0.1, leaving_minority=0, leaving_other=0.1, as_at=AS_AT)
