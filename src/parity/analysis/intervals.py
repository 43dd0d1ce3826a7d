"""Confidence intervals for rates, ratios of rates and proportions (METHODS.md §3.1).

Every function works on numpy arrays, so a table of thousands of cells is one call, and has
a scalar twin for a single figure. The choices follow METHODS.md:

- ratio of two event rates per population (searches per resident): Poisson log-Wald, or the
  exact conditional interval when either count is below `exact_below` (zeros included),
  because log-Wald is undefined at zero and too narrow for small counts;
- ratio of two proportions where each unit is counted once (arrests among searches): Katz;
- one rate: Byar's approximation from 10 events, exact (Garwood) below, as PHE Fingertips;
- one proportion: Wilson, or Clopper-Pearson when small.

statsmodels 0.15 does not implement the exact conditional Poisson interval, so it is built
here from scipy's beta distribution (Clopper-Pearson on the conditional binomial) and
the binomial test of scipy's `binomtest`, as METHODS.md §3.1 prescribes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

FloatArray = NDArray[np.float64]
RatioMethod = Literal["poisson-log-wald", "exact-conditional", "katz-log"]
ProportionMethod = Literal["wilson", "clopper-pearson"]
RateMethod = Literal["byar", "exact-garwood"]

POISSON_LOG_WALD: RatioMethod = "poisson-log-wald"
EXACT_CONDITIONAL: RatioMethod = "exact-conditional"
KATZ_LOG: RatioMethod = "katz-log"


def z_value(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    return float(stats.norm.ppf(0.5 + confidence / 2))


def _f(values: ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True)
class RatioEstimate:
    """A ratio with its interval; None where it cannot be calculated, with the reason."""

    ratio: float | None
    low: float | None
    high: float | None
    method: RatioMethod | None
    p_value: float | None
    reason: str | None = None


@dataclass(frozen=True)
class RatioArrays:
    """Column-wise ratios for many cells; NaN where not calculable (a zero or missing reference)."""

    ratio: FloatArray
    low: FloatArray
    high: FloatArray
    exact: NDArray[np.bool_]  # True where the exact conditional method was used
    p_value: FloatArray


# --- ratios of Poisson rates ----------------------------------------------------------


def poisson_log_wald(
    a: ArrayLike, n_g: ArrayLike, b: ArrayLike, n_r: ArrayLike, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Rate ratio (a/n_g)/(b/n_r) with SE(ln DR) = sqrt(1/a + 1/b); NaN interval at a zero."""
    a_, g_, b_, r_ = _f(a), _f(n_g), _f(b), _f(n_r)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (a_ / g_) / (b_ / r_)
        se = np.sqrt(1 / a_ + 1 / b_)
        ok = (a_ > 0) & (b_ > 0)
        low = np.where(ok, ratio * np.exp(-z * se), np.nan)
        high = np.where(ok, ratio * np.exp(z * se), np.nan)
        p = np.where(ok, 2 * special.ndtr(-np.abs(np.log(ratio) / se)), np.nan)
    return ratio, low, high, p


