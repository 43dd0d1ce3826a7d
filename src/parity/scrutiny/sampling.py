"""Sampling rules: how a panel chooses the records it reviews. Every rule goes through here.

A rule has two parts. `select` narrows the records a panel may sample (one force, one
period, those already in the panel's samples left out) to the ones the rule is about:
"every strip search" keeps the strip searches, simple random keeps them all. The draw then
takes the sample from what was selected:

- no more records than the sample size: every one of them (so "every strip search" means
  every one, when there are few enough);
- more: a seeded random choice of `size` of them; with `stratify`, the size is shared
  among the strata (by ethnic group, outcome ...) in proportion to their size, or equally.

The draw depends only on the selected records' ids and the seed, never on the order a
database returns rows in, so the same seed over the same records gives the same sample on
SQLite and PostgreSQL. Other domains add rules in their `AppConfig.ready()`:

    from parity.scrutiny.sampling import register_rule

    register_rule(
        "negative-feedback",
        "Every stop with negative feedback",
        "Stops where the person said, through their receipt, that they were unhappy.",
        lambda records, params: records.filter(receipt__feedback__negative=True),
    )
"""

from __future__ import annotations

import random
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Count, QuerySet

from parity.errors import ParityError
from parity.powers.models import StopSearch
from parity.reference.ethnicity import Group, group_of
from parity.reference.vocab import (
    AGE_BAND_ORDER,
    AGE_BANDS,
    CHILD_AGE_BANDS,
    LEGISLATION_BY_CODE,
    OUTCOME_LABELS,
    Outcome,
    PowerGroup,
)

Params = Mapping[str, str]
# A rule samples stop-and-search records, or use-of-force reports (`dataset`); its select
# narrows a QuerySet of that dataset's model.
Dataset = Literal["stop-search", "use-of-force"]
STOP_SEARCH: Dataset = "stop-search"
USE_OF_FORCE: Dataset = "use-of-force"
# What each dataset is called where a chair chooses a rule: (name, what its records are).
DATASET_NAMES: dict[Dataset, tuple[str, str]] = {
    STOP_SEARCH: ("Stop and search", "stop-and-search records"),
    USE_OF_FORCE: ("Use of force", "use-of-force reports"),
}
Select = Callable[[QuerySet[Any], Params], QuerySet[Any]]
# Each selected record's stratum, by record id: {record id: "Black", ...}.
Stratify = Callable[[QuerySet[StopSearch]], Mapping[int, str]]
Choices = Callable[[QuerySet[StopSearch]], list[tuple[str, str]]]
Kind = Literal["random", "stratified", "targeted"]
Allocation = Literal["proportional", "equal"]
NOT_RECORDED = "Not recorded"
MAX_SEED = 2**31 - 1


class UnknownRule(ParityError, KeyError):
    """No rule is registered under this key."""


class EmptySelection(ParityError, ValueError):
    """There is nothing to sample from; the message says why, in plain words."""


@dataclass(frozen=True)
class RuleParam:
    """A value the person drawing the sample gives the rule (an officer pseudonym, say)."""

    name: str
    label: str
    hint: str = ""
    required: bool = False
    # Offered as a drop-down, worked out from the records the sample is drawn from.
    choices: Choices | None = None


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    description: str
    select: Select
    kind: Kind = "targeted"
    params: tuple[RuleParam, ...] = ()
    stratify: Stratify | None = None
    dataset: Dataset = STOP_SEARCH


_RULES: dict[str, Rule] = {}


def register_rule(
    key: str,
    label: str,
    description: str,
    select: Select,
    *,
    kind: Kind | None = None,
    params: Sequence[RuleParam] = (),
    stratify: Stratify | None = None,
    dataset: Dataset = STOP_SEARCH,
) -> Rule:
    """Make a rule available to every panel, under a key that never changes (samples record it).

    key: short, lower-case, hyphenated ("negative-feedback"); stored with each sample.
    label, description: plain English, shown to the panel chair choosing a rule.
    select(records, params): the records the rule is about, as a narrower QuerySet of
        `records` (never a list: the draw counts and reads ids from it).
    kind: how the rule is grouped on the page; "targeted" unless it stratifies.
    params: values asked for when drawing, passed to `select` by name (strings, "" if blank).
    stratify(selected): each selected record's stratum; the draw shares the sample among them.
    dataset: what the rule samples: stop-search records (the default) or use-of-force reports.
    Registering a different rule under a key already taken is an error.
    """
    if not key or key != key.strip().lower() or " " in key:
        raise ValueError(f"a rule key is short, lower-case and hyphenated, not {key!r}")
    rule = Rule(
        key,
        label,
        description,
        select,
        kind or ("stratified" if stratify else "targeted"),
        tuple(params),
        stratify,
        dataset,
    )
    held = _RULES.get(key)
    if held is not None and held != rule:
        raise ValueError(f"another sampling rule is already registered as {key!r}: {held.label}")
    _RULES[key] = rule
    return rule


def unregister_rule(key: str) -> None:
    """Remove a rule (for tests that register their own)."""
    _RULES.pop(key, None)


