"""Census populations summed to force areas equal the published denominators."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.reference.census import CensusRefused, ingest_population
from parity.reference.models import Population
from tests.conftest import POPULATION, POPULATION_FILES

pytestmark = pytest.mark.django_db

# Ethnicity facts and figures denominators (2019/20 used 2011, 2020/21 used 2021).
PUBLISHED = {
    (2011, "avon-and-somerset"): {"all": 1_599_555, "black": 30_923, "white": 1_491_970},
    (2011, "bedfordshire"): {"all": 615_061, "black": 29_725, "white": 476_647},
    (2021, "avon-and-somerset"): {"all": 1_744_576, "black": 37_844, "white": 1_584_583},
    (2021, "bedfordshire"): {"all": 704_736, "black": 39_601, "white": 507_517},
}
ENGLAND_AND_WALES = {2011: 56_075_912, 2021: 59_597_578}


def _cells(year: int, force: str) -> dict[str, int]:
    rows = Population.objects.filter(census_year=year, force__slug=force).exclude(classification="detailed")
    return {r.group: r.population for r in rows}


def _check_published() -> None:
    for (year, force), expected in PUBLISHED.items():
        cells = _cells(year, force)
        assert {k: cells[k] for k in expected} == expected, (year, force)
    for year, total in ENGLAND_AND_WALES.items():
        rows = Population.objects.filter(census_year=year, classification="all")
        assert sum(r.population for r in rows) == total


def test_local_authority_tables_summed_through_the_lookups() -> None:
    report = ingest_population(POPULATION_FILES)
    assert [(t.layout, t.census_year, t.forces) for t in report.tables] == [
        ("nomis-2011-la", 2011, 43),
        ("ons-2021-ltla", 2021, 43),
    ]
    _check_published()


def test_force_level_tables() -> None:
    report = ingest_population(
        [
            POPULATION / "census-2011" / "force-demographics.csv",
            POPULATION / "derived" / "pfa_population_census2021_by_ethnic_group.csv",
        ]
    )
    assert [t.layout for t in report.tables] == ["force-2011-wide", "force-2021-long"]
    _check_published()


def test_detailed_groups_sum_to_the_total_and_roma_exists_only_in_2021() -> None:
    ingest_population(POPULATION_FILES)
    for year in (2011, 2021):
        detailed = Population.objects.filter(census_year=year, force__slug="bedfordshire", classification="detailed")
        assert sum(r.population for r in detailed) == _cells(year, "bedfordshire")["all"]
        assert ("W4" in {r.group for r in detailed}) is (year == 2021)


def test_importing_again_replaces_rather_than_adds() -> None:
    ingest_population(POPULATION_FILES)
    count = Population.objects.count()
    ingest_population(POPULATION_FILES)
    assert Population.objects.count() == count
    _check_published()


def test_census_year_override() -> None:
    ingest_population([POPULATION / "census-2011" / "force-demographics.csv"], census_year=2021)
    assert _cells(2021, "avon-and-somerset")["all"] == 1_599_555  # 2011 counts, filed as 2021


def test_a_local_authority_table_without_a_lookup_is_refused() -> None:
    with pytest.raises(CensusRefused, match="needs a local-authority-to-force lookup"):
        ingest_population([POPULATION_FILES[2]])


def test_a_bad_count_names_file_line_and_field(tmp_path: Path) -> None:
    lines = (POPULATION / "census-2011" / "force-demographics.csv").read_text().splitlines()
    cells = lines[3].split(",")
    cells[3] = "lots"
    lines[3] = ",".join(cells)
    path = tmp_path / "forces.csv"
    path.write_text("\n".join(lines))
    before = list(Population.objects.values_list("id", "population"))
    with pytest.raises(
        CensusRefused,
        match=r"forces.csv, line 4, field 'Ethnic Group: White: English/Welsh/"
        r"Scottish/Northern Irish/British; measures: Value': 'lots'",
    ):
        ingest_population([path])
    assert list(Population.objects.values_list("id", "population")) == before


def test_a_subtotal_that_disagrees_with_its_groups_is_refused(tmp_path: Path) -> None:
    lines = (POPULATION / "census-2011" / "force-demographics.csv").read_text().splitlines()
    cells = lines[2].split(",")
    cells[2] = str(int(cells[2]) + 1)  # "Ethnic Group: White" one more than its four groups
    lines[2] = ",".join(cells)
    path = tmp_path / "forces.csv"
    path.write_text("\n".join(lines))
    with pytest.raises(CensusRefused, match=r"line 3, field 'Ethnic Group: White; measures: Value'.*not the sum"):
        ingest_population([path])


def test_an_unrecognised_table_says_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CensusRefused, match="Nomis QS201EW"):
        ingest_population([path])
