"""The layout as the Home Office writes it, read without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parity.powers.importing.errors import InputRefused
from parity.workforce.importing.home_office import HEADER, parse

LINE = (
    '2021,E23000036,Avon & Somerset,South West,Not stated,{rank},{worker},{ethnicity},{group}," 1,976 "," 1,950.5 ",,'
)
MINORITY = '"Black, Asian and Minority Ethnic"'


def _file(*rows: str) -> bytes:
    return ("\ufeff" + ",".join(HEADER) + ",,\n" + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Police Officer", "officer"),
        ("Police Staff", "staff"),
        ("PCSO", "pcso"),
        ("police community support officers", "pcso"),
        ("Special Constable", "special"),
        ("Designated Officer", "designated"),
    ],
)
def test_every_worker_type_the_layout_carries_is_read(written: str, stored: str) -> None:
    parsed = parse("t.csv", _file(LINE.format(rank="Total", worker=written, ethnicity="White", group="White")))
    assert not parsed.problems
    [[row]] = parsed.units.values()
    assert (row.worker_type, row.force, row.year, row.gender) == (stored, "avon-and-somerset", 2021, "Not stated")
    assert (row.headcount, row.fte) == (1976, Decimal("1950.5"))


def test_the_2021_other_category_and_the_earlier_one_are_both_other() -> None:
    parsed = parse(
        "t.csv",
        _file(
            LINE.format(rank="Constable", worker="Police Officer", ethnicity="Other ethnic group", group=MINORITY),
            LINE.format(
                rank="Sergeant",
                worker="Police Officer",
                ethnicity="Chinese or Other Ethnic Group (pre 2021 category)",
                group=MINORITY,
            ),
        ),
    )
    assert not parsed.problems
    assert [r.group for rows in parsed.units.values() for r in rows] == ["other", "other"]


def test_a_broad_group_that_disagrees_with_the_ethnicity_or_is_unknown_is_a_problem() -> None:
    parsed = parse(
        "t.csv",
        _file(
            LINE.format(rank="Constable", worker="Police Officer", ethnicity="Mixed", group="White"),
            LINE.format(rank="Sergeant", worker="Police Officer", ethnicity="Mixed", group="Purple"),
        ),
    )
    assert [(p.line, p.field, p.value) for p in parsed.problems] == [
        (2, "Ethnic group", "White"),
        (3, "Ethnic group", "Purple"),
    ]
    assert (
        "does not agree" in parsed.problems[0].reason and "not a Home Office broad group" in parsed.problems[1].reason
    )


def test_a_file_that_is_not_the_table_is_refused_before_any_row() -> None:
    with pytest.raises(InputRefused, match="line 1, header = 'Force,Count'"):
        parse("t.csv", b"Force,Count\nKent,3\n")
    with pytest.raises(InputRefused, match="not UTF-8"):
        parse("t.csv", b"\xff\xfe\x00bad")