def rules() -> list[Rule]:
    """Every rule, by dataset (stop and search first), then random, stratified, targeted, in
    the order registered."""
    order = {"random": 0, "stratified": 1, "targeted": 2}
    datasets = list(DATASET_NAMES)
    return sorted(_RULES.values(), key=lambda r: (datasets.index(r.dataset), order[r.kind]))


def rule_text(rule: Rule) -> str:
    """A rule's label, led by the kind of record it draws ("Use of force: ...")."""
    name = DATASET_NAMES[rule.dataset][0]
    return rule.label if rule.label.lower().startswith(name.lower()) else f"{name}: {rule.label}"


def get_rule(key: str) -> Rule:
    try:
        return _RULES[key]
    except KeyError:
        raise UnknownRule(key) from None


# --- drawing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    """The outcome of one draw: which records, from how many, and how the size was shared."""

    chosen: tuple[int, ...]  # record ids, ascending
    selected: int  # records the rule selected
    allocation: dict[str, tuple[int, int]] = field(default_factory=dict)  # stratum: (taken, of)

    @property
    def took_every_record(self) -> bool:
        return len(self.chosen) == self.selected


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED) + 1


def draw(
    records: QuerySet[Any],
    rule: Rule,
    params: Params,
    size: int,
    seed: int,
    *,
    allocation: Allocation = "proportional",
) -> Draw:
    """Draw up to `size` records by `rule` from `records`, reproducibly for a given seed.

    Raises EmptySelection when the rule selects nothing.
    """
    if size < 1:
        raise ValueError("a sample has at least one record")
    selected = rule.select(records, params)
    ids = sorted(selected.values_list("pk", flat=True))
    if not ids:
        raise EmptySelection(f"No records match “{rule.label}”.")
    rng = random.Random(seed)  # noqa: S311 - reproducible by design: anyone with the seed can check the draw
    if rule.stratify is None:
        chosen = ids if len(ids) <= size else rng.sample(ids, size)
        return Draw(tuple(sorted(chosen)), len(ids))
    strata = rule.stratify(selected)
    groups: dict[str, list[int]] = defaultdict(list)
    for pk in ids:
        groups[strata.get(pk, NOT_RECORDED)].append(pk)
    shares = allocate({label: len(members) for label, members in groups.items()}, size, allocation)
    chosen = []
    for label in sorted(groups):
        chosen += rng.sample(groups[label], shares[label])
    return Draw(
        tuple(sorted(chosen)),
        len(ids),
        {label: (shares[label], len(groups[label])) for label in sorted(groups)},
    )


def allocate(sizes: Mapping[str, int], total: int, how: Allocation = "proportional") -> dict[str, int]:
    """Share `total` among strata of these sizes, never more than a stratum holds.

    Proportional: each stratum's exact share rounded down, then the remaining places to the
    largest remainders (ties to the larger stratum, then alphabetically), so the shares add
    up to `total` (or to every record, if there are fewer). Equal: the same number from each,
    the places a small stratum cannot fill passed on to the others.
    """
    available = sum(sizes.values())
    total = min(total, available)
    labels = sorted(sizes)
    if how == "equal":
        shares = dict.fromkeys(labels, 0)
        left = total
        while left:
            open_ = [label for label in labels if shares[label] < sizes[label]]
            each = max(left // len(open_), 1)
            for label in open_:
                take = min(each, sizes[label] - shares[label], left)
                shares[label] += take
                left -= take
                if not left:
                    break
        return shares
    exact = {label: total * sizes[label] / available for label in labels}
    shares = {label: int(exact[label]) for label in labels}
    remaining = total - sum(shares.values())
    by_remainder = sorted(labels, key=lambda label: (-(exact[label] - shares[label]), -sizes[label], label))
    for label in by_remainder[:remaining]:
        shares[label] += 1
    return shares


# --- what a set of records is made of ------------------------------------------------------

# The characteristics a sample's make-up is shown by: (key, heading, record field, label).
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("ethnicity", "Ethnic group (self-defined)"),
    ("age", "Age"),
    ("outcome", "Outcome"),
    ("legislation", "Power used"),
)


def ethnicity_label(sde_code: str | None) -> str:
    group = group_of(sde_code) if sde_code else Group.NOT_STATED
    return group.label


def age_label(age_band: str | None) -> str:
    labels = {t.code: t.label for t in AGE_BANDS.values()}
    return labels.get(age_band or "", NOT_RECORDED)


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS[Outcome(outcome)] if outcome in set(Outcome) else NOT_RECORDED


def legislation_label(code: str | None) -> str:
    term = LEGISLATION_BY_CODE.get(code or "")
    return term.label if term else NOT_RECORDED


_LABELLERS: dict[str, tuple[str, Callable[[str | None], str]]] = {
    "ethnicity": ("sde_code", ethnicity_label),
    "age": ("age_band", age_label),
    "outcome": ("outcome", outcome_label),
    "legislation": ("legislation", legislation_label),
}


