"""Display rounding and plain-English statements."""

from __future__ import annotations

import pytest

from parity.analysis import statements


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (4.745, "4.7"),
        (4.75, "4.8"),
        (4.7847, "4.8"),
        (0.05, "0.1"),
        (24.216, "24.2"),
        (1234.56, "1,234.6"),
        (-2.25, "-2.3"),
    ],
)
def test_one_decimal_place_rounds_half_away_from_zero(value: float, shown: str) -> None:
    assert statements.one_dp(value) == shown


def test_a_ratio_statement_names_groups_interval_and_rates() -> None:
    text = statements.ratio_statement(
        group="Black",
        reference="White",
        ratio=7.554,
        low=6.998,
        high=8.155,
        rate=24.577,
        reference_rate=3.253,
        confidence=0.95,
        unreliable=False,
    )
    assert text.startswith("Black people were searched at 7.6 times the rate of White people (95% interval 7.0 to 8.2)")
    assert "24.6 per 1,000" in text and "3.3" in text
    assert "consistent with no difference" not in text


def test_a_ratio_below_one_and_an_interval_spanning_one_are_said_plainly() -> None:
    text = statements.ratio_statement(
        group="Asian",
        reference="White",
        ratio=0.62,
        low=0.4,
        high=1.1,
        rate=2.0,
        reference_rate=3.2,
        confidence=0.95,
        unreliable=True,
    )
    assert "(a lower rate)" in text
    assert "consistent with no difference" in text and "caution" in text


def test_officer_defined_groups_are_named_as_perceived() -> None:
    assert statements.people("Black", "officer-defined") == "people the officer saw as Black"
