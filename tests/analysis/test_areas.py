"""Searches binned into areas: small counts hidden, and none recoverable from the total."""

from __future__ import annotations

import pytest

from parity.analysis.areas import area_counts
from parity.analysis.protection import Line, narrow_cells

AREAS = [("E1", "Alpha"), ("E2", "Beta"), ("E3", "Gamma")]


def test_counts_from_1_to_below_the_threshold_are_hidden_and_one_more_with_them() -> None:
    found = area_counts(AREAS, {"E1": 120, "E2": 3, "E3": 40}, elsewhere=9, unlocated=0, threshold=5)
    by_code = {r.code: r.searches for r in found.rows}
    assert by_code["E2"] is None  # 3 people: too few to show
    hidden = [r for r in found.rows if r.suppressed]
    assert len(hidden) == 2  # with the total shown, one hidden count alone would be worked out
    assert found.total == 172
    assert by_code["unlocated"] == 0  # zero discloses no one
    assert all(r.share is None for r in hidden)


def test_no_hidden_count_can_be_narrowed_to_a_small_number() -> None:
    counts = {"E1": 7, "E2": 1, "E3": 2}
    found = area_counts(AREAS, counts, elsewhere=4, unlocated=30, threshold=5)
    values = [7, 1, 2, 4, 30, 44]
    hidden = [r.suppressed for r in found.rows] + [found.total is None]
    assert narrow_cells(values, [Line(5, (0, 1, 2, 3, 4))], hidden, 5) == []


def test_a_total_too_small_to_show_hides_everything() -> None:
    found = area_counts(AREAS, {"E1": 2}, elsewhere=0, unlocated=1, threshold=5)
    assert found.total is None
    assert all(r.searches is None for r in found.rows)


def test_shares_are_of_the_total_and_rows_keep_their_order() -> None:
    found = area_counts(AREAS, {"E1": 50, "E3": 50}, elsewhere=0, unlocated=0, threshold=5)
    assert [r.name for r in found.areas] == ["Alpha", "Beta", "Gamma"]
    assert [r.share for r in found.areas] == [0.5, 0.0, 0.5]
    assert not found.any_hidden


def test_a_count_for_an_area_not_in_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="not in the table"):
        area_counts(AREAS, {"W9": 10}, elsewhere=0, unlocated=0, threshold=5)
