"""The stage table (METHODS.md §4) on the vectors of METHODS.md: telescoping (T5), direction of
advantage, small counts, zeros, the §3.1 interval vectors, the §4.4 flag rule, pooled indices."""

from __future__ import annotations

from fractions import Fraction

import pytest
from statsmodels.stats.contingency_tables import StratifiedTable

from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.analysis.stages import (
    FLAGGED,
    NOT_ASSESSABLE,
    NOT_FLAGGED,
    Stage,
    StageInput,
    StageSpec,
    population_index,
    stage_indices,
    stage_table,
)

CONTEXT = Context("kent", "Kent", "2019-04-01", "2020-03-31", "2019/20", 2011, "self-defined", "5+1")
PIPELINE = (
    StageSpec("search", "Stop and search"),
    StageSpec("arrest", "Arrest"),
    StageSpec("charge", "Charge or summons"),
)


def _two(counts: dict[str, tuple[int, int]], population: tuple[int, int], stages=PIPELINE, **kw) -> StageInput:  # type: ignore[no-untyped-def]
    """Black against White: stage -> (Black, White)."""
    return StageInput(
        CONTEXT,
        {"black": population[0], "white": population[1]},
        stages,
        {(s, g): n for s, pair in counts.items() for g, n in zip(("black", "white"), pair, strict=True)},
        groups=("white", "black"),
        **kw,
    )


def test_the_indices_telescope_exactly_to_the_index_over_the_population() -> None:
    item = _two({"search": (3973, 9713), "arrest": (611, 1217), "charge": (287, 530)}, (164174, 1904510))
    table = stage_table(item)
    (check,) = table.telescoping
    assert check.holds is True
    assert check.product == check.cumulative
    stages = [
        Stage(s, {"black": n[0], "white": n[1]})
        for s, n in (("search", (3973, 9713)), ("arrest", (611, 1217)), ("charge", (287, 530)))
    ]
    exact = stage_indices({"black": 164174, "white": 1904510}, stages, group="black", reference="white")
    product = exact[0].index * exact[1].index * exact[2].index
    assert product == population_index(
        {"black": 164174, "white": 1904510}, stages[-1], group="black", reference="white"
    )
    assert product == Fraction(287 * 1904510, 164174 * 530)
    assert [table.row(s).cell("black").index for s in ("search", "arrest", "charge")] == pytest.approx(
        [float(e.index) for e in exact]
    )


def test_the_check_follows_each_stage_back_to_the_population() -> None:
    stages = (
        StageSpec("search", "Stop and search"),
        StageSpec("arrest", "Arrest", over="population"),
        StageSpec("charge", "Charge"),
    )
    table = stage_table(
        _two({"search": (500, 2000), "arrest": (400, 4000), "charge": (150, 1000)}, (20000, 400000), stages)
    )
    (check,) = table.telescoping
    assert check.chain == ("arrest", "charge") and check.holds is True
    withheld = stage_table(
        _two({"search": (500, 2000), "arrest": (400, 4000), "charge": (3, 1000)}, (20000, 400000), stages)
    )
    assert withheld.telescoping[0].holds is None


def test_the_interval_vectors_of_methods_3_1() -> None:
    # over residents: Poisson log-Wald; over a stage: Katz (same counts, same vector row)
    over_people = stage_table(_two({"search": (500, 2000)}, (20000, 400000), PIPELINE[:1])).row("search").cell("black")
    assert over_people.index == pytest.approx(5.0)
    assert over_people.method == "poisson-log-wald"
    assert (round(over_people.ci_low or 0, 4), round(over_people.ci_high or 0, 4)) == (4.5333, 5.5148)
    stages = (StageSpec("search", "Stop and search"), StageSpec("arrest", "Arrest"))
    katz = (
        stage_table(_two({"search": (20000, 400000), "arrest": (500, 2000)}, (10**6, 10**7), stages))
        .row("arrest")
        .cell("black")
    )
    assert katz.method == "katz-log"
    assert (round(katz.ci_low or 0, 4), round(katz.ci_high or 0, 4)) == (4.5379, 5.5091)
    assert katz.per_100 == 500
    assert katz.statement == "For every 100 White people, 500 Black people."


def test_small_counts_use_the_exact_interval_and_are_not_assessable() -> None:
    cell = stage_table(_two({"search": (12, 9)}, (1000, 20000), PIPELINE[:1])).row("search").cell("black")
    assert cell.method == "exact-conditional"  # the White count is below 10
    cell = stage_table(_two({"search": (6, 10)}, (1000, 20000), PIPELINE[:1])).row("search").cell("black")
    assert cell.assessment == NOT_ASSESSABLE
    assert cell.index == pytest.approx(12.0)
    assert "fewer than 10" in cell.reason