def exact_conditional(
    a: ArrayLike, n_g: ArrayLike, b: ArrayLike, n_r: ArrayLike, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Exact conditional interval for a Poisson rate ratio.

    Given n = a + b events, a ~ Binomial(n, pi) with pi = theta*n_g/(theta*n_g + n_r). The
    Clopper-Pearson limits of pi map to theta = pi/(1-pi) * n_r/n_g. Defined at a = 0
    (lower limit 0); at b = 0 the upper limit is infinite and the ratio undefined.
    """
    a_, g_, b_, r_ = _f(a), _f(n_g), _f(b), _f(n_r)
    alpha = 1 - confidence
    n = a_ + b_
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (a_ / g_) / (b_ / r_)
        # beta needs positive shape parameters: substitute 1 where the limit is fixed anyway
        pi_low = np.where(a_ > 0, stats.beta.ppf(alpha / 2, np.maximum(a_, 1), n - a_ + 1), 0.0)
        pi_high = np.where(b_ > 0, stats.beta.ppf(1 - alpha / 2, a_ + 1, np.maximum(n - a_, 1)), 1.0)
        scale = r_ / g_
        low = pi_low / (1 - pi_low) * scale
        high = np.where(pi_high < 1, pi_high / (1 - pi_high) * scale, np.inf)
    empty = n == 0
    return ratio, np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def exact_conditional_p(a: int, n_g: float, b: int, n_r: float) -> float:
    """Two-sided exact test of equal rates: binomial test of pi0 = n_g/(n_g + n_r).

    The "minimum likelihood" p-value of `scipy.stats.binomtest` (the sum of every outcome
    no more likely than the one observed), computed from one pmf array because binomtest
    itself costs a millisecond a call.
    """
    n = int(a + b)
    if n == 0:
        return float("nan")
    p0 = n_g / (n_g + n_r)
    k = np.arange(n + 1, dtype=np.float64)
    log_pmf = special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
    log_pmf += special.xlogy(k, p0) + special.xlog1py(n - k, -p0)
    pmf = np.exp(log_pmf)
    return float(min(1.0, pmf[log_pmf <= log_pmf[int(a)] + 1e-7].sum()))


def rate_ratios(
    a: ArrayLike,
    n_g: ArrayLike,
    b: ArrayLike,
    n_r: ArrayLike,
    *,
    exact_below: int = 10,
    confidence: float = 0.95,
    p_values: bool = True,
) -> RatioArrays:
    """Rate ratios for many cells, choosing log-Wald or exact conditional per cell.

    The exact method is used where either count is below `exact_below`; where the
    reference count b is zero every field is NaN (the ratio is not calculable).
    """
    a_, g_, b_, r_ = _f(a), _f(n_g), _f(b), _f(n_r)
    ratio, low, high, p = poisson_log_wald(a_, g_, b_, r_, confidence=confidence)
    exact = (np.minimum(a_, b_) < exact_below) & (b_ > 0)
    if exact.any():
        _, e_low, e_high = exact_conditional(a_[exact], g_[exact], b_[exact], r_[exact], confidence=confidence)
        low[exact], high[exact] = e_low, e_high
        if p_values:
            p[exact] = [
                exact_conditional_p(int(x), gx, int(y), rx)
                for x, gx, y, rx in zip(a_[exact], g_[exact], b_[exact], r_[exact], strict=True)
            ]
        else:
            p[exact] = np.nan
    undefined = b_ <= 0
    for column in (ratio, low, high, p):
        column[undefined] = np.nan
    return RatioArrays(ratio, low, high, exact, p)


def rate_ratio(
    a: int, n_g: float, b: int, n_r: float, *, exact_below: int = 10, confidence: float = 0.95
) -> RatioEstimate:
    """One rate ratio, (a/n_g)/(b/n_r), with its interval and method; see `rate_ratios`."""
    if n_g <= 0 or n_r <= 0:
        return RatioEstimate(None, None, None, None, None, "a population is zero, so there is no rate")
    if b == 0:
        return RatioEstimate(
            None, None, None, None, None, "not calculable: there were no events in the reference group"
        )
    out = rate_ratios([a], [n_g], [b], [n_r], exact_below=exact_below, confidence=confidence)
    return RatioEstimate(
        float(out.ratio[0]),
        float(out.low[0]),
        float(out.high[0]),
        EXACT_CONDITIONAL if out.exact[0] else POISSON_LOG_WALD,
        float(out.p_value[0]),
    )


# --- ratios of proportions ------------------------------------------------------------


def katz_log(
    a: ArrayLike, n_g: ArrayLike, b: ArrayLike, n_r: ArrayLike, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Risk ratio (a/n_g)/(b/n_r) with Katz's SE = sqrt(1/a - 1/n_g + 1/b - 1/n_r)."""
    a_, g_, b_, r_ = _f(a), _f(n_g), _f(b), _f(n_r)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (a_ / g_) / (b_ / r_)
        se = np.sqrt(np.maximum(1 / a_ - 1 / g_ + 1 / b_ - 1 / r_, 0))
        ok = (a_ > 0) & (b_ > 0) & (g_ > 0) & (r_ > 0)
        low = np.where(ok, ratio * np.exp(-z * se), np.nan)
        high = np.where(ok, ratio * np.exp(z * se), np.nan)
    ratio = np.where((b_ > 0) & (g_ > 0) & (r_ > 0), ratio, np.nan)
    return ratio, low, high


# --- single rates and proportions ------------------------------------------------------


def garwood(events: ArrayLike, *, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Exact (Garwood) limits for a Poisson count; the count may be an expected, fractional one."""
    a = _f(events)
    z_value(confidence)  # refuses a confidence outside (0, 1)
    alpha = 1 - confidence
    low = np.where(a > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(a, np.finfo(np.float64).tiny)) / 2, 0.0)
    return _f(low), _f(stats.chi2.ppf(1 - alpha / 2, 2 * (a + 1)) / 2)


def rate_limits(events: ArrayLike, *, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Limits for a Poisson count: Byar's approximation from 10 events, exact (Garwood) below."""
    a = _f(events)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        byar_low = a * (1 - 1 / (9 * a) - z / (3 * np.sqrt(a))) ** 3
        a1 = a + 1
        byar_high = a1 * (1 - 1 / (9 * a1) + z / (3 * np.sqrt(a1))) ** 3
    exact_low, exact_high = garwood(a, confidence=confidence)
    small = a < 10
    return np.where(small, exact_low, byar_low), np.where(small, exact_high, byar_high)


def funnel_limits(expected: float, *, confidence: float) -> tuple[float, float]:
    """A funnel plot's limits at an expected count, as multiples of it: where an observed
    count would fall by chance alone (exact Poisson limits, METHODS.md §3.1)."""
    low, high = garwood([expected], confidence=confidence)
    return float(low[0] / expected), float(high[0] / expected)


def proportion_limits(
    k: ArrayLike, n: ArrayLike, *, exact_below: int = 10, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Wilson score limits, or Clopper-Pearson where k or n - k is below `exact_below`.

    Returns (low, high, exact); NaN where n is zero.
    """
    k_, n_ = _f(k), _f(n)
    z = z_value(confidence)
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_ / n_
        centre = (p + z * z / (2 * n_)) / (1 + z * z / n_)
        half = z * np.sqrt(p * (1 - p) / n_ + z * z / (4 * n_ * n_)) / (1 + z * z / n_)
        w_low, w_high = centre - half, centre + half
        cp_low = np.where(k_ > 0, stats.beta.ppf(alpha / 2, np.maximum(k_, 1), n_ - k_ + 1), 0.0)
        cp_high = np.where(k_ < n_, stats.beta.ppf(1 - alpha / 2, k_ + 1, np.maximum(n_ - k_, 1)), 1.0)
    exact = (np.minimum(k_, n_ - k_) < exact_below) & (n_ > 0)
    low = np.where(exact, cp_low, w_low)
    high = np.where(exact, cp_high, w_high)
    empty = n_ <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high), exact


def wilson(k: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for k successes in n trials."""
    low, high, _ = proportion_limits([k], [n], exact_below=0, confidence=confidence)
    return float(low[0]), float(high[0])


# --- differences of proportions ---------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """p1 - p2 with Newcombe's hybrid score interval and a two-sided test of no difference."""

    difference: float
    low: float
    high: float
    p_value: float
    test: Literal["fisher-exact", "two-proportion-z"]


def proportion_difference(
    k1: float, n1: float, k2: float, n2: float, *, exact_below: int = 10, confidence: float = 0.95
) -> Difference | None:
    """The gap between two proportions (METHODS.md §3.1 "difference of proportions").

    The interval is Newcombe's hybrid score (method 10), from each group's Wilson limits, so it
    is defined at 0 and 1. The test is the pooled two-proportion z-test, or Fisher's exact test
    where a count (successes or failures, either group) is below `exact_below` and the counts
    are whole. Weighted survey shares pass effective counts (k = share x n_eff, not whole): the
    z-test is used. None where either group has no one.
    """
    if n1 <= 0 or n2 <= 0:
        return None
    p1, p2 = k1 / n1, k2 / n2
    (l1, l2), (u1, u2) = (
        tuple(float(v) for v in limit)
        for limit in proportion_limits([k1, k2], [n1, n2], exact_below=0, confidence=confidence)[:2]
    )
    d = p1 - p2
    low = d - float(np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2))
    high = d + float(np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))
    whole = all(float(v).is_integer() for v in (k1, n1, k2, n2))
    if whole and min(k1, n1 - k1, k2, n2 - k2) < exact_below:
        table = np.array([[k1, n1 - k1], [k2, n2 - k2]], dtype=np.int64)
        return Difference(d, low, high, float(stats.fisher_exact(table).pvalue), "fisher-exact")
    pooled = (k1 + k2) / (n1 + n2)
    se = float(np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)))
    p = 1.0 if se == 0 else float(2 * special.ndtr(-abs(d) / se))
    return Difference(d, low, high, p, "two-proportion-z")
