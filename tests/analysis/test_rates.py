"""Rate tables from counts: rates, ratios, intervals, protection and provenance.

The counts here are a small fictional force ("Borsetshire (fictional)"), built to exercise
small counts, zeros and suppression; real-data checks are in tests/powers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import pytest

from parity.analysis.groups import scheme
from parity.analysis.protection import Line
from parity.analysis.rates import Breakdown, RateInput, RateTable, build_rate_tables
from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.analysis.sensitivity import reallocate
from tests import attacker

CONTEXT = Context(
    "borsetshire", "Borsetshire (fictional)", "2019-04-01", "2020-03-31", "2019/20", 2011, "self-defined", "5+1"
)
POPULATIONS = {"asian": 20_000, "black": 1_000, "mixed": 8_000, "white": 20_000, "other": 3_000, "all": 52_000}
COUNTS = {"asian": 40, "black": 3, "mixed": 0, "white": 10, "other": 25, "not_stated": 30, None: 12}


def table(
    counts: Mapping[str | None, int] = COUNTS,
    rules: Rules | None = None,
    populations: Mapping[str, int] | None = POPULATIONS,
    **kwargs: object,
) -> RateTable:
    item = RateInput(
        context=CONTEXT,
        scheme=scheme(),
        reference=str(kwargs.pop("reference", "White")),
        counts={(g, None): n for g, n in counts.items()},
        populations=populations,
        **kwargs,  # type: ignore[arg-type]
    )
    return build_rate_tables([item], rules)[0]


OPEN = Rules(min_events_for_rate=0, disclosure_threshold=0)  # no protection: the arithmetic alone


def test_rates_and_ratios_come_from_unrounded_counts() -> None:
    t = table(rules=OPEN)
    asian, white = t.group("Asian"), t.group("White")
    assert asian.rate_per_1000 == 1000 * 40 / 20_000
    assert asian.ratio == pytest.approx((40 / 20_000) / (10 / 20_000))
    assert white.reference and white.ratio == 1.0
    assert t.total.searches == sum(COUNTS.values()) and t.total.population == 52_000


def test_t4_a_zero_count_gives_a_zero_ratio_with_the_exact_upper_limit() -> None:
    t = table({"black": 0, "white": 10}, rules=OPEN, populations={"black": 1_000, "white": 20_000, "all": 21_000})
    black = t.group("Black")
    assert black.ratio == 0 and black.ratio_ci_low == 0
    assert round(black.ratio_ci_high or 0, 4) == 8.9225 and black.ratio_method == "exact-conditional"


def test_small_counts_use_the_exact_conditional_interval() -> None:
    t = table({"black": 3, "white": 10}, rules=OPEN, populations={"black": 1_000, "white": 20_000, "all": 21_000})
    black = t.group("Black")
    assert (round(black.ratio_ci_low or 0, 4), round(black.ratio_ci_high or 0, 4)) == (1.0611, 23.3024)
    assert black.unreliable and round(black.p_value or 0, 4) == 0.0216


def test_default_rules_suppress_small_counts_inside_the_result() -> None:
    t = table()
    black = t.group("Black")  # 3 searches: primary suppression
    assert black.suppressed
    assert black.searches is None and black.rate_per_1000 is None and black.ratio is None
    assert black.sensitivity is None and black.share_of_stated is None
    assert "Not published" in black.warnings[0]
    data = json.loads(json.dumps(t.as_dict()))
    row = next(g for g in data["groups"] if g["group"] == "Black")
    assert row["searches"] is None and row["suppressed"] is True
    # a small count and a count hidden to protect it read the same: nothing says which is small
    hidden = [g for g in data["groups"] if g["suppressed"]]
    assert len(hidden) >= 2 and all("suppression" not in g for g in hidden)
    assert len({(g["statement"].split(":", 1)[1], tuple(g["warnings"])) for g in hidden}) == 1
    assert "3" not in json.dumps(row["warnings"])  # the number itself appears nowhere


def test_secondary_suppression_means_the_total_cannot_reveal_a_hidden_count() -> None:
    t = table()
    shown = [g.searches for g in t.groups if g.searches is not None]
    hidden = [g for g in t.groups if g.suppressed]
    assert len(hidden) >= 2 or any(e.suppressed for e in t.exclusions)
    excluded = [e.count for e in t.exclusions[:2]]
    # the total minus everything shown must not single out one hidden cell
    unknowns = sum(1 for g in t.groups if g.suppressed) + sum(1 for e in t.exclusions[:2] if e.suppressed)
    assert unknowns != 1
    assert t.total.searches == sum(COUNTS.values())
    assert sum(shown) + sum(c for c in excluded if c is not None) < t.total.searches


def test_zero_is_shown_but_no_rate_is_given_below_three_searches() -> None:
    mixed = table().group("Mixed")
    assert mixed.searches == 0 and not mixed.suppressed
    assert mixed.rate_per_1000 is None and mixed.ratio is None
    assert mixed.warnings == ("Fewer than 3 searches: no rate is given.",)


def test_rates_from_fewer_than_twenty_are_flagged_unreliable() -> None:
    t = table()
    white, asian = t.group("White"), t.group("Asian")  # 10 and 40 searches
    assert white.unreliable and "behind this rate" in white.warnings[0]
    assert asian.unreliable and asian.ratio is not None  # its ratio rests on the reference's 10
    assert any("reference group has fewer than 20" in w for w in asian.warnings)
    assert not table({"asian": 40, "white": 25}).group("Asian").unreliable


def test_no_ratio_when_the_reference_group_has_no_searches() -> None:
    t = table({"asian": 40, "white": 0, "not_stated": 5})
    asian = t.group("Asian")
    assert asian.rate_per_1000 is not None and asian.ratio is None
    assert any("no searches in the reference group" in w for w in asian.warnings)
    assert any("No searches are recorded for the reference group" in w for w in t.warnings)


def test_a_reason_for_no_rates_nulls_every_rate_and_keeps_counts() -> None:
    t = table(no_rate_reason="The area has no meaningful resident population (fictional).")
    assert all(g.rate_per_1000 is None and g.ratio is None for g in t.groups)
    assert t.group("Asian").searches == 40
    assert "no meaningful resident population" in t.warnings[0]


def test_the_json_contract() -> None:
    data = t = table().as_dict()
    assert list(t)[:7] == ["force", "force_name", "period", "census_year", "ethnicity", "classification", "filters"]
    for key in ("reference_group", "groups", "exclusions", "warnings"):
        assert key in data
    assert data["period"]["start"] == "2019-04-01" and data["period"]["end"] == "2020-03-31"
    assert data["ethnicity"] == "self-defined" and data["reference_group"] == "White"
    contract = {
        "group",
        "searches",
        "population",
        "rate_per_1000",
        "ratio",
        "ratio_ci_low",
        "ratio_ci_high",
        "suppressed",
        "warnings",
    }
    assert all(contract <= set(g) for g in data["groups"])
    assert all(set(e) >= {"reason", "count"} for e in data["exclusions"])
    assert [e["reason"] for e in data["exclusions"]][:2] == [
        "Ethnicity not stated",
        "Ethnicity not recorded (blank or not recognised)",
    ]


def test_sensitivity_bounds_bracket_the_ratio_and_parity_holds_at_q() -> None:
    t = table(rules=OPEN)
    asian = t.group("Asian")
    bounds = asian.sensitivity
    assert bounds is not None and bounds.unknown == 42
    low, high = bounds.ratio_if_unknown_all_reference, bounds.ratio_if_unknown_all_group
    assert low is not None and high is not None and low <= (asian.ratio or 0) <= high
    q = bounds.share_for_parity
    assert q is not None
    a, b, u, ng, nr = 40, 10, 42, 20_000, 20_000
    assert (a + q * u) / ng == pytest.approx((b + (1 - q) * u) / nr)


def test_proportional_reallocation_leaves_the_ratio_alone_when_unknowns_are_spread_evenly() -> None:
    strata: dict[tuple[str | None, str | None], int] = {
        ("asian", "drugs"): 20,
        ("white", "drugs"): 10,
        ("not_stated", "drugs"): 15,
        ("asian", "weapons"): 20,
        ("white", "weapons"): 10,
        ("not_stated", "weapons"): 15,
        (None, "x"): 12,
    }
    adjusted = reallocate(strata, known=["asian", "white"], unknown=["not_stated", None])
    assert adjusted["asian"] / adjusted["white"] == pytest.approx(40 / 20)
    t = table({"asian": 40, "white": 20, "not_stated": 30}, rules=OPEN, strata=strata)
    assert t.group("Asian").sensitivity is not None
    assert t.group("Asian").sensitivity.ratio_reallocated == pytest.approx(t.group("Asian").ratio)
    # the statement names what the unknowns are shared out within: the reason for the search
    statement = t.group("Asian").sensitivity.statement
    assert "within each reason for the search" in statement and "power" not in statement


def test_a_breakdown_adds_up_and_is_protected_across_sections() -> None:
    counts = {
        ("asian", "drugs"): 30,
        ("asian", "weapons"): 10,
        ("white", "drugs"): 8,
        ("white", "weapons"): 2,
        ("black", "drugs"): 3,
        ("not_stated", "drugs"): 20,
        ("not_stated", "weapons"): 10,
        (None, None): 12,
    }
    item = RateInput(
        context=CONTEXT,
        scheme=scheme(),
        reference="White",
        counts=counts,
        populations=POPULATIONS,
        breakdown=Breakdown("object", "Object", (("drugs", "Drugs"), ("weapons", "Weapons"), (None, "Not recorded"))),
    )
    t = build_rate_tables([item])[0]
    assert [s.key for s in t.sections] == ["drugs", "weapons", None]
    drugs, weapons = t.section("drugs"), t.section("weapons")
    assert weapons.groups[3].suppressed  # White 2 in weapons
    assert drugs.groups[3].suppressed  # else White's total, 10, less 8 gives the 2
    assert t.group("Asian").suppressed  # to protect Black 3 in the overall column
    assert t.total.searches == sum(counts.values())
    for s in t.sections:  # within every section, never one hidden cell alone
        hidden = sum(g.suppressed for g in s.groups) + sum(e.suppressed for e in s.exclusions)
        assert hidden != 1
    for row in range(5):  # nor across the sections of any group
        assert sum(s.groups[row].suppressed for s in t.sections) + t.groups[row].suppressed != 1
    published = attacker.rate_table(json.loads(json.dumps(t.as_dict())))
    assert attacker.recovered(published, 5) == [] and attacker.narrow(published, 5) == []


def test_detailed_groups_name_roma_missing_from_the_2011_census() -> None:
    pops = {"W1": 18_000, "W2": 1_000, "W3": 500, "W9": 500, "B1": 600, "B2": 400, "all": 21_000}
    item = RateInput(
        context=CONTEXT,
        scheme=scheme("self-defined", "detailed"),
        reference="White",
        counts={("W1", None): 90, ("W4", None): 6, ("B1", None): 12, ("B2", None): 9, ("NS", None): 7},
        populations=pops,
        missing_population_reasons={"W4": "Roma was not a 2011 census category (fictional test)."},
    )
    t = build_rate_tables([item])[0]
    roma = next(g for g in t.groups if g.code == "W4")
    assert roma.searches == 6 and roma.rate_per_1000 is None and "Roma" in roma.warnings[0]
    white = next(g for g in t.groups if g.reference)
    assert white.code == "white" and white.searches == 96  # the White groups summed, Roma included
    assert white.population == 20_000


def test_an_unknown_group_in_the_counts_is_an_error_not_a_silent_drop() -> None:
    with pytest.raises(ValueError, match="'purple'"):
        table({"purple": 4, "white": 10})


def test_statements_and_provenance_travel_with_the_table() -> None:
    t = table(rules=OPEN)
    assert "times the rate of White people" in t.group("Asian").statement
    assert t.as_dict()["method"]["confidence"] == 0.95
    assert t.as_dict()["rules"]["disclosure_threshold"] == 0
    assert "Home Office publishes rates by self-defined ethnicity" in t.as_dict()["home_office_basis"]
    assert not math.isnan(t.not_stated_share or math.nan)


def test_lines_of_a_table_are_what_protection_uses() -> None:
    assert Line(0, (1, 2)).parts == (1, 2)