def test_zeros_give_zero_with_the_exact_upper_limit_or_no_index() -> None:
    zero = stage_table(_two({"search": (0, 10)}, (1000, 20000), PIPELINE[:1])).row("search").cell("black")
    assert (zero.index, zero.ci_low, round(zero.ci_high or 0, 4)) == (0.0, 0.0, 8.9225)
    assert zero.assessment == NOT_ASSESSABLE
    none = stage_table(_two({"search": (40, 0)}, (1000, 20000), PIPELINE[:1])).row("search").cell("black")
    assert none.index is None and none.assessment == NOT_ASSESSABLE and "White" in none.reason
    empty = (
        stage_table(_two({"search": (0, 40), "arrest": (0, 10)}, (1000, 20000), PIPELINE[:2]))
        .row("arrest")
        .cell("black")
    )
    assert empty.index is None and "stage before" in empty.reason


def test_small_counts_are_hidden_with_the_next_stage_over_them() -> None:
    table = stage_table(_two({"search": (3, 400), "arrest": (2, 100)}, (1000, 20000), PIPELINE[:2]), Rules())
    for stage in ("search", "arrest"):
        cell = table.row(stage).cell("black")
        assert cell.suppressed and cell.count is None and cell.index is None and cell.per_100 is None


def test_direction_of_advantage_and_the_flag_rule() -> None:
    stages = (StageSpec("arrest", "Arrest"), StageSpec("ooc", "Out-of-court disposal", favourable=True))
    fewer = stage_table(_two({"arrest": (2000, 20000), "ooc": (200, 4000)}, (20000, 400000), stages))
    arrest, ooc = fewer.row("arrest").cell("black"), fewer.row("ooc").cell("black")
    assert (arrest.direction, arrest.assessment) == ("adverse", FLAGGED)
    assert ooc.index == pytest.approx(0.5)
    assert (ooc.direction, ooc.assessment) == ("adverse", FLAGGED)  # less often given the favourable outcome
    more = (
        stage_table(_two({"arrest": (2000, 20000), "ooc": (800, 4000)}, (20000, 400000), stages))
        .row("ooc")
        .cell("black")
    )
    assert (more.direction, more.assessment) == ("favourable", NOT_FLAGGED)
    # within the 4/5ths band: not flagged however narrow the interval
    band = stage_table(_two({"arrest": (24000, 200000)}, (200000, 2000000), stages[:1])).row("arrest").cell("black")
    assert band.ci_low is not None and band.ci_low > 1 and band.assessment == NOT_FLAGGED


def test_a_group_under_one_percent_of_the_base_is_not_assessable() -> None:
    table = stage_table(_two({"search": (200, 2000)}, (3000, 400000), PIPELINE[:1]))
    cell = table.row("search").cell("black")
    assert cell.index is not None and cell.index > 1.25 and cell.assessment == NOT_ASSESSABLE
    assert "1%" in cell.reason


def test_the_pooled_index_over_offence_groups_is_mantel_haenszel() -> None:
    stages = (StageSpec("arrest", "Arrest"), StageSpec("charge", "Charge"))
    strata = {
        ("arrest", "drugs", "black"): 400, ("arrest", "drugs", "white"): 1000,
        ("arrest", "violence", "black"): 200, ("arrest", "violence", "white"): 3000,
        ("charge", "drugs", "black"): 120, ("charge", "drugs", "white"): 250,
        ("charge", "violence", "black"): 90, ("charge", "violence", "white"): 1200,
    }  # fmt: skip
    counts = {"arrest": (600, 4000), "charge": (210, 1450)}
    cell = stage_table(_two(counts, (20000, 400000), stages, strata=strata)).row("charge").cell("black")
    tables = [[[120, 400 - 120], [250, 1000 - 250]], [[90, 200 - 90], [1200, 3000 - 1200]]]
    expected = StratifiedTable(tables).riskratio_pooled
    assert cell.pooled is not None and cell.pooled.strata == 2
    assert cell.pooled.index == pytest.approx(expected)
    assert cell.pooled.ci_low < cell.pooled.index < cell.pooled.ci_high  # type: ignore[operator]
    # crude 1.006 hides the within-offence 1.2: the pooled index is the one that compares like with like
    assert cell.index == pytest.approx((210 / 600) / (1450 / 4000))


def test_out_of_court_disposal_against_charge_children_apart() -> None:
    from parity.analysis.stages import disposal_split

    counts = {
        ("children", "white", "charge"): 100, ("children", "white", "out_of_court"): 300,
        ("children", "black", "charge"): 60, ("children", "black", "out_of_court"): 40,
        ("adults", "white", "charge"): 3000, ("adults", "white", "out_of_court"): 1000,
        ("adults", "black", "charge"): 600, ("adults", "black", "out_of_court"): 200,
    }  # fmt: skip
    split = disposal_split(CONTEXT, counts)
    children, adults = (dict(split.ages)[k].rows[0].cell("black") for k in ("children", "adults"))
    assert children.index == pytest.approx((40 / 100) / (300 / 400))
    assert children.method == "katz-log"
    assert (children.direction, children.assessment) == ("adverse", FLAGGED)
    assert adults.index == pytest.approx(1.0) and adults.assessment == NOT_FLAGGED
    assert [a["age"] for a in split.as_dict()["ages"]] == ["children", "adults"]
