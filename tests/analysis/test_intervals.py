"""Intervals against METHODS.md §3.1's test vectors (T3, T4) and against the libraries."""

from __future__ import annotations

import math

import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from parity.analysis import intervals

# a, N_g, b, N_r, DR, Poisson log-Wald, Katz, exact conditional (METHODS.md §3.1)
VECTORS = [
    (500, 20_000, 2_000, 400_000, 5.000, (4.5333, 5.5148), (4.5379, 5.5091), (4.5242, 5.5176)),
    (3, 1_000, 10, 20_000, 6.000, (1.6513, 21.8012), (1.6539, 21.7671), (1.0611, 23.3024)),
    (3_973, 164_174, 9_713, 1_904_510, 4.7451, (4.5731, 4.9235), (4.5747, 4.9218), (4.5720, 4.9240)),
]


@pytest.mark.parametrize(("a", "ng", "b", "nr", "dr", "wald", "katz", "exact"), VECTORS)
def test_t3_ratio_intervals_to_four_places(
    a: int,
    ng: int,
    b: int,
    nr: int,
    *,
    dr: float,
    wald: tuple[float, float],
    katz: tuple[float, float],
    exact: tuple[float, float],
) -> None:
    ratio, low, high, _ = intervals.poisson_log_wald(a, ng, b, nr)
    assert round(float(ratio), 4) == pytest.approx(dr, abs=5e-5)
    assert (round(float(low), 4), round(float(high), 4)) == wald
    _, low, high = intervals.katz_log(a, ng, b, nr)
    assert (round(float(low), 4), round(float(high), 4)) == katz
    _, low, high = intervals.exact_conditional(a, ng, b, nr)
    assert (round(float(low), 4), round(float(high), 4)) == exact


def test_t4_exact_conditional_with_a_zero() -> None:
    ratio, low, high = intervals.exact_conditional(0, 1_000, 10, 20_000)
    assert float(ratio) == 0 and float(low) == 0
    assert round(float(high), 4) == 8.9225
    # log-Wald and Katz are undefined at zero, and say so with NaN rather than a number
    assert math.isnan(float(intervals.poisson_log_wald(0, 1_000, 10, 20_000)[1]))
    assert math.isnan(float(intervals.katz_log(0, 1_000, 10, 20_000)[1]))


def test_the_exact_binomial_p_value_of_the_small_vector() -> None:
    assert round(intervals.exact_conditional_p(3, 1_000, 10, 20_000), 4) == 0.0216


@pytest.mark.parametrize(("a", "ng", "b", "nr"), [(3, 1_000, 10, 20_000), (5, 1_000, 5_000, 100_000), (7, 300, 2, 900)])
def test_exact_p_value_is_scipys_binomial_test(a: int, ng: int, b: int, nr: int) -> None:
    expected = stats.binomtest(a, a + b, ng / (ng + nr)).pvalue
    assert intervals.exact_conditional_p(a, ng, b, nr) == pytest.approx(expected, rel=1e-9)


def test_rate_ratio_chooses_the_exact_method_for_small_counts_and_zeros() -> None:
    small = intervals.rate_ratio(3, 1_000, 10, 20_000)
    assert small.method == intervals.EXACT_CONDITIONAL and round(small.low or 0, 4) == 1.0611
    zero = intervals.rate_ratio(0, 1_000, 10, 20_000)
    assert zero.ratio == 0 and zero.low == 0 and round(zero.high or 0, 4) == 8.9225
    large = intervals.rate_ratio(500, 20_000, 2_000, 400_000)
    assert large.method == intervals.POISSON_LOG_WALD
    # with the threshold lowered the small case falls back to log-Wald
    assert intervals.rate_ratio(3, 1_000, 10, 20_000, exact_below=0).method == intervals.POISSON_LOG_WALD


def test_no_ratio_without_reference_events_and_the_reason_is_given() -> None:
    result = intervals.rate_ratio(5, 1_000, 0, 20_000)
    assert result.ratio is None and result.low is None
    assert result.reason is not None and "no events in the reference group" in result.reason


def test_wilson_interval_matches_statsmodels_and_the_methods_value() -> None:
    low, high = intervals.wilson(59_457, 214_438)
    assert (round(low, 5), round(high, 5)) == (0.27538, 0.27917)
    expected = proportion_confint(59_457, 214_438, method="wilson")
    assert (low, high) == pytest.approx(expected, rel=1e-12)


def test_small_proportions_use_clopper_pearson() -> None:
    low, high, exact = intervals.proportion_limits([3], [40])
    assert bool(exact[0])
    expected = proportion_confint(3, 40, method="beta")
    assert (float(low[0]), float(high[0])) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("events", [0, 1, 5, 9])
def test_single_rate_limits_below_ten_are_exact_garwood(events: int) -> None:
    low, high = intervals.rate_limits([events])
    expected = confint_poisson(events, 1, method="exact-c")
    assert (float(low[0]), float(high[0])) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_byar_limits_from_ten_events_are_close_to_exact() -> None:
    for events in (10, 100, 4_854):
        low, high = intervals.rate_limits([events])
        exact = confint_poisson(events, 1, method="exact-c")
        assert float(low[0]) == pytest.approx(exact[0], rel=0.01)
        assert float(high[0]) == pytest.approx(exact[1], rel=0.01)


def test_confidence_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="confidence"):
        intervals.rate_ratio(5, 10, 5, 10, confidence=95)


@pytest.mark.parametrize("expected", [0.4, 1.0, 7.25, 180.0, 12_345.6])
@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_funnel_limits_are_exact_poisson_limits_around_the_expected_count(expected: float, confidence: float) -> None:
    tail = (1 - confidence) / 2
    low, high = intervals.funnel_limits(expected, confidence=confidence)
    assert low * expected == pytest.approx(stats.chi2.ppf(tail, 2 * expected) / 2, rel=1e-12)
    assert high * expected == pytest.approx(stats.chi2.ppf(1 - tail, 2 * (expected + 1)) / 2, rel=1e-12)
    assert low < 1 < high
