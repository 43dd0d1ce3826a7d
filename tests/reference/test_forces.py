"""The force list matches every ONS lookup shipped with the shared data."""

from __future__ import annotations

import csv

import pytest

from parity.reference.forces import FORCES, find_force, force_by_slug
from tests.conftest import POPULATION

LOOKUPS = {
    "ons_code_2016": (
        "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas"
        "__December_2016__Lookup_in_England_and_Wales.csv",
        "PFA16CD",
        "PFA16NM",
    ),
    "ons_code_2022": ("LAD22_CSP22_PFA22_lookup.csv", "PFA22CD", "PFA22NM"),
}


def test_43_force_areas_and_british_transport_police() -> None:
    assert len(FORCES) == 44
    assert len({f.slug for f in FORCES}) == 44
    assert sum(1 for f in FORCES if f.country == "Wales") == 4
    btp = force_by_slug("btp")
    assert not btp.resident_population and btp.ons_code is None


@pytest.mark.parametrize("vintage", sorted(LOOKUPS))
def test_ons_codes_and_names_match_the_ons_lookup(vintage: str) -> None:
    filename, code_col, name_col = LOOKUPS[vintage]
    with open(POPULATION / "lookups" / filename, encoding="utf-8-sig") as f:
        published = {(r[code_col], r[name_col]) for r in csv.DictReader(f)}
    ours = {(getattr(f, vintage), f.ons_name) for f in FORCES if f.resident_population}
    assert ours == published


def test_names_as_each_source_writes_them_resolve_to_one_force() -> None:
    a_and_s = force_by_slug("avon-and-somerset")
    for name in (
        "Avon & Somerset",
        "Avon and Somerset",
        "avon-and-somerset",
        "Avon and Somerset Constabulary",
        "E23000036",
    ):
        assert find_force(name) is a_and_s
    assert find_force("London, City of") is find_force("City of London") is force_by_slug("city-of-london")
    assert find_force("Metropolitan") is force_by_slug("metropolitan")
    assert find_force("Ruritania") is None


def test_unknown_slug_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="ruritania"):
        force_by_slug("ruritania")


@pytest.mark.django_db
def test_the_database_holds_every_force() -> None:
    from parity.reference.models import Force

    assert Force.objects.count() == 44
    assert Force.objects.get(slug="city-of-london").rate_note
