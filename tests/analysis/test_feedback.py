"""Receipt feedback by ethnic group (parity.analysis.feedback): shares of those who answered,
Wilson intervals, and small numbers protected together with their totals and complements."""

from __future__ import annotations

import pytest

from parity.analysis import intervals
from parity.analysis.feedback import Response, feedback_by_group
from parity.analysis.rules import Rules


def many(
    code: str | None, n: int, *, respect: bool | None = True, told: bool | None = True, satisfied: bool | None = True
) -> list[Response]:
    return [Response(code, respect, told, satisfied) for _ in range(n)]


def test_shares_are_of_those_who_answered_with_wilson_intervals() -> None:
    responses = many("B1", 30, satisfied=True) + many("B2", 10, satisfied=False) + many("B9", 5, satisfied=None)
    responses += many("W1", 50, satisfied=True) + many("W9", 50, satisfied=False)
    result = feedback_by_group(responses)
    black = result.group("black").measure("satisfied")
    assert (black.count, black.denominator) == (30, 40) and black.share == pytest.approx(0.75)
    assert (black.ci_low, black.ci_high) == pytest.approx(intervals.wilson(30, 40))
    assert black.method == "wilson"
    assert result.group("black").responses == 45, "a response counts even if this question was skipped"
    assert result.total.measure("satisfied").denominator == 140


def test_an_exact_interval_is_used_for_small_counts() -> None:
    result = feedback_by_group(many("W1", 25, satisfied=True) + many("W1", 6, satisfied=False))
    white = result.group("white").measure("satisfied")
    assert white.method == "clopper-pearson" and white.unreliable is False


def test_a_small_group_is_hidden_and_a_second_cell_with_it() -> None:
    responses = many("B1", 20) + many("W1", 20) + many("A1", 2) + many(None, 10)
    result = feedback_by_group(responses)
    asian = result.group("asian")
    assert asian.responses is None and asian.suppressed
    assert all(p.suppressed and p.share is None for _, p in asian.measures)
    hidden_elsewhere = [g.group for g in result.groups if g.group != "asian" and g.suppressed]
    assert hidden_elsewhere, "the total would give the two Asian responses back unless another row is hidden"
    assert result.total.responses == 52


def test_a_complement_that_would_reveal_a_small_count_hides_the_share() -> None:
    responses = (
        many("W1", 40, satisfied=True)
        + many("W1", 2, satisfied=False)
        + many("B1", 40)
        + many("B1", 9, satisfied=False)
    )
    result = feedback_by_group(responses)
    white = result.group("white").measure("satisfied")
    assert white.suppressed and white.share is None, "40 of 42 satisfied reveals that 2 were not"


def test_unrecognised_and_not_stated_codes_count_as_not_stated() -> None:
    result = feedback_by_group(many("NS", 6) + many("ZZ", 6) + many(None, 6))
    assert result.group("not_stated").responses == 18


def test_few_answers_are_marked_unreliable() -> None:
    result = feedback_by_group(many("W1", 12), rules=Rules(unreliable_below=20))
    assert result.group("white").measure("respect").unreliable


def test_the_result_says_who_answered() -> None:
    result = feedback_by_group([])
    body = result.as_dict()
    assert body["analysis"] == "receipt-feedback-by-ethnicity" and "chose to answer" in body["caveat"]
    assert result.total.responses == 0 and result.total.measure("satisfied").share is None
