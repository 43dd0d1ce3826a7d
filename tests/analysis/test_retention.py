"""Leaving and promotion rates by group: proportions with intervals, not assessable when small."""

from __future__ import annotations

import pytest
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import proportion_confint

from parity.analysis.retention import NOT_ASSESSABLE, event_rates
from parity.analysis.rules import Rules


def test_rates_intervals_and_ratio_to_white() -> None:
    table = event_rates("left", {"white": (120, 2000), "black": (30, 200), "asian": (25, 400)})
    black = table.group("black")
    assert black.rate == pytest.approx(0.15)
    low, high = proportion_confint(30, 200, method="wilson")
    assert black.ci_low == pytest.approx(low) and black.ci_high == pytest.approx(high)
    ci = relative_risk(30, 200, 120, 2000).confidence_interval()
    assert black.ratio == pytest.approx(0.15 / 0.06)
    assert black.ratio_ci_low == pytest.approx(ci.low) and black.ratio_ci_high == pytest.approx(ci.high)
    assert table.group("white").ratio is None  # the reference


def test_too_few_people_is_not_assessable_and_small_counts_are_hidden() -> None:
    rules = Rules(min_events_for_rate=10)
    mixed = event_rates("promoted", {"white": (40, 300), "mixed": (0, 8)}, rules=rules).group("mixed")
    assert not mixed.assessable and mixed.rate is None and NOT_ASSESSABLE in mixed.warnings
    assert mixed.people == 8
    table = event_rates("promoted from sergeant", {"white": (40, 300), "mixed": (0, 8), "black": (2, 12)}, rules=rules)
    black = table.group("black")
    assert black.suppressed and black.events is None and black.rate is None
    assert table.warnings
    assert table.as_dict()["groups"][2]["events"] is None


def test_refuses_more_events_than_people() -> None:
    with pytest.raises(ValueError, match="out of"):
        event_rates("left", {"white": (5, 4)})
