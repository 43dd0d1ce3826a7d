"""Groups of comments that talk about the same thing, suggested for a person to check.

Pure code, texts in and groups out; nothing is fetched or downloaded (scikit-learn only).
The method, in the words of `docs/methodology/theme-suggestions.md`:

1. Each comment becomes a list of its words, lower case, with common English words and
   words that every comment about policing uses ("police", "officer", "people", ...) left
   out, and simple endings taken off ("searches", "searched" → "search").
2. Words used in only one comment are dropped (they cannot link two comments); each comment
   is then weighted by TF-IDF: a word counts more when it is rare across the comments.
3. When there are many words, they are folded into a few underlying topics (latent semantic
   analysis, `TruncatedSVD`), so two comments using related words can still meet.
4. k-means puts the comments into `k` groups, from a fixed starting seed, so the same
   comments always give the same groups. `k` is chosen by the person, or is the rule of thumb
   √(n/2) for n comments.
5. Each group is named after its most weighted words; groups of one comment are not
   suggested, and comments with no word in common with any other stay where they are.

`score` measures suggestions against comments labelled by topic: purity (how much of each
group is one topic) and coverage (how much of each topic lands in a single group).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

SEED = 0  # the same comments give the same suggestions, every time
TOPIC_DIMENSIONS = 15  # latent topics used once there are more distinct words than this
MAX_GROUPS = 12
NAME_WORDS = 3

# Words nearly every comment about policing uses: they say nothing about which subject it is on.
POLICING_WORDS = frozenset(
    {
        "police", "policing", "officer", "force", "people", "community", "communities",
        "want", "feel", "make", "like", "told", "say", "help", "know", "just", "year", "time",
        "think", "really", "thing", "lot", "way", "need", "good", "bad",
    }
)  # fmt: skip
STOP = ENGLISH_STOP_WORDS | POLICING_WORDS
_WORD = re.compile(r"[a-z]+")


def stem(word: str) -> str:
    """A light English stemmer: plural and verb endings off, so forms of a word meet."""
    for ending in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:-1] + "y" if word.endswith("i") else word


def _pairs(text: str) -> list[tuple[str, str]]:
    """(stem, the word as written) for each word of a comment that can say what it is about."""
    kept = []
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in STOP:
            continue
        stemmed = stem(word)
        if stemmed not in STOP:
            kept.append((stemmed, word))
    return kept


def words(text: str) -> list[str]:
    """The words of a comment that can say what it is about, stemmed."""
    return [stemmed for stemmed, _ in _pairs(text)]


def _written(texts: Sequence[str]) -> dict[str, str]:
    """Each stem's most used written form ("stopp" is shown as "stopped"), for names."""
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for stemmed, word in _pairs(text):
            forms.setdefault(stemmed, Counter())[word] += 1
    return {s: min(c.items(), key=lambda item: (-item[1], item[0]))[0] for s, c in forms.items()}


def default_groups(n: int) -> int:
    """How many groups to look for when the person does not say: √(n/2), from 2 to 12."""
    return max(2, min(MAX_GROUPS, round(math.sqrt(n / 2))))


@dataclass(frozen=True)
class Group:
    """Comments suggested to share a theme: their positions in the input, and the words
    that weigh most in them (the first few make its suggested name)."""

    members: tuple[int, ...]
    terms: tuple[str, ...]

    @property
    def name(self) -> str:
        shown = list(self.terms[:NAME_WORDS])
        if not shown:
            return "Comments with words in common"
        return (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]).capitalize()


@dataclass(frozen=True)
class Suggestions:
    groups: tuple[Group, ...]
    left_out: tuple[int, ...]  # comments sharing no word with another, or alone in their group
    k: int


def suggest(texts: Sequence[str], *, k: int | None = None) -> Suggestions:
    """Groups of the texts, largest first; `k` groups are looked for (fewer when there are
    too few comments with words in common)."""
    if len(texts) < 2:
        return Suggestions((), tuple(range(len(texts))), 0)
    try:
        vectoriser = TfidfVectorizer(analyzer=words, sublinear_tf=True, min_df=2)
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # no word shared by two comments
        return Suggestions((), tuple(range(len(texts))), 0)
    linked = np.flatnonzero(matrix.getnnz(axis=1) > 0)
    weights = matrix[linked]
    distinct = len(np.unique(weights.toarray().round(12), axis=0))  # k-means cannot find more groups
    wanted = min(k or default_groups(len(texts)), distinct)
    if wanted < 2:
        if distinct == 1 and len(linked) > 1:  # every linked comment uses the same words: one group
            terms = tuple(_written(texts)[str(w)] for w in vectoriser.get_feature_names_out())
            left = tuple(i for i in range(len(texts)) if i not in set(linked.tolist()))
            return Suggestions((Group(tuple(int(i) for i in linked), terms),), left, 1)
        return Suggestions((), tuple(range(len(texts))), 0)
    space = weights
    if weights.shape[1] > TOPIC_DIMENSIONS:
        space = normalize(TruncatedSVD(TOPIC_DIMENSIONS, random_state=SEED).fit_transform(weights))
    labels = KMeans(wanted, random_state=SEED, n_init=10).fit(space).labels_
    vocabulary = vectoriser.get_feature_names_out()
    written = _written(texts)
    groups, left_out = [], [i for i in range(len(texts)) if i not in set(linked.tolist())]
    for label in sorted(set(labels.tolist())):
        rows = np.flatnonzero(labels == label)
        members = tuple(int(linked[r]) for r in rows)
        if len(members) < 2:
            left_out.extend(members)
            continue
        totals = np.asarray(weights[rows].sum(axis=0)).ravel()
        order = sorted(range(len(vocabulary)), key=lambda j: (-totals[j], vocabulary[j]))
        terms = tuple(written[str(vocabulary[j])] for j in order if totals[j] > 0)[:8]
        groups.append(Group(members, terms))
    groups.sort(key=lambda g: (-len(g.members), g.members))
    return Suggestions(tuple(groups), tuple(sorted(left_out)), wanted)


@dataclass(frozen=True)
class Score:
    purity: float  # of the comments in a suggestion, the share in its group's main topic
    coverage: float  # of all comments, the share that sit in the group holding most of their topic
    grouped: int
    total: int


def score(topics: Sequence[str], suggestions: Suggestions) -> Score:
    """Purity and coverage of suggestions against each comment's known topic. A comment left
    out counts against coverage (its topic did not land together) and not in purity."""
    group_of = {m: g for g, group in enumerate(suggestions.groups) for m in group.members}
    grouped = len(group_of)
    biggest = sum(Counter(topics[m] for m in group.members).most_common(1)[0][1] for group in suggestions.groups)
    together = 0
    for topic in set(topics):
        landed = Counter(group_of[i] for i, t in enumerate(topics) if t == topic and i in group_of)
        together += landed.most_common(1)[0][1] if landed else 0
    return Score(
        purity=biggest / grouped if grouped else 0.0,
        coverage=together / len(topics) if topics else 0.0,
        grouped=grouped,
        total=len(topics),
    )
