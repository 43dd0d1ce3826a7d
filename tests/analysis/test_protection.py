"""Small-number protection: primary and secondary suppression leave nothing recoverable."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.analysis.protection import Cells, Line, Status, grid_lines, narrow_cells, suppress
from tests.attacker import Published, narrow, recovered


def _lone_hidden(values: list[int], lines: list[Line], status: np.ndarray) -> list[Line]:
    """Lines where exactly one member is hidden: total minus the rest would give it back."""
    return [ln for ln in lines if sum(bool(status[i]) for i in (ln.total, *ln.parts)) == 1]


def test_counts_from_one_to_four_are_hidden_and_zero_and_five_are_not() -> None:
    status = suppress([0, 1, 4, 5, 100], [], 5)
    assert status.tolist() == [Status.SHOWN, Status.PRIMARY, Status.PRIMARY, Status.SHOWN, Status.SHOWN]


def test_a_total_cannot_give_back_a_lone_small_count() -> None:
    # parts 3, 0, 100, 50 and their total 153: hiding only the 3 would leave 153 - 150 = 3
    status = suppress([3, 0, 100, 50, 153], [Line(4, (0, 1, 2, 3))], 5)
    assert status[0] == Status.PRIMARY
    assert status[3] == Status.SECONDARY  # the smallest non-zero part still shown
    assert status[1] == Status.SHOWN  # zero is never hidden: it discloses no one


def test_the_total_is_hidden_when_no_part_can_be() -> None:
    status = suppress([3, 0, 0, 3], [Line(3, (0, 1, 2))], 5)
    assert status.tolist() == [Status.PRIMARY, Status.SHOWN, Status.SHOWN, Status.PRIMARY]
    status = suppress([3, 0, 3], [Line(2, (0, 1))], 2)  # threshold 2: the 3s are shown
    assert not status.any()


def test_a_grid_with_margins_is_protected_in_both_directions() -> None:
    grid = [2, 10, 12, 7, 8, 15, 9, 18, 27]  # rows g1, g2, total; columns s1, s2, total
    status = suppress(grid, grid_lines(3, 3), 5).reshape(3, 3)
    assert status[0, 0] == Status.PRIMARY
    assert (status[:2, :2] > 0).all()  # the other three inner cells hidden to protect it
    assert not status[2].any() and not status[:, 2].any()  # the margins stay


def test_the_threshold_is_configurable() -> None:
    assert suppress([7], [], 10).tolist() == [Status.PRIMARY]
    assert suppress([7], [], 0).tolist() == [Status.SHOWN]


def test_lines_that_do_not_add_up_are_refused() -> None:
    with pytest.raises(ValueError, match="does not add up"):
        suppress([1, 2, 4], [Line(2, (0, 1))], 5)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda rows: st.integers(2, 6).flatmap(
            lambda cols: st.tuples(
                st.just(rows), st.just(cols), st.lists(st.integers(0, 30), min_size=rows * cols, max_size=rows * cols)
            )
        )
    ),
    st.integers(1, 10),
)
def test_no_line_of_any_grid_is_left_with_one_hidden_cell(shape: tuple[int, int, list[int]], threshold: int) -> None:
    rows, cols, inner = shape
    grid = np.array(inner).reshape(rows, cols)
    full = np.zeros((rows + 1, cols + 1), dtype=int)
    full[:rows, :cols] = grid
    full[:rows, cols] = grid.sum(axis=1)
    full[rows, :] = full[:rows, :].sum(axis=0)
    values = full.ravel().tolist()
    lines = grid_lines(rows + 1, cols + 1)
    status = suppress(values, lines, threshold)
    small = [i for i, v in enumerate(values) if 0 < v < threshold]
    assert all(status[i] for i in small)
    assert _lone_hidden(values, lines, status) == []
    assert not any(status[i] for i, v in enumerate(values) if v == 0)


def _published(values: list[int], lines: list[Line], status: np.ndarray) -> Published:
    """The table as a reader gets it: hidden counts blank, zeros never hidden."""
    table = Published("grid", zero_never_hidden=True)
    for i, v in enumerate(values):
        table.cell(i, None if status[i] else v)
    for line in lines:
        table.line(line.total, line.parts)
    return table


def _with_margins(inner: list[list[int]]) -> list[int]:
    grid = np.array(inner)
    full = np.zeros((grid.shape[0] + 1, grid.shape[1] + 1), dtype=int)
    full[:-1, :-1] = grid
    full[:-1, -1] = grid.sum(axis=1)
    full[-1, :] = full[:-1, :].sum(axis=0)
    return [int(v) for v in full.ravel()]


def test_two_small_counts_in_one_row_are_not_given_away_by_the_totals() -> None:
    # The row total less the shown 50 leaves 2 for two hidden counts; since a zero is never
    # hidden, each must be 1, unless more is hidden. The old rule (no line with a lone hidden
    # cell) stopped here.
    values = _with_margins([[1, 1, 50], [20, 30, 40]])
    lines = grid_lines(3, 4)
    status = suppress(values, lines, 5)
    attack = _published(values, lines, status)
    assert recovered(attack, 5) == []
    assert narrow(attack, 5) == []
    assert narrow_cells(values, lines, status > 0, 5) == []


def test_the_check_finds_what_the_attacker_finds() -> None:
    values = _with_margins([[1, 1, 50], [20, 30, 40]])
    lines = grid_lines(3, 4)
    hidden = np.zeros(len(values), dtype=bool)
    hidden[[0, 1, 4, 5]] = True  # the two 1s and the 20 and 30 below them: no line with one hidden
    attack = _published(values, lines, hidden.astype(np.int8))
    assert sorted(int(k) for k, _ in recovered(attack, 5)) == [0, 1]  # type: ignore[call-overload]
    assert narrow_cells(values, lines, hidden, 5) != []


@settings(max_examples=80, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda rows: st.integers(2, 5).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(0, 25), min_size=cols, max_size=cols), min_size=rows, max_size=rows
            )
        )
    ),
    st.integers(2, 6),
)
def test_every_hidden_count_of_any_grid_has_a_range_wider_than_the_threshold(
    inner: list[list[int]], threshold: int
) -> None:
    values = _with_margins(inner)
    lines = grid_lines(len(inner) + 1, len(inner[0]) + 1)
    status = suppress(values, lines, threshold)
    attack = _published(values, lines, status)
    assert narrow(attack, threshold) == []
    assert recovered(attack, threshold) == []


def test_named_cells_protect_complements() -> None:
    cells = Cells()
    cells.add("searched", 100)
    cells.add("arrested", 97)
    cells.add("not arrested", 3)
    cells.line("searched", ["arrested", "not arrested"])
    status = cells.protect(5)
    assert status["not arrested"] is Status.PRIMARY
    assert status["arrested"] is Status.SECONDARY  # else 100 - 97 gives the 3 back
    with pytest.raises(ValueError, match="added twice"):
        cells.add("searched", 1)


def test_cells_can_be_hidden_on_purpose_and_the_table_is_still_checked() -> None:
    """Across periods a count hidden in one month is hidden in every month: forcing it
    hides it (never a zero), and the other cells of its lines are hidden to cover it."""
    grid = [20, 30, 50, 0, 10, 10, 20, 40, 60]  # rows g1, g2, total; columns s1, s2, total
    status = suppress(grid, grid_lines(3, 3), 5, hidden=[True, False, False, True, False, False, False, False, False])
    assert status[0] == Status.SECONDARY and status[3] == Status.SHOWN  # the zero stays shown
    assert _lone_hidden(grid, grid_lines(3, 3), status) == []


def test_a_kept_answer_cannot_be_changed_by_whoever_got_it() -> None:
    """Answers are kept by content, so every period of a force shares one solve; each caller
    gets its own copy, and forgetting them gives the same answer again."""
    from parity.analysis.protection import forget

    values, lines = [3, 0, 100, 50, 153], [Line(4, (0, 1, 2, 3))]
    first = suppress(values, lines, 5)
    first[:] = Status.SHOWN
    kept = suppress(values, lines, 5)
    assert kept[0] == Status.PRIMARY and kept[3] == Status.SECONDARY
    forget()
    assert suppress(values, lines, 5).tolist() == kept.tolist()
