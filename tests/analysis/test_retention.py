"""Leaving and promotion rates by group: proportions with intervals, not assessable when small."""

from __future__ import annotations

import math
from datetime import date

import pytest
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import proportion_confint

from parity.analysis.retention import NOT_ASSESSABLE, event_rates, retention_rates
from parity.analysis.rules import Rules
from tests import attacker


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


# --- every table at once, from the people in post and what happened to them ------------------

RANKS = ("constable", "sergeant", "inspector")
START, END = date(2024, 3, 31), date(2025, 3, 31)


def _people(spec: dict[tuple[str, str], int]) -> dict[str, tuple[str, str]]:
    """`spec[(group, rank)]` = people in post: pseudonyms such as "black-sergeant-3"."""
    return {f"{g}-{r}-{i}": (g, r) for (g, r), n in spec.items() for i in range(n)}


def _events(spec: dict[tuple[str, str], list[tuple[str, str, int]]]) -> list[tuple[str, str, str]]:
    """`spec[(group, rank)]` = [(kind, reason, how many)]: each kind's events go to the first people."""
    out = []
    for (g, r), happened in spec.items():
        taken: dict[str, int] = {}
        for kind, reason, n in happened:
            first = taken.get(kind, 0)
            out += [(f"{g}-{r}-{i}", kind, reason) for i in range(first, first + n)]
            taken[kind] = first + n
    return out


PEOPLE = {("white", "constable"): 100, ("white", "sergeant"): 40, ("black", "constable"): 30, ("black", "sergeant"): 10}
EVENTS = {
    ("white", "constable"): [("leaver", "resigned", 5), ("leaver", "retired", 5), ("promotion", "", 20)],
    ("white", "sergeant"): [("leaver", "retired", 5), ("promotion", "", 5)],
    ("black", "constable"): [("leaver", "resigned", 6)],
    ("black", "sergeant"): [("promotion", "", 5)],
}


