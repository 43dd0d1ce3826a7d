"""Use-of-force figures as pure functions: rates and ratios on stop and search's machinery,
shares with Wilson intervals, small counts protected, the caveats carried."""

from __future__ import annotations

import math

import pytest

from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.analysis.use_of_force import Measure, UseOfForceInput, use_of_force_rates, use_of_force_shares

CONTEXT = Context("kent", "Kent Police", "2019-04-01", "2020-03-31", "2019/20", 2011, "officer-defined", "5+1")
POPULATION = {"white": 200_000, "black": 10_000, "asian": 20_000, "mixed": 5_000, "other": 4_000, "all": 239_000}


def test_rates_ratios_and_the_contract() -> None:
    counts = {"white": 1000, "black": 150, "asian": 90, "mixed": 30, "other": 40, "not_stated": 60}
    result = use_of_force_rates([UseOfForceInput(CONTEXT, "reports", counts, POPULATION)])[0]
    out = result.as_dict()
    assert [g["group"] for g in out["groups"]] == ["White", "Black", "Asian", "Mixed", "Other"]
    black = out["groups"][1]
    assert black["count"] == 150 and black["population"] == 10_000
    assert black["rate_per_1000"] == pytest.approx(15.0) and out["groups"][0]["rate_per_1000"] == pytest.approx(5.0)
    assert black["ratio"] == pytest.approx(3.0)
    # Poisson log-Wald interval, by hand: exp(ln 3 +/- 1.96 sqrt(1/150 + 1/1000))
    half = 1.959964 * math.sqrt(1 / 150 + 1 / 1000)
    assert black["ratio_ci_low"] == pytest.approx(3 * math.exp(-half), rel=1e-5)
    assert black["ratio_ci_high"] == pytest.approx(3 * math.exp(half), rel=1e-5)
    assert (out["force"], out["period"], out["census_year"], out["unit"], out["not_reported"]) == (
        "kent", "2019/20", 2011, "reports", 60,
    )  # fmt: skip
    assert any("one officer's use of force on one person" in w for w in out["warnings"])
    assert any("never mixed with self-defined" in w for w in out["warnings"])


def test_a_small_group_is_suppressed_with_another_so_the_total_cannot_give_it_back() -> None:
    counts = {"white": 1000, "black": 150, "asian": 90, "mixed": 3, "other": 40, "not_stated": 60}
    result = use_of_force_rates([UseOfForceInput(CONTEXT, "tactics", counts, POPULATION)])[0]
    groups = {g["group"]: g for g in result.as_dict()["groups"]}
    assert groups["Mixed"]["suppressed"] and groups["Mixed"]["count"] is None
    assert groups["Mixed"]["rate_per_1000"] is None and groups["Mixed"]["ratio"] is None
    assert sum(g["suppressed"] for g in groups.values()) + (result.not_reported is None) >= 2


def test_shares_have_wilson_intervals_and_katz_ratios() -> None:
    measure = Measure(
        "taser", "Taser", {"white": 40, "black": 30, "asian": 10, "mixed": 6, "other": 5},
        {"white": 400, "black": 100, "asian": 80, "mixed": 40, "other": 30},
    )  # fmt: skip
    shares = use_of_force_shares(CONTEXT, [measure], Rules(exact_below=0))
    black = shares.row("taser").share("Black")
    assert black.share == pytest.approx(0.3) and black.method == "wilson"
    # Wilson 95% for 30 of 100, by hand
    z, p, n = 1.959964, 0.3, 100
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert black.ci_low == pytest.approx(centre - half, rel=1e-5)
    assert black.ci_high == pytest.approx(centre + half, rel=1e-5)
    assert black.ratio == pytest.approx(3.0)
    se = math.sqrt(1 / 30 - 1 / 100 + 1 / 40 - 1 / 400)
    assert black.ratio_ci_low == pytest.approx(3 * math.exp(-1.959964 * se), rel=1e-5)


def test_a_small_share_is_hidden_and_its_complement_too() -> None:
    measure = Measure(
        "spit-guard", "Spit guard", {"white": 40, "black": 2, "asian": 10, "mixed": 6, "other": 5},
        {"white": 400, "black": 100, "asian": 80, "mixed": 40, "other": 30},
    )  # fmt: skip
    row = use_of_force_shares(CONTEXT, [measure]).row("spit-guard")
    black = row.share("Black")
    assert black.suppressed and black.count is None and black.share is None
    assert sum(share.suppressed for _, share in row.groups) >= 2  # the all-groups line cannot give it back
    assert not row.share("White").suppressed
