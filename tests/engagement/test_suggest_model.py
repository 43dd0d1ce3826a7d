"""The offline model behind theme suggestions (parity.analysis.text_groups), measured on a
written set of comments labelled by topic, and checked without it.

The set (tests/engagement/data/theme_comments.csv) is 84 short comments, 12 on each of seven
topics taken from what forces reported hearing (../shared/seeds/): stop and search,
recruitment, follow-up after reporting a crime, hate crime, young people and schools,
presence at community events, and complaints. They were written in the words people use at
such conversations, not to suit the model, and several share words across topics on purpose
("report" in hate crime and victim follow-up, "young" in stop and search and young people).

Thresholds. Purity and coverage are both asserted at 0.6 or more: at that level most of each
suggestion is one subject, so its name fits and a person corrects it by unticking a few
comments, and most of each subject arrives in one suggestion, so it is themed in one pass;
below it, sorting by hand would be about as quick. Both are also asserted to be well above
what the same group sizes score when comments are dealt into them at random (chance), so the
test fails if the model stops reading the words. The model measured 0.67 purity and 0.75
coverage when this was written; k-means from other seeds gave 0.58 to 0.75 purity, so the
threshold leaves room for that spread without letting a model no better than a guess pass.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from parity.analysis.text_groups import Group, Suggestions, default_groups, score, stem, suggest, words

DATA = Path(__file__).parent / "data" / "theme_comments.csv"
PURITY, COVERAGE = 0.6, 0.6


def _written_set() -> tuple[list[str], list[str]]:
    with DATA.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["comment"] for r in rows], [r["topic"] for r in rows]


def _chance(topics: list[str], found: Suggestions) -> tuple[float, float]:
    """Mean purity and coverage of the same group sizes filled at random (fixed seed)."""
    rng = random.Random(0)
    sizes = [len(g.members) for g in found.groups]
    purities, coverages = [], []
    for _ in range(200):
        order = list(range(len(topics)))
        rng.shuffle(order)
        groups, start = [], 0
        for size in sizes:
            groups.append(Group(tuple(order[start : start + size]), ()))
            start += size
        s = score(topics, Suggestions(tuple(groups), tuple(order[start:]), found.k))
        purities.append(s.purity)
        coverages.append(s.coverage)
    return sum(purities) / len(purities), sum(coverages) / len(coverages)


def test_comments_on_one_topic_land_together_on_the_written_set() -> None:
    texts, topics = _written_set()
    assert len(texts) == 84 and len(set(topics)) == 7
    found = suggest(texts)
    result = score(topics, found)
    measured = f"purity {result.purity:.2f}, coverage {result.coverage:.2f}, {result.grouped} of {result.total} grouped"
    assert result.purity >= PURITY, measured
    assert result.coverage >= COVERAGE, measured
    chance_purity, chance_coverage = _chance(topics, found)
    assert result.purity >= chance_purity + 0.25
    assert result.coverage >= chance_coverage + 0.25


def test_each_topic_of_the_set_is_the_main_topic_of_some_suggestion_or_shares_one() -> None:
    """No subject vanishes: every topic's comments are mostly in suggestions, not left out."""
    texts, topics = _written_set()
    found = suggest(texts)
    assert len(found.left_out) <= len(texts) // 20
    for topic in set(topics):
        mine = {i for i, t in enumerate(topics) if t == topic}
        assert max(len(mine & set(g.members)) for g in found.groups) >= len(mine) // 2, topic


# --- without the written set -----------------------------------------------------------------


SEARCHES = [
    "Officers searched my son without saying why.",
    "The search happened in front of everyone and nothing was found.",
    "Searches should be recorded on body-worn video.",
    "Nobody explained the grounds for the search.",
]
JOBS = [
    "Recruitment should reach applicants from our mosque.",
    "Applicants drop out of recruitment and nobody asks why.",
    "More recruitment events for ethnic minority applicants.",
    "The recruitment process puts applicants off.",
]


def test_two_clear_subjects_are_two_suggestions_named_after_their_words() -> None:
    found = suggest(SEARCHES + JOBS, k=2)
    assert sorted(g.members for g in found.groups) == [(0, 1, 2, 3), (4, 5, 6, 7)]
    names = {g.name for g in found.groups}
    assert any("search" in n.lower() for n in names) and any("recruitment" in n.lower() for n in names), names
    assert score(["s"] * 4 + ["j"] * 4, found).purity == 1.0


def test_the_same_comments_always_give_the_same_suggestions() -> None:
    texts, _ = _written_set()
    assert suggest(texts) == suggest(texts)
    assert suggest(list(texts)) == suggest(tuple(texts))


def test_comments_sharing_no_words_are_left_out_and_nothing_is_forced() -> None:
    assert suggest([]) == Suggestions((), (), 0)
    assert suggest(["Only one comment."]).left_out == (0,)
    apart = suggest(["Parking on the pavement.", "Noisy neighbours at night.", "Cycling on footpaths."])
    assert apart.groups == () and apart.left_out == (0, 1, 2)
    mixed = suggest([*SEARCHES, "Fireworks in the park."], k=2)
    assert 4 in mixed.left_out and [g.members for g in mixed.groups] == [(0, 1, 2, 3)]


def test_words_drop_common_and_policing_words_and_endings() -> None:
    assert words("The police officers searched people") == ["search"]
    assert stem("searches") == "search" and stem("victims") == "victim" and stem("bus") == "bus"
    assert stem("families") == "family"


@pytest.mark.parametrize(("n", "k"), [(2, 2), (8, 2), (50, 5), (84, 6), (1000, 12)])
def test_how_many_groups_when_not_told(n: int, k: int) -> None:
    assert default_groups(n) == k


def test_purity_and_coverage_by_hand() -> None:
    """Groups {a,a,b} and {b,c}, c left out of nothing, one 'c' left out: purity (2+1)/5;
    coverage: a 2, b 1, c 1 of 6."""
    topics = ["a", "a", "b", "b", "c", "c"]
    found = Suggestions((Group((0, 1, 2), ()), Group((3, 4), ())), (5,), 2)
    result = score(topics, found)
    assert result.purity == pytest.approx(3 / 5)
    assert result.coverage == pytest.approx(4 / 6)
    assert (result.grouped, result.total) == (5, 6)
