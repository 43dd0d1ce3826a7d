"""Recruitment funnels against METHODS.md §7.2's worked figures (test oracle T12)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from parity.analysis.recruitment import funnel, overall, positive_action

STAGES = ["application", "appointment"]


def test_online_assessment_adverse_impact_ratio() -> None:
    """College of Policing online assessment: White 73.6%, ethnic minority 62.6%, AIR 0.8505."""
    result = funnel(STAGES, {"white": [1000, 736], "minority": [1000, 626]})
    row = result.overall.group("minority")
    assert row.rate == pytest.approx(0.626)
    assert row.against_white is not None and row.against_white.ratio == pytest.approx(0.8505, abs=5e-5)
    assert row.against_white.below_four_fifths is False


def test_media_storm_ratios_against_white_and_highest() -> None:
    """Applicant to appointment: Black 7.3%, White 18.72%, Asian 9.18%, Mixed 14.38%."""
    reached = {"black": [10000, 730], "white": [10000, 1872], "asian": [10000, 918], "mixed": [10000, 1438]}
    step = funnel(STAGES, reached).overall
    assert step.highest == "white"
    for code, air in {"black": 0.390, "asian": 0.490, "mixed": 0.768}.items():
        g = step.group(code)
        assert g.against_white is not None and g.against_highest is not None
        assert g.against_white.ratio == pytest.approx(air, abs=5e-4)
        assert g.against_highest.ratio == g.against_white.ratio
        assert g.against_white.below_four_fifths is True
        assert g.against_white.survives_flip is True  # thousands of people: one more changes nothing
        assert g.passed is not None
        p = stats.fisher_exact(np.array([[g.passed, 10000 - g.passed], [1872, 10000 - 1872]])).pvalue
        assert g.against_white.p_value == pytest.approx(p)


def test_day_one_share_of_successful_candidates() -> None:
    """30.5% of candidates BAME, passing at 47.7% against 73.7%: 22.1% of those who passed."""
    result = funnel(STAGES, {"minority": [305000, 145485], "white": [695000, 512215]})
    assert result.overall.group("minority").share_of_passed == pytest.approx(0.221, abs=5e-4)


def test_highest_rate_group_is_the_other_reference() -> None:
    reached = {"white": [200, 100], "asian": [200, 140], "black": [200, 90]}
    black = funnel(STAGES, reached).overall.group("black")
    assert black.against_white is not None and black.against_highest is not None
    assert black.against_white.ratio == pytest.approx(0.9)
    assert black.against_highest.reference == "asian"
    assert black.against_highest.ratio == pytest.approx(0.45 / 0.7)
    assert black.against_highest.below_four_fifths is True


def test_one_person_flip_undoes_a_flag_from_few_people() -> None:
    """7 of 19 against 9 of 19: 0.78, below four-fifths; one more makes 8/9 = 0.89."""
    g = funnel(STAGES, {"white": [19, 9], "black": [19, 7]}).overall.group("black")
    assert g.against_white is not None
    assert g.against_white.below_four_fifths is True
    assert g.against_white.ratio_after_flip == pytest.approx(8 / 9)
    assert g.against_white.survives_flip is False
    assert any("caution" in w for w in g.warnings)


def test_cumulative_rates_are_the_product_and_most_lost_stage() -> None:
    stages = ["application", "sift", "assessment", "interview", "appointment"]
    reached = {"white": [1000, 800, 600, 500, 400], "black": [400, 300, 150, 120, 100]}
    result = funnel(stages, reached)
    product = 1.0
    for step in result.steps:
        g = step.group("black")
        assert g.rate is not None
        product *= g.rate
        assert g.cumulative == pytest.approx(product)
    assert result.overall.group("black").cumulative == pytest.approx(100 / 400)
    lost = {loss.code: loss for loss in result.losses}
    assert lost["black"].stage == "assessment" and lost["black"].lost == 150
    assert lost["white"].stage == "sift" and lost["white"].lost == 200  # a tie goes to the earlier stage
    assert overall(stages, reached).overall.group("black").rate == pytest.approx(0.25)


def test_small_counts_are_hidden_with_what_gives_them_back() -> None:
    result = funnel(STAGES, {"white": [500, 200], "black": [30, 3], "asian": [60, 20]})
    step = result.overall
    black = step.group("black")
    assert black.suppressed and black.passed is None and black.rate is None
    # the total of passes and one other group's passes would give Black's 3 back: another is hidden
    assert any(g.suppressed for g in step.groups if g.code != "black")
    assert result.warnings
    assert "3" not in str([g.as_dict() for g in step.groups if g.suppressed])


def test_refuses_counts_that_grow_down_the_funnel() -> None:
    with pytest.raises(ValueError, match="more people at a stage"):
        funnel(STAGES, {"white": [10, 12]})


def test_positive_action_support() -> None:
    result = positive_action({"black": (100, 30, 200, 40), "white": (2, 1, 500, 150)})
    black, white = result.rows
    assert black.supported_rate == pytest.approx(0.3) and black.unsupported_rate == pytest.approx(0.2)
    assert black.ratio == pytest.approx(1.5)
    assert black.ratio_ci_low is not None and black.ratio_ci_low < 1.5 < (black.ratio_ci_high or 0)
    assert black.p_value == pytest.approx(stats.fisher_exact(np.array([[30, 70], [40, 160]])).pvalue)
    assert white.suppressed and white.supported is None
    assert result.as_dict()["groups"][1]["supported"] is None
