"""Every ethnicity label in the shared data, old and new, maps to one code and group."""

from __future__ import annotations

import csv

import pytest

from parity.reference import ethnicity
from parity.reference.ethnicity import Group
from tests.conftest import POLICE_UK, POPULATION


def test_every_self_defined_label_in_the_shared_records_is_recognised() -> None:
    labels: set[str] = set()
    for path in POLICE_UK.glob("*/*.csv"):
        with open(path, encoding="utf-8") as f:
            labels |= {row["Self-defined ethnicity"] for row in csv.DictReader(f)}
    labels.discard("")
    assert len(labels) == 19
    assert {
        label: ethnicity.self_defined_code(label) for label in labels if ethnicity.self_defined_code(label) is None
    } == {}


@pytest.mark.parametrize(
    ("label", "code", "group"),
    [
        ("White - English/Welsh/Scottish/Northern Irish/British", "W1", Group.WHITE),
        ("Other ethnic group - Not stated", "NS", Group.NOT_STATED),
        (
            "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background",
            "B9",
            Group.BLACK,
        ),
        # older data.police.uk labels, 2001 "16+1" codes in brackets
        ("White - White British (W1)", "W1", Group.WHITE),
        ("Chinese or other ethnic group - Chinese (O1)", "A4", Group.ASIAN),
        ("Chinese or other ethnic group - Chinese (01)", "A4", Group.ASIAN),
        ("Chinese or other ethnic group - Any other ethnic group (O9)", "O9", Group.OTHER),
        ("Not Stated (NS)", "NS", Group.NOT_STATED),
        ("Mixed - White and Black Caribbean (M1)", "M1", Group.MIXED),
        # census 2021 labels
        ("White: Roma", "W4", Group.WHITE),
        ("Asian, Asian British or Asian Welsh: Chinese", "A4", Group.ASIAN),
    ],
)
def test_labels_map_to_code_and_group(label: str, code: str, group: Group) -> None:
    assert ethnicity.self_defined_code(label) == code
    assert ethnicity.group_of(code) is group


def test_classifications_have_their_published_sizes() -> None:
    assert len(ethnicity.CLASSIFICATION_2011) == 19  # 18 + not stated
    assert len(ethnicity.CLASSIFICATION_2021) == 20  # 19 + not stated
    assert len(ethnicity.CENSUS_2021) == 19


def test_every_census_2021_category_in_the_shared_table_is_mapped() -> None:
    path = POPULATION / "census-2021" / "census_2021_ethnic_group_20cat_by_ltla.csv"
    with open(path, encoding="utf-8") as f:
        labels = {row["Ethnic group (20 categories)"] for row in csv.DictReader(f)}
    assert labels - set(ethnicity.CENSUS_2021) == {ethnicity.CENSUS_2021_NOT_APPLICABLE}


@pytest.mark.parametrize(
    ("raw", "group"),
    [
        ("White", Group.WHITE),
        ("black", Group.BLACK),
        ("IC4", Group.ASIAN),
        ("IC9", Group.NOT_STATED),
    ],
)
def test_officer_defined(raw: str, group: Group) -> None:
    assert ethnicity.officer_defined_group(raw) is group


def test_unknown_labels_are_not_guessed() -> None:
    assert ethnicity.self_defined_code("Martian") is None
    assert ethnicity.officer_defined_group("Martian") is None
