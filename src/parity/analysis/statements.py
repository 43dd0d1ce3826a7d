"""Plain-English sentences for figures, and the display rounding rule.

Figures are kept unrounded in every result; rounding happens only here, for words. Rates and
ratios are shown to one decimal place, ratios computed from unrounded rates (METHODS.md:
West Midlands 2021/22 published 24.2 and 5.1 per 1,000 and "4.8 times", though 24.2/5.1
would round to 4.7).
"""

from __future__ import annotations

from parity.analysis.groups import Basis


def one_dp(value: float) -> str:
    """One decimal place, rounding half away from zero as published tables do."""
    scaled = abs(value) * 10
    whole = int(scaled + 0.5 + 1e-9)
    sign = "-" if value < 0 and whole else ""
    return f"{sign}{whole // 10:,}.{whole % 10}"


def percent(share: float) -> str:
    return f"{one_dp(100 * share)}%"


def count(value: int) -> str:
    return f"{value:,}"


def people(label: str, basis: Basis = "self-defined") -> str:
    """How a group is named in a sentence: "Black people", "people the officer saw as Black"."""
    if basis == "officer-defined":
        return f"people the officer saw as {label}"
    if label in {"Black", "White", "Asian"}:
        return f"{label} people"
    if label == "Mixed":
        return "people of Mixed ethnicity"
    if label == "Other":
        return "people of other ethnic groups"
    return f"people in the {label} group"


def ratio_statement(
    *,
    group: str,
    reference: str,
    ratio: float,
    low: float | None,
    high: float | None,
    rate: float,
    reference_rate: float,
    confidence: float,
    unreliable: bool,
    basis: Basis = "self-defined",
    what: str = "searched",
) -> str:
    """ "Black people were searched at 7.6 times the rate of White people (95% interval ...)"."""
    g, r = people(group, basis), people(reference, basis)
    interval = ""
    if low is not None and high is not None:
        top = "no upper limit" if high == float("inf") else one_dp(high)
        interval = f" ({confidence:.0%} interval {one_dp(low)} to {top})"
    if ratio == 0:
        head = f"No {g} were {what} in this period, against {one_dp(reference_rate)} per 1,000 {r}{interval}."
    else:
        relation = "the same rate as" if one_dp(ratio) == "1.0" else "the rate of"
        lower = " (a lower rate)" if ratio < 1 and one_dp(ratio) != "1.0" else ""
        head = (
            f"{g[0].upper()}{g[1:]} were {what} at {one_dp(ratio)} times {relation} {r}{lower}{interval}: "
            f"{one_dp(rate)} per 1,000 residents against {one_dp(reference_rate)}."
        )
    notes = []
    if low is not None and high is not None and low <= 1 <= high:
        notes.append("The interval includes 1, so the data are consistent with no difference.")
    if unreliable:
        notes.append("It rests on few searches, so treat it with caution.")
    return " ".join([head, *notes])


def proportion_statement(
    *, group: str, what: str, share: float, low: float | None, high: float | None, confidence: float, basis: Basis
) -> str:
    """ "14.2% of searches of Black people ended in arrest (95% interval 12.0% to 16.7%)"."""
    interval = (
        f" ({confidence:.0%} interval {percent(low)} to {percent(high)})"
        if low is not None and high is not None
        else ""
    )
    return f"{percent(share)} of searches of {people(group, basis)} {what}{interval}."