def _katz(a: int, n1: int, c: int, n2: int) -> tuple[float, float, float]:
    ratio = (a / n1) / (c / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return ratio, ratio * math.exp(-1.959963984540054 * se), ratio * math.exp(1.959963984540054 * se)


def test_leaving_and_promotion_by_group_reason_and_rank_by_hand() -> None:
    result = retention_rates(
        _people(PEOPLE), _events(EVENTS), start=START, end=END, worker_type="officer", rank_order=RANKS
    )
    assert [t.event for t in result.tables] == [
        "left", "left: resigned", "left: retired", "left from constable", "left from sergeant",
        "promoted from constable", "promoted from sergeant",
    ]  # fmt: skip
    assert not any(g.suppressed for t in result.tables for g in t.groups)
    counts = {t.event: {g.code: (g.events, g.people) for g in t.groups} for t in result.tables}
    assert counts == {
        "left": {"black": (6, 40), "white": (15, 140)},
        "left: resigned": {"black": (6, 40), "white": (5, 140)},
        "left: retired": {"black": (0, 40), "white": (10, 140)},
        "left from constable": {"black": (6, 30), "white": (10, 100)},
        "left from sergeant": {"black": (0, 10), "white": (5, 40)},
        "promoted from constable": {"black": (0, 30), "white": (20, 100)},
        "promoted from sergeant": {"black": (5, 10), "white": (5, 40)},
    }
    black = result.leaving.group("black")
    assert black.rate == pytest.approx(0.15)
    ratio, low, high = _katz(6, 40, 15, 140)
    assert black.ratio == pytest.approx(1.4) == pytest.approx(ratio)
    assert (black.ratio_ci_low, black.ratio_ci_high) == pytest.approx((low, high))
    # 6 leavers is below 10: the exact (Clopper-Pearson) interval
    assert (black.ci_low, black.ci_high) == pytest.approx(proportion_confint(6, 40, method="beta"))
    white = result.leaving.group("white")  # 15 leavers: Wilson's interval
    assert (white.ci_low, white.ci_high) == pytest.approx(proportion_confint(15, 140, method="wilson"))
    sergeants = result.promotion[1].group("black")
    assert sergeants.rate == 0.5 and sergeants.ratio == pytest.approx(4.0)
    # nobody promoted: a rate of 0 with an exact interval up to 1 - 0.025^(1/30), and no ratio
    none = result.promotion[0].group("black")
    assert none.rate == 0 and none.ci_low == 0 and none.ci_high == pytest.approx(1 - 0.025 ** (1 / 30))
    assert none.ratio is None and none.assessable and any("not assessable" in w for w in none.warnings)
    assert result.by_reason[0].group("black").ratio == pytest.approx(4.2)  # resigned: (6/40) / (5/140)
    assert result.leaving_by_rank[0].group("black").ratio == pytest.approx(2.0)  # constables: 20% / 10%
    assert none.ci_high == pytest.approx(0.1157033)  # as the methodology page says
    assert result.by_reason[1].group("black").rate == 0  # nobody retired
    assert result.as_dict()["leaving_by_rank"][1]["groups"][0]["events"] == 0


def test_the_highest_rank_has_no_promotion_table_and_joiners_are_not_counted() -> None:
    people = _people({("white", "constable"): 20, ("white", "inspector"): 10})
    events = [("white-inspector-0", "promotion", ""), ("someone-who-joined", "leaver", "resigned")]
    result = retention_rates(people, events, start=START, end=END, worker_type="officer", rank_order=RANKS)
    assert [t.event for t in result.promotion] == ["promoted from constable"]
    assert result.leaving.group("white").events == 0 and not result.by_reason
    with pytest.raises(ValueError, match="neither"):
        retention_rates(people, [("white-constable-0", "transfer", "")], start=START, end=END, worker_type="officer")


def test_a_group_too_small_to_say_is_not_assessable_and_shown() -> None:
    rules = Rules(min_events_for_rate=10)
    people = _people({("white", "constable"): 100, ("mixed", "constable"): 6})
    result = retention_rates(
        people, _events({("white", "constable"): [("leaver", "resigned", 10)]}), start=START, end=END,
        worker_type="officer", rank_order=RANKS, rules=rules,
    )  # fmt: skip
    mixed = result.leaving.group("mixed")
    assert (mixed.events, mixed.people, mixed.rate, mixed.assessable) == (0, 6, None, False)
    assert NOT_ASSESSABLE in mixed.warnings


def test_a_small_group_in_one_rank_cannot_be_worked_out_from_the_others() -> None:
    """Two Black sergeants: shown per table, the force's 32 Black officers less its 30 Black
    constables would give them back. Protected together, nothing is recovered."""
    spec = {**PEOPLE, ("black", "sergeant"): 2, ("mixed", "constable"): 12}
    events = {**EVENTS, ("black", "sergeant"): [("leaver", "retired", 1), ("promotion", "", 1)]}
    result = retention_rates(_people(spec), _events(events), start=START, end=END, worker_type="officer",
                             rank_order=RANKS)  # fmt: skip
    sergeants = result.leaving_by_rank[1].group("black")
    assert sergeants.suppressed and sergeants.people is None and sergeants.rate is None
    published = attacker.retention_table(result.as_dict())
    assert published.hidden
    assert attacker.recovered(published, Rules().disclosure_threshold) == []
    # the same counts protected table by table (as before) give the two sergeants back
    raw = {"leaving": ("left", {"white": (15, 140), "black": (7, 32), "mixed": (0, 12)})}
    alone = {
        "leaving": event_rates(*raw["leaving"]).as_dict(),
        "leaving_by_reason": [],
        "leaving_by_rank": [
            event_rates("left from constable", {"white": (10, 100), "black": (6, 30), "mixed": (0, 12)}).as_dict(),
            event_rates("left from sergeant", {"white": (5, 40), "black": (1, 2)}).as_dict(),
        ],
        "promotion": [],
    }
    assert (("people", "sergeant", "black"), 2) in attacker.recovered(
        attacker.retention_table(alone), Rules().disclosure_threshold
    )
