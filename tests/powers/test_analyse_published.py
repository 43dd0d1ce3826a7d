"""Published figures reproduced: METHODS.md §1.7 and §10 (T1, T2, T5), and the Home Office tables.

The Home Office (Ethnicity facts and figures) extract for Avon and Somerset and Bedfordshire,
2019/20 and 2020/21, is compared with Parity's figures from the shared data.police.uk records
and census tables; docs/methodology/reconciliation.md explains the gaps.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.analysis.groups import scheme
from parity.analysis.rates import RateInput, build_rate_tables
from parity.analysis.results import Context
from parity.analysis.stages import Stage, population_index, stage_indices
from parity.analysis.statements import one_dp
from parity.powers.statistics import stop_search_outcomes, stop_search_rates
from parity.powers.statistics.reconcile import reconcile_published
from parity.reference.published import read_eff_stop_search
from parity.warehouse import queries
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db
EFF = SHARED / "reference" / "ethnicity-facts-figures" / "stop-and-search-2006-2023_EXTRACT.csv"


def _published_counts_table(force: str, black: int, white: int, census_year: int = 2011) -> tuple[float, float, float]:
    """Rates and ratio from published counts and Parity's census populations."""
    pops = queries.populations(census_year, "5+1", [force])[force]
    context = Context(force, force, "2021-04-01", "2022-03-31", "2021/22", census_year, "self-defined", "5+1")
    item = RateInput(context, scheme(), "White", {("black", None): black, ("white", None): white}, pops)
    table = build_rate_tables([item])[0]
    b, w = table.group("Black"), table.group("White")
    assert b.rate_per_1000 is not None and w.rate_per_1000 is not None and b.ratio is not None
    return b.rate_per_1000, w.rate_per_1000, b.ratio


def test_t1_west_midlands_2021_22_is_4_8_times_not_4_7(loaded: Path) -> None:
    black, white, ratio = _published_counts_table("west-midlands", 3_973, 9_713)
    assert (one_dp(black), one_dp(white), one_dp(ratio)) == ("24.2", "5.1", "4.8")
    assert one_dp(float(one_dp(black)) / float(one_dp(white))) == "4.7"  # why ratios use unrounded rates
    assert 24.15 / 5.15 <= ratio <= 24.25 / 5.05 and ratio >= 4.75


@pytest.mark.parametrize(
    ("force", "black", "white", "shown"),
    [("staffordshire", 177, 3_511, ("20.7", "3.4", "6.1")), ("nottinghamshire", 533, 3_081, ("19.5", "3.2", "6.1"))],
)
def test_t2_staffordshire_and_nottinghamshire(
    loaded: Path, force: str, black: int, white: int, shown: tuple[str, ...]
) -> None:
    rates = _published_counts_table(force, black, white)
    assert tuple(one_dp(x) for x in rates) == shown


def test_t5_stage_indices_telescope_to_the_population_index(loaded: Path) -> None:
    """Population -> search -> arrest for Avon and Somerset 2019/20, in exact fractions."""
    pops = queries.populations(2011, "5+1", ["avon-and-somerset"])["avon-and-somerset"]
    rates = stop_search_rates("avon-and-somerset", "2019/20")
    outcomes = stop_search_outcomes("avon-and-somerset", "2019/20")
    searched = Stage("search", {g.code: g.searches or 0 for g in rates.groups})
    arrested = Stage("arrest", {g.code: g.arrest.count or 0 for g in outcomes.groups if g.arrest})
    steps = stage_indices(pops, [searched, arrested], group="black", reference="white")
    assert steps[0].denominator == "population" and steps[1].denominator == "search"
    assert steps[0].value == pytest.approx(rates.group("Black").ratio)
    assert steps[0].index * steps[1].index == population_index(pops, arrested, group="black", reference="white")


def test_methods_1_7_totals_and_shares_add_up() -> None:
    # E&W year ending March 2020: total = s1 + s60, and 76% no further action
    assert 558_973 + 18_081 == 577_054
    assert f"{100 * 437_139 / 577_054:.0f}%" == "76%"
    # year ending March 2022 and 2023: total = s1 + s60; 14% of s1 searches led to arrest
    assert 526_629 + 4_341 == 530_970
    assert 542_723 + 4_280 == 547_003
    assert f"{100 * 73_891 / 542_723:.0f}%" == "14%"


def test_every_published_rate_follows_from_its_count_and_population() -> None:
    figures = read_eff_stop_search(EFF)
    assert len(figures) == 24
    for f in figures:  # 2020/21 rates are published to 7 significant figures
        assert f.population and f.rate_per_1000 is not None
        assert 1000 * f.searches / f.population == pytest.approx(f.rate_per_1000, rel=1e-6)


def test_national_denominators_and_the_revised_black_white_ratio(loaded: Path) -> None:
    figures = read_eff_stop_search(EFF)

    def national(year: str, group: str) -> tuple[int, float]:
        f = next(f for f in figures if f.financial_year == year and f.group == group and "excluding BTP" in f.geography)
        return f.searches, f.rate_per_1000 or 0.0

    for census, year in ((2011, "2019/20"), (2021, "2020/21")):
        everyone = queries.populations(census, "5+1")
        for group in ("Black", "White"):
            people = sum(p[group.lower()] for p in everyone.values())
            searches, rate = national(year, group)
            assert 1000 * searches / people == pytest.approx(rate, rel=1e-6)  # Parity's census sums are the EFF's
    (_, b_rate), (_, w_rate) = national("2019/20", "Black"), national("2019/20", "White")
    assert one_dp(b_rate / w_rate) == "8.8"  # "8.8 times, as revised" (METHODS.md §1.7; first published 8.9)
    (_, b21), (_, w21) = national("2020/21", "Black"), national("2020/21", "White")
    assert one_dp(b21 / w21) == "5.5"  # on the 2021 census; the first 2020/21 release said 7x on 2011


def test_avon_and_somerset_and_bedfordshire_against_the_home_office(loaded: Path) -> None:
    result = reconcile_published(EFF)
    rows = {(r.force, r.financial_year, r.group): r for r in result.rows}
    assert len(rows) == 12  # two forces x two years x All, Black, White
    for r in rows.values():
        assert r.population_matches, r  # denominators exactly the Home Office's
        assert r.published_rate_reproduced, r  # and the published rate follows from them
    for year in ("2019/20", "2020/21"):
        for group in ("All", "Black", "White"):
            gap = rows[("avon-and-somerset", year, group)].difference_percent
            assert gap is not None and abs(gap) < 3, (year, group, gap)
    # Bedfordshire's data.police.uk submissions hold fewer searches than its Home Office return;
    # the gap is documented (reconciliation.md) and Parity never makes it up
    for group in ("All", "Black", "White"):
        gap_19 = rows[("bedfordshire", "2019/20", group)].difference_percent
        gap_20 = rows[("bedfordshire", "2020/21", group)].difference_percent
        assert gap_19 is not None and -13 < gap_19 < 0
        assert gap_20 is not None and -5 < gap_20 < 0
    for force in ("avon-and-somerset", "bedfordshire"):
        for year in ("2019/20", "2020/21"):
            black = rows[(force, year, "Black")]
            assert black.published_ratio_in_interval, black  # the Home Office ratio is inside Parity's 95% interval
