"""What panels read says what it means: counts agree with their nouns ("Drew 1 case",
"Both agree"), and the stratified rules name their parts in plain plurals."""

from __future__ import annotations

import pytest

from parity.scrutiny.sampling import get_rule
from parity.scrutiny.services.reviews import Agreement


def agreed(reviews: int, leading: int) -> Agreement:
    return Agreement(reviews, [], "Grounds reasonable", leading, 0, [], [])


@pytest.mark.parametrize(
    ("reviews", "leading", "said"),
    [(1, 1, "The only review"), (2, 2, "Both agree"), (3, 3, "All 3 agree"), (3, 2, "2 of 3 agree")],
)
def test_agreement_reads_as_english(reviews: int, leading: int, said: str) -> None:
    assert agreed(reviews, leading).summary == said


@pytest.mark.parametrize(
    ("key", "part"),
    [("ethnicity", "ethnic groups"), ("outcome", "outcomes"), ("legislation", "powers used"), ("age", "age groups")],
)
def test_stratified_rules_name_their_parts_in_the_plural(key: str, part: str) -> None:
    description = get_rule(f"stratified-{key}").description
    assert f"the records' {part}," in description and "useds" not in description
