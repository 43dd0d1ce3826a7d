"""The sum of published tables (England and Wales from the forces held) cannot give back a count
a force's own table hides: the sum hides that group too, and hides more so its own totals
cannot give it back."""

from __future__ import annotations

from parity.analysis.groups import scheme
from parity.analysis.rates import RateInput, build_sum_table
from parity.analysis.results import Context

CONTEXT = Context(
    "england-and-wales", "England and Wales", "2020-04-01", "2021-03-31", "2020/21", 2021, "self-defined", "5+1"
)
COUNTS: dict[tuple[str | None, str | None], int] = {
    ("asian", None): 300,
    ("black", None): 200,
    ("mixed", None): 40,
    ("white", None): 3000,
    ("other", None): 30,
}
PEOPLE = {"asian": 60_000, "black": 20_000, "mixed": 15_000, "white": 900_000, "other": 8_000, "all": 1_003_000}
ITEM = RateInput(CONTEXT, scheme("self-defined", "5+1"), "White", COUNTS, PEOPLE)


def test_nothing_hidden_in_the_parts_hides_nothing() -> None:
    table = build_sum_table(ITEM, {})
    assert not any(g.suppressed for g in table.groups)
    assert table.group("Black").searches == 200 and table.total.searches == 3570


def test_a_group_one_force_hides_is_hidden_in_the_sum_and_one_more_beside_it() -> None:
    table = build_sum_table(ITEM, {"mixed": [3]})
    hidden = {g.code for g in table.groups if g.suppressed}
    assert "mixed" in hidden and len(hidden) >= 2  # else the sum's total less the others gives it back
    assert table.group("Mixed").searches is None and table.group("Mixed").rate_per_1000 is None


def test_hidden_counts_of_several_forces_that_add_up_to_enough_stay_shown() -> None:
    assert not build_sum_table(ITEM, {"other": [3, 4]}).group("Other").suppressed  # 7: not small
    assert build_sum_table(ITEM, {"other": [1, 2]}).group("Other").suppressed  # 3: small
