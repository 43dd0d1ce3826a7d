"""Victims' measures by ethnic group against hand-computed values: small counts, zeros,
weights, "not assessable", and the gap to White victims with its test."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from parity.analysis.intervals import proportion_difference
from parity.analysis.rules import Rules
from parity.analysis.victims import VictimCase, victim_measures

DAY = date(2024, 1, 1)
AS_AT = date(2024, 6, 30)
QUESTIONS = (("whole_experience", "The whole experience"),)
STRANDS = ("race", "religion", "disability")


def case(
    group: str,
    *,
    due: date | None = None,
    made: date | None = None,
    outcome: str = "open",
    notified: date | None = None,
    strand: str = "",
    satisfied: bool | None = None,
    weight: float | None = None,
) -> VictimCase:
    return VictimCase(
        group=group,
        reported=DAY,
        first_update_due=due,
        first_update_made=made,
        outcome_class=outcome,
        outcome_date=None if outcome == "open" else DAY + timedelta(days=30),
        outcome_notified=notified,
        hate_strand=strand,
        answers={"whole_experience": satisfied},
        weight=weight,
    )


def measures(cases: list[VictimCase]):  # type: ignore[no-untyped-def]
    return victim_measures(cases, as_at=AS_AT, questions=QUESTIONS, strands=STRANDS, rules=Rules())


DUE = DAY + timedelta(days=7)


def kept_informed() -> list[VictimCase]:
    white = (
        [case("white", due=DUE, made=DUE) for _ in range(14)]
        + [case("white", due=DUE, made=DAY + timedelta(days=2))]  # early is on time: 15 on time
        + [case("white", due=DUE, made=DUE + timedelta(days=1))]  # a day late
        + [case("white", due=DUE) for _ in range(4)]  # never
    )
    black = [case("black", due=DUE, made=DUE) for _ in range(6)] + [case("black", due=DUE) for _ in range(6)]
    mixed = [case("mixed", due=DUE, made=DUE) for _ in range(7)]
    not_yet = [case("other", due=AS_AT + timedelta(days=1))]  # not due by the as-at date: not counted
    return white + black + mixed + not_yet


def test_kept_informed_on_time_with_its_gap_to_white() -> None:
    result = measures(kept_informed()).measure("kept_informed_on_time")
    white, black = result.group("white"), result.group("black")
    assert (white.share.count, white.share.denominator, white.share.share) == (15, 20, 0.75)
    assert (black.share.count, black.share.denominator, black.share.share) == (6, 12, 0.5)
    # 5 White victims not on time: below 10, so the exact (Clopper-Pearson) interval
    assert white.share.method == "clopper-pearson"
    assert (white.share.ci_low, white.share.ci_high) == pytest.approx(proportion_confint(15, 20, method="beta"))
    gap = black.gap
    assert gap is not None and gap.difference == pytest.approx(-0.25)
    assert (gap.ci_low, gap.ci_high) == pytest.approx(
        confint_proportions_2indep(6, 12, 15, 20, method="newcomb", compare="diff")
    )
    # a count below 10: Fisher's exact test, not the z-test
    assert gap.test == "fisher-exact"
    assert gap.p_value == pytest.approx(stats.fisher_exact(np.array([[6, 6], [15, 5]])).pvalue)
    assert not gap.significant
    # seven Mixed victims: shown, but fewer than 10, so not assessable: no share, no gap
    mixed = result.group("mixed")
    assert (mixed.share.count, mixed.share.denominator, mixed.assessable, mixed.share.share, mixed.gap) == (
        7,
        7,
        False,
        None,
        None,
    )
    # nobody Other was due an update by the as-at date
    assert result.group("other").share.denominator == 0 and result.group("other").share.share is None
    assert (result.total.share.count, result.total.share.denominator) == (28, 39)


def test_a_small_count_is_hidden_with_enough_others_that_totals_cannot_reveal_it() -> None:
    asian = [case("asian", due=DUE, made=DUE) for _ in range(2)] + [case("asian", due=DUE) for _ in range(2)]
    result = measures(kept_informed() + asian).measure("kept_informed_on_time")
    assert result.group("asian").share.suppressed and result.group("asian").share.denominator is None
    hidden = [row.group for row in (*result.groups, result.total) if row.share.suppressed]
    assert len(hidden) >= 2  # never one hidden row beside a shown total


def test_told_the_outcome_including_when_nothing_further_can_be_done_and_a_zero() -> None:
    told = DAY + timedelta(days=31)
    cases = (
        [case("white", outcome="nothing_further") for _ in range(10)]  # none told: a zero
        + [case("white", outcome="charged", notified=told) for _ in range(10)]
        + [case("black", outcome="nothing_further", notified=told) for _ in range(10)]
        + [case("black", outcome="nothing_further") for _ in range(10)]
        + [case("black") for _ in range(7)]  # open: no outcome to tell
    )
    result = measures(cases)
    nfa = result.measure("told_nothing_further")
    white = nfa.group("white")
    assert (white.share.count, white.share.denominator, white.share.share) == (0, 10, 0.0)
    assert white.share.ci_low == 0.0
    assert white.share.ci_high == pytest.approx(1 - 0.025 ** (1 / 10))  # exact upper limit at zero: 0.3085
    black = nfa.group("black")
    assert (black.share.count, black.share.denominator) == (10, 20)
    assert black.gap is not None and black.gap.difference == pytest.approx(0.5)
    assert black.gap.p_value == pytest.approx(stats.fisher_exact(np.array([[10, 10], [0, 10]])).pvalue)
    told_any = result.measure("told_outcome")
    assert (told_any.group("white").share.count, told_any.group("white").share.denominator) == (10, 20)
    assert (told_any.group("black").share.count, told_any.group("black").share.denominator) == (10, 20)
    assert told_any.group("black").gap is not None and told_any.group("black").gap.difference == 0.0


def test_a_large_gap_uses_the_z_test() -> None:
    gap = proportion_difference(30, 100, 50, 100)
    assert gap is not None and gap.test == "two-proportion-z"
    pooled = 80 / 200
    z = -0.2 / (pooled * (1 - pooled) * (2 / 100)) ** 0.5  # -2.8868
    assert gap.p_value == pytest.approx(2 * stats.norm.cdf(z))
    assert gap.p_value == pytest.approx(0.0038924, abs=1e-7)


def test_days_to_first_update_median_interval_and_gap() -> None:
    white = [case("white", made=DAY + timedelta(days=d)) for d in range(1, 11)]  # 1..10 days
    black = [case("black", made=DAY + timedelta(days=3)) for _ in range(12)]
    few = [case("asian", made=DAY + timedelta(days=9)) for _ in range(6)]
    result = measures(white + black + few)
    w = result.days("white")
    # n = 10: median 5.5; r = 2 from Binomial(10, 1/2), so the interval is the 2nd and 9th waits
    assert (w.victims, w.median, w.ci_low, w.ci_high, w.gap_days) == (10, 5.5, 2.0, 9.0, None)
    b = result.days("black")
    assert (b.median, b.gap_days) == (3.0, -2.5)
    assert b.p_value == pytest.approx(stats.mannwhitneyu([3] * 12, list(range(1, 11)), alternative="two-sided").pvalue)
    a = result.days("asian")
    assert (a.victims, a.median, a.assessable) == (6, None, False)


def test_satisfaction_weighted_uses_the_effective_sample_size() -> None:
    # 30 satisfied with weight 1 and 30 dissatisfied with weight 3: weighted share 30/120 = 0.25,
    # Kish n_eff = 120^2 / (30 + 30 * 9) = 48
    white = [case("white", satisfied=True, weight=1.0) for _ in range(30)] + [
        case("white", satisfied=False, weight=3.0) for _ in range(30)
    ]
    black = [case("black", satisfied=True, weight=1.0) for _ in range(40)] + [
        case("black", satisfied=False, weight=1.0) for _ in range(10)
    ]
    few = [case("mixed", satisfied=True, weight=1.0) for _ in range(20)]
    result = measures(white + black + few).measure("whole_experience")
    assert result.weighted
    w = result.group("white")
    assert (w.share.count, w.share.denominator, w.share.share) == (30, 60, 0.25)
    assert w.share.method == "wilson-effective-sample"
    assert (w.share.ci_low, w.share.ci_high) == pytest.approx(proportion_confint(12, 48, method="wilson"))
    b = result.group("black")
    assert b.share.share == 0.8 and b.gap is not None
    assert b.gap.difference == pytest.approx(0.55)
    assert b.gap.test == "two-proportion-z"  # effective counts are not whole: no exact test
    assert (b.gap.ci_low, b.gap.ci_high) == pytest.approx(
        confint_proportions_2indep(40, 50, 12, 48, method="newcomb", compare="diff")
    )
    # fewer than 50 respondents: not assessable, as the survey's own rule
    assert result.group("mixed").assessable is False and result.group("mixed").share.share is None


def test_hate_crime_by_strand_and_outcome_with_small_numbers_hidden() -> None:
    race = (
        [case("black", outcome="charged", strand="race") for _ in range(10)]
        + [case("black", outcome="out_of_court", strand="race") for _ in range(5)]
        + [case("asian", outcome="nothing_further", strand="race") for _ in range(5)]
        + [case("asian", strand="race") for _ in range(5)]
    )
    disability = [case("white", outcome="nothing_further", strand="disability") for _ in range(12)]
    rows = {r.strand: r for r in measures(race + disability).hate}
    assert rows["race"].crimes == 25
    assert dict(rows["race"].outcomes)["charged"] == 10 and dict(rows["race"].outcomes)["open"] == 5
    assert rows["race"].charged.share == 0.5 and rows["race"].charged.denominator == 20
    assert rows["religion"].crimes == 0 and rows["religion"].charged.denominator == 0
    # disability: 12 finalised, none charged: a zero is shown, never hidden for its own sake
    assert rows["disability"].charged.share == 0.0 and rows["disability"].charged.denominator == 12
    assert rows["all"].crimes == 37
    # two religious hate crimes: hidden, with whatever else would reveal them
    religion = [case("asian", outcome="nothing_further", strand="religion") for _ in range(2)]
    hidden = {r.strand: r for r in measures(race + disability + religion).hate}
    assert hidden["religion"].crimes is None and hidden["religion"].charged.suppressed
    assert dict(hidden["religion"].outcomes)["nothing_further"] is None
    assert dict(hidden["disability"].outcomes)["nothing_further"] is None  # else 2 = column total - 12