def label_order(dimension: str, labels: list[str]) -> list[str]:
    """Categories in the order people expect: groups and ages in their usual order."""
    if dimension == "ethnicity":
        known = [g.label for g in Group]
    elif dimension == "age":
        known = [age_label(code) for code in AGE_BAND_ORDER]
    else:
        known = []
    rank = {label: i for i, label in enumerate(known)}
    return sorted(labels, key=lambda label: (label == NOT_RECORDED, rank.get(label, len(rank)), label))


def composition(records: QuerySet[StopSearch]) -> dict[str, dict[str, int]]:
    """Counts of the records by each of DIMENSIONS: {"ethnicity": {"Black": 12, ...}, ...}."""
    columns = [column for column, _ in _LABELLERS.values()]
    counters: dict[str, Counter[str]] = {key: Counter() for key in _LABELLERS}
    for values in records.values_list(*columns).order_by().iterator(chunk_size=5000):
        for (key, (_, labeller)), value in zip(_LABELLERS.items(), values, strict=True):
            counters[key][labeller(value)] += 1
    return {key: dict(counter) for key, counter in counters.items()}


# --- the built-in rules --------------------------------------------------------------------


def _everything(records: QuerySet[StopSearch], params: Params) -> QuerySet[StopSearch]:
    return records


def _stratify_by(column: str, labeller: Callable[[str | None], str]) -> Stratify:
    def stratify(selected: QuerySet[StopSearch]) -> dict[int, str]:
        return {pk: labeller(value) for pk, value in selected.values_list("pk", column).order_by()}

    return stratify


def _children_nfa(records: QuerySet[StopSearch], params: Params) -> QuerySet[StopSearch]:
    return records.filter(outcome=Outcome.NO_FURTHER_ACTION, age_band__in=sorted(CHILD_AGE_BANDS))


def _strip_searches(records: QuerySet[StopSearch], params: Params) -> QuerySet[StopSearch]:
    return records.filter(removal_more_than_outer=True)


SECTION_60_CODES = sorted(
    code for code, term in LEGISLATION_BY_CODE.items() if term.power_group == PowerGroup.SECTION_60
)


def _section_60(records: QuerySet[StopSearch], params: Params) -> QuerySet[StopSearch]:
    return records.filter(legislation__in=SECTION_60_CODES)


MANY_SEARCHES = 5  # an officer pseudonym offered for the officer rule needs at least this many


def busiest_officers(records: QuerySet[StopSearch], limit: int = 20) -> list[tuple[str, int]]:
    """Officer pseudonyms with at least MANY_SEARCHES searches among `records`, busiest first."""
    rows = (
        records.exclude(detail__officer_pseudonym="")
        .filter(detail__isnull=False)
        .values("detail__officer_pseudonym")
        .annotate(searches=Count("pk"))
        .filter(searches__gte=MANY_SEARCHES)
        .order_by("-searches", "detail__officer_pseudonym")[:limit]
    )
    return [(row["detail__officer_pseudonym"], row["searches"]) for row in rows]


def _officer_choices(records: QuerySet[StopSearch]) -> list[tuple[str, str]]:
    return [(name, f"{name} ({count:,} searches)") for name, count in busiest_officers(records)]


def _one_officer(records: QuerySet[StopSearch], params: Params) -> QuerySet[StopSearch]:
    officer = (params.get("officer") or "").strip()
    if not officer:
        busiest = busiest_officers(records, limit=1)
        if not busiest:
            return records.none()
        officer = busiest[0][0]
    return records.filter(detail__officer_pseudonym=officer)


def _register_built_in_rules() -> None:
    register_rule(
        "random",
        "Simple random sample",
        "Any record from the period is as likely to be chosen as any other.",
        _everything,
        kind="random",
    )
    for key, label, labels, column, labeller in (
        ("ethnicity", "ethnic group", "ethnic groups", "sde_code", ethnicity_label),
        ("outcome", "outcome", "outcomes", "outcome", outcome_label),
        ("legislation", "power used", "powers used", "legislation", legislation_label),
        ("age", "age group", "age groups", "age_band", age_label),
    ):
        register_rule(
            f"stratified-{key}",
            f"Random sample spread across each {label}",
            f"The sample is shared among the records' {labels}, so each {label} is represented.",
            _everything,
            stratify=_stratify_by(column, labeller),
        )
    register_rule(
        "children-no-further-action",
        "Every search of a child that ended with no further action",
        "Searches of people under 18 where nothing further was done.",
        _children_nfa,
    )
    register_rule(
        "strip-searches",
        "Every strip search",
        "Searches that removed more than outer clothing.",
        _strip_searches,
    )
    register_rule(
        "section-60",
        "Every section 60 search",
        "Searches without suspicion, under section 60 of the Criminal Justice and Public Order Act 1994.",
        _section_60,
    )
    register_rule(
        "one-officer",
        "The searches by one officer with many searches",
        "Every search recorded under one officer pseudonym. Only force extracts carry officer pseudonyms.",
        _one_officer,
        params=[
            RuleParam(
                "officer",
                "Officer pseudonym",
                hint=f"Officers with at least {MANY_SEARCHES} searches in the period. "
                "Leave blank for the officer with the most.",
                choices=_officer_choices,
            )
        ],
    )


_register_built_in_rules()
