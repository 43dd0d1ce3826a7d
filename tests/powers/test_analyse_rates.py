"""Rates and ratios from the shared records: the service end to end, checked independently."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from parity.analysis.rules import Rules
from parity.powers.statistics import AnalysisError, NoRecords, full_table, stop_search_rates
from parity.reference.forces import CITY_OF_LONDON_NOTE
from tests.powers.analysis_helpers import LONDON_DATE, person_searches, sql

pytestmark = pytest.mark.django_db


def test_counts_are_person_searches_by_london_date(loaded: Path) -> None:
    table = stop_search_rates("avon-and-somerset", "2019/20")
    expected = person_searches(loaded, "avon-and-somerset", "2019-04-01", "2020-03-31")
    for g in table.groups:
        assert g.searches == expected.get(g.code, 0)
    [not_stated, not_recorded, vehicle, _] = table.exclusions
    assert not_stated.count == expected["not_stated"] and not_recorded.count == expected[None]
    assert table.total.searches == sum(expected.values())
    [(vehicles,)] = sql(
        loaded,
        f"SELECT count(*) FROM SEARCHES WHERE force = 'avon-and-somerset' AND type = 'vehicle' "
        f"AND {LONDON_DATE} BETWEEN DATE '2019-04-01' AND DATE '2020-03-31'",
    )
    assert vehicle.count == vehicles > 0


def test_a_search_in_the_small_hours_of_1_april_belongs_to_the_new_year(loaded: Path) -> None:
    # records dated 31 March in UTC but 1 April in London: they count in April, and 2020/21
    rows = sql(
        loaded,
        f"SELECT force, count(*) FROM SEARCHES WHERE type <> 'vehicle' AND {LONDON_DATE} = DATE '2020-04-01' "
        "AND CAST(occurred_at AT TIME ZONE 'UTC' AS DATE) = DATE '2020-03-31' GROUP BY 1 ORDER BY 2 DESC",
    )
    assert rows, "the shared data has searches just after midnight BST on 1 April 2020"
    force = rows[0][0]
    april = stop_search_rates(force, "2020-04-01")
    assert april.total.searches == sum(person_searches(loaded, force, "2020-04-01", "2020-04-01").values())
    march = stop_search_rates(force, "2020-03-31")
    assert march.total.searches == sum(person_searches(loaded, force, "2020-03-31", "2020-03-31").values())


def test_the_census_changes_with_the_financial_year_and_the_switch_is_configurable(loaded: Path) -> None:
    assert stop_search_rates("bedfordshire", "2019/20").context.census_year == 2011
    table = stop_search_rates("bedfordshire", "2020/21")
    assert table.context.census_year == 2021 and table.group("Black").population == 39_601
    later = stop_search_rates("bedfordshire", "2020/21", rules=Rules(census_2021_from="2021/22"))
    assert later.context.census_year == 2011 and later.group("Black").population == 29_725
    forced = stop_search_rates("bedfordshire", "2019/20", census_year=2021)
    assert forced.group("White").population == 507_517


def test_settings_drive_the_rules(loaded: Path, settings: object) -> None:
    settings.PARITY_DISCLOSURE_THRESHOLD = 50  # type: ignore[attr-defined]
    settings.PARITY_CENSUS_2021_FROM = "2021/22"  # type: ignore[attr-defined]
    rules = Rules.from_settings()
    assert rules.disclosure_threshold == 50 and rules.census_2021_from == "2021/22"
    table = stop_search_rates("bedfordshire", "2019/20")
    assert table.group("Other").suppressed  # 17 searches: under the raised threshold
    assert table.rules.disclosure_threshold == 50
    assert django_settings.PARITY_MIN_EVENTS_FOR_RATE == 3


def test_officer_defined_view_is_separate_and_says_what_the_home_office_uses(loaded: Path) -> None:
    table = stop_search_rates("avon-and-somerset", "2019/20", ethnicity="officer")
    assert table.context.ethnicity == "officer-defined"
    [(black,)] = sql(
        loaded,
        "SELECT count(*) FROM SEARCHES WHERE force = 'avon-and-somerset' AND type <> 'vehicle' "
        f"AND ode_group = 'black' AND {LONDON_DATE} BETWEEN DATE '2019-04-01' AND DATE '2020-03-31'",
    )
    assert table.group("Black").searches == black
    assert "self-defined" in table.as_dict()["home_office_basis"]
    assert "officer saw as Black" in table.group("Black").statement


def test_west_midlands_officer_view_has_no_white_searches_so_no_ratios(loaded: Path) -> None:
    table = stop_search_rates("west-midlands", "2019/20", ethnicity="officer")
    assert table.group("White").searches == 0
    assert all(g.ratio is None for g in table.groups if not g.reference)
    assert any("No searches are recorded for the reference group" in w for w in table.warnings)
    assert any("Officer-defined ethnicity is blank" in w for w in table.warnings)


def test_city_of_london_gets_counts_but_no_rate_and_the_reason(loaded: Path) -> None:
    table = stop_search_rates("city-of-london", "2019/20")
    assert table.total.searches and table.group("Black").searches
    assert all(g.rate_per_1000 is None and g.ratio is None for g in (*table.groups, table.total))
    assert CITY_OF_LONDON_NOTE in table.warnings


def test_west_midlands_never_records_gender(loaded: Path) -> None:
    table = stop_search_rates("west-midlands", "2019/20", by="gender")
    assert any("did not record gender for any" in w for w in table.warnings)
    assert all(g.searches in (0, None) for s in table.sections if s.key for g in s.groups)
    assert table.section(None).total.searches == table.total.searches


def test_leicestershire_low_months_are_warned_about(loaded: Path) -> None:
    table = stop_search_rates("leicestershire", "2019/20")
    low = [w for w in table.warnings if "under half the months around it" in w]
    assert [w[:7] for w in low] == ["2019-10", "2019-11", "2019-12"]
    assert table.group("Black").ratio is not None  # warned, not withheld


def test_a_period_with_months_missing_is_withheld(loaded: Path) -> None:
    table = stop_search_rates("metropolitan", "2021")
    assert table.total.searches and all(g.rate_per_1000 is None for g in table.groups)
    assert any("withheld" in w for w in table.warnings)
    assert any("for 7 of the 12 months in 2021" in w for w in table.warnings)
    with pytest.raises(NoRecords, match="no stop-and-search records are held for Metropolitan Police in 2019/20"):
        stop_search_rates("metropolitan", "2019/20")
    relaxed = stop_search_rates("metropolitan", "2021-06..2021-10", rules=Rules(require_complete_period=False))
    assert relaxed.group("Black").ratio is not None
    assert any("not per year" in w for w in relaxed.warnings)


def test_a_breakdown_by_legislation_adds_up(loaded: Path) -> None:
    table = stop_search_rates("avon-and-somerset", "2019/20", by="legislation")
    assert table.breakdown == "legislation"
    keys = [s.key for s in table.sections]
    assert keys[:2] == ["pace-s1", "mda-s23"] and None in keys
    for g in table.groups:
        parts = [s.groups[[x.code for x in s.groups].index(g.code)].searches for s in table.sections]
        if g.searches is not None and None not in parts:
            assert sum(p or 0 for p in parts) == g.searches
    drugs = table.section("mda-s23")
    assert drugs.total.searches == sum(
        person_searches(loaded, "avon-and-somerset", "2019-04-01", "2020-03-31", "legislation = 'mda-s23'").values()
    )


def test_by_month_has_every_month_of_the_period(loaded: Path) -> None:
    table = stop_search_rates("nottinghamshire", "2020/21", by="month")
    assert [s.key for s in table.sections] == [f"2020-{m:02d}" for m in range(4, 13)] + [
        "2021-01",
        "2021-02",
        "2021-03",
    ]
    assert sum(s.total.searches or 0 for s in table.sections) == table.total.searches


def test_combinations_black_males_aged_18_to_24(loaded: Path) -> None:
    table = stop_search_rates("bedfordshire", "2020/21", filters={"gender": "male", "age": "18-24"})
    expected = person_searches(
        loaded, "bedfordshire", "2020-04-01", "2021-03-31", "gender = 'male' AND age_band = '18-24'"
    )
    assert table.group("Black").searches == expected["black"]
    assert table.group("Black").rate_per_1000 is None  # no census population by ethnicity, age and sex
    assert any("census populations of each ethnic group by gender and age band" in w for w in table.warnings)
    assert dict(table.context.filters) == {"age": "18-24", "gender": "male"}
    s60 = stop_search_rates("bedfordshire", "2020/21", filters={"power": "s60"})
    assert s60.total.searches == sum(
        person_searches(loaded, "bedfordshire", "2020-04-01", "2021-03-31", "power_group = 's60'").values()
    )


def test_detailed_groups_add_up_to_the_broad_groups(loaded: Path) -> None:
    broad = stop_search_rates("avon-and-somerset", "2020/21")
    detailed = stop_search_rates("avon-and-somerset", "2020/21", classification="detailed")
    black = sum(g.searches or 0 for g in detailed.groups if g.code in {"B1", "B2", "B9"})
    assert black == broad.group("Black").searches
    roma = next(g for g in detailed.groups if g.code == "W4")
    assert roma.population == 2_232  # 2021 has Roma; 2011 did not
    old = stop_search_rates("avon-and-somerset", "2019/20", classification="detailed")
    assert next(g for g in old.groups if g.code == "W4").population is None
    assert detailed.reference_group == "White (all groups)"
    assert (
        stop_search_rates("avon-and-somerset", "2020/21", classification="detailed", reference="W1").reference_code
        == "W1"
    )


def test_bad_requests_name_the_problem(loaded: Path) -> None:
    with pytest.raises(AnalysisError, match="unknown force 'avon'"):
        stop_search_rates("avon", "2019/20")
    with pytest.raises(AnalysisError, match="not a period Parity understands"):
        stop_search_rates("avon-and-somerset", "last year")
    with pytest.raises(AnalysisError, match="'Purple' is not a self-defined 5\\+1 group"):
        stop_search_rates("avon-and-somerset", "2019/20", reference="Purple")
    with pytest.raises(AnalysisError, match="legislation 'pace-s99' is not known"):
        stop_search_rates("avon-and-somerset", "2019/20", filters={"legislation": "pace-s99"})
    with pytest.raises(AnalysisError, match="officer-defined ethnicity has only the five broad groups"):
        stop_search_rates("avon-and-somerset", "2019/20", ethnicity="officer", classification="detailed")


def test_the_full_table_is_every_force_and_year_and_agrees_with_one_table(loaded: Path) -> None:
    tables = full_table()
    keys = {(t.context.force, t.context.period_label) for t in tables}
    assert ("avon-and-somerset", "2019/20") in keys and ("metropolitan", "2021/22") in keys
    assert len(keys) == len(tables)
    one = next(t for t in tables if (t.context.force, t.context.period_label) == ("avon-and-somerset", "2019/20"))
    single = stop_search_rates("avon-and-somerset", "2019/20", by="legislation")
    for a, b in zip(one.groups, single.groups, strict=True):
        assert (a.searches, a.rate_per_1000, a.ratio, a.ratio_ci_low) == (
            b.searches,
            b.rate_per_1000,
            b.ratio,
            b.ratio_ci_low,
        )
    assert [s.key for s in one.sections] == [s.key for s in single.sections]
    partial = next(t for t in tables if (t.context.force, t.context.period_label) == ("wiltshire", "2021/22"))
    assert all(g.rate_per_1000 is None for g in partial.groups) and any("withheld" in w for w in partial.warnings)


def test_british_transport_police_gets_counts_but_no_rate(tmp_path: Path, db: None) -> None:
    """BTP has no resident population: a real month of records filed as BTP's is counted, never rated."""
    from parity.powers.importing.pipeline import ingest
    from parity.reference.forces import BTP_NOTE
    from tests.powers.helpers import copy_as

    report = ingest([copy_as(tmp_path, "wiltshire", "2020-06", "btp")])
    assert not report.refused
    table = stop_search_rates("btp", "2020-06")
    assert table.total.searches and table.total.rate_per_1000 is None
    assert all(g.rate_per_1000 is None and g.ratio is None for g in table.groups)
    assert BTP_NOTE in table.warnings


def test_the_full_table_can_be_narrowed_to_forces_and_years(loaded: Path) -> None:
    tables = full_table(forces=["bedfordshire", "avon-and-somerset"], financial_years=["2019/20"])
    assert [(t.context.force, t.context.period_label) for t in tables] == [
        ("avon-and-somerset", "2019/20"),
        ("bedfordshire", "2019/20"),
    ]
    assert tables[1].total.searches == stop_search_rates("bedfordshire", "2019/20").total.searches
