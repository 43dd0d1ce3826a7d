"""Sampling rules: the registry, the seeded draw, the built-in rules on real records, and
what happens when there is nothing to sample."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import cast

import pytest
from django.db.models import QuerySet

from parity.powers.models import StopSearch
from parity.reference.models import Force
from parity.reference.vocab import CHILD_AGE_BANDS, Outcome
from parity.scrutiny import sampling
from parity.scrutiny.models import Case, Meeting, Panel
from parity.scrutiny.sampling import EmptySelection, RuleParam, allocate, draw, get_rule, register_rule
from parity.scrutiny.services.samples import MeetingFull, SampleRequest, candidates, draw_sample, reproduce

Q1_2021 = (dt.date(2021, 1, 1), dt.date(2021, 3, 31))


@pytest.fixture
def wiltshire_panel(loaded: object) -> Panel:
    return Panel.objects.create(force=Force.objects.get(slug="wiltshire"), name="Test panel", kind="stop-and-search")


@pytest.fixture
def meeting(wiltshire_panel: Panel) -> Meeting:
    return Meeting.objects.create(panel=wiltshire_panel, held_on=dt.date(2021, 5, 4))


def q1(panel: Panel) -> QuerySet[StopSearch]:
    return StopSearch.objects.filter(force=panel.force, local_date__range=Q1_2021)


# --- the registry ---------------------------------------------------------------------------


def test_a_registered_rule_is_offered_and_drawn_like_the_built_in_ones(wiltshire_panel: Panel) -> None:
    rule = register_rule(
        "test-arrests",
        "Every arrest",
        "Searches that ended in arrest.",
        lambda records, params: records.filter(outcome=Outcome.ARREST),
    )
    try:
        assert rule in sampling.rules() and rule.kind == "targeted"
        result = draw(q1(wiltshire_panel), rule, {}, 5, seed=7)
        assert len(result.chosen) == 5
        assert set(StopSearch.objects.filter(pk__in=result.chosen).values_list("outcome", flat=True)) == {"arrest"}
    finally:
        sampling.unregister_rule("test-arrests")


def test_a_key_cannot_be_taken_twice() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_rule("random", "Another random", "", lambda records, params: records)
    with pytest.raises(ValueError, match="lower-case"):
        register_rule("Has Spaces", "x", "", lambda records, params: records)


def test_the_built_in_rules_are_registered_in_order() -> None:
    keys = [rule.key for rule in sampling.rules()]
    assert keys[0] == "random"
    for key in ("stratified-ethnicity", "stratified-outcome", "stratified-legislation", "stratified-age"):
        assert get_rule(key).kind == "stratified"
    for key in ("children-no-further-action", "strip-searches", "section-60", "one-officer"):
        assert get_rule(key).kind == "targeted"
    assert get_rule("one-officer").params == (get_rule("one-officer").params[0],)
    assert isinstance(get_rule("one-officer").params[0], RuleParam)
    with pytest.raises(sampling.UnknownRule):
        get_rule("no-such-rule")


# --- the draw -------------------------------------------------------------------------------


def test_the_same_seed_draws_the_same_records_and_another_seed_others(wiltshire_panel: Panel) -> None:
    rule = get_rule("random")
    first = draw(q1(wiltshire_panel), rule, {}, 12, seed=2024)
    again = draw(q1(wiltshire_panel).order_by("-pk"), rule, {}, 12, seed=2024)  # row order does not matter
    other = draw(q1(wiltshire_panel), rule, {}, 12, seed=2025)
    assert first.chosen == again.chosen
    assert first.chosen != other.chosen
    assert len(first.chosen) == 12 and first.selected == q1(wiltshire_panel).count()


def test_proportional_allocation_adds_up_and_follows_the_sizes() -> None:
    assert allocate({"A": 50, "B": 30, "C": 20}, 10) == {"A": 5, "B": 3, "C": 2}
    assert allocate({"A": 5, "B": 3, "C": 2}, 3) == {"A": 1, "B": 1, "C": 1}  # 1.5, 0.9, 0.6: largest remainders
    assert sum(allocate({"A": 7, "B": 7, "C": 7}, 10).values()) == 10
    assert allocate({"A": 2, "B": 1}, 10) == {"A": 2, "B": 1}  # fewer records than places: all of them


def test_equal_allocation_passes_on_what_a_small_group_cannot_fill() -> None:
    assert allocate({"A": 100, "B": 100, "C": 2}, 12, "equal") == {"A": 5, "B": 5, "C": 2}
    assert allocate({"A": 100, "B": 100}, 7, "equal") in ({"A": 4, "B": 3}, {"A": 3, "B": 4})


def test_a_stratified_sample_is_shared_among_ethnic_groups_in_proportion(wiltshire_panel: Panel) -> None:
    records = q1(wiltshire_panel)
    rule = get_rule("stratified-ethnicity")
    result = draw(records, rule, {}, 40, seed=11)
    sizes = Counter(sampling.ethnicity_label(code) for code in records.values_list("sde_code", flat=True))
    assert {label: of for label, (_, of) in result.allocation.items()} == dict(sizes)
    assert sum(taken for taken, _ in result.allocation.values()) == 40
    chosen = Counter(
        sampling.ethnicity_label(code)
        for code in StopSearch.objects.filter(pk__in=result.chosen).values_list("sde_code", flat=True)
    )
    assert {label: taken for label, (taken, _) in result.allocation.items() if taken} == dict(chosen)
    assert chosen["White"] > chosen["Black"] > 0  # Wiltshire's records are mostly of White people


def test_equal_allocation_gives_each_group_the_same_share(wiltshire_panel: Panel) -> None:
    result = draw(q1(wiltshire_panel), get_rule("stratified-ethnicity"), {}, 12, seed=3, allocation="equal")
    assert sum(n for n, _ in result.allocation.values()) == 12
    # Groups too small for an equal share give every record; the rest differ by one at most.
    full = [n for n, of in result.allocation.values() if n < of]
    assert max(full) - min(full) <= 1, result.allocation
    assert all(n == of for n, of in result.allocation.values() if n < min(full)), result.allocation


# --- the targeted rules, on real records ----------------------------------------------------


def test_targeted_rules_select_exactly_their_records(wiltshire_panel: Panel) -> None:
    records = StopSearch.objects.filter(force=wiltshire_panel.force)
    children = get_rule("children-no-further-action").select(records, {})
    assert children.exists()
    assert set(children.values_list("outcome", flat=True)) == {"nfa"}
    assert set(children.values_list("age_band", flat=True)) <= CHILD_AGE_BANDS
    strip = get_rule("strip-searches").select(records, {})
    assert strip.count() == records.filter(removal_more_than_outer=True).count() > 0
    s60 = get_rule("section-60").select(records, {})
    assert set(s60.values_list("legislation", flat=True)) <= {"cjpoa-s60"}


def test_every_record_is_taken_when_the_rule_finds_fewer_than_asked(wiltshire_panel: Panel) -> None:
    records = q1(wiltshire_panel)
    strip = get_rule("strip-searches")
    expected = sorted(strip.select(records, {}).values_list("pk", flat=True))
    assert 0 < len(expected) < 200
    result = draw(records, strip, {}, 200, seed=1)
    assert list(result.chosen) == expected and result.took_every_record


def test_the_officer_rule_finds_nothing_in_records_without_pseudonyms(wiltshire_panel: Panel) -> None:
    with pytest.raises(EmptySelection):
        draw(q1(wiltshire_panel), get_rule("one-officer"), {"officer": ""}, 5, seed=1)


# --- drawing for a meeting ------------------------------------------------------------------


def test_a_sample_records_its_seed_and_make_up_and_can_be_reproduced(meeting: Meeting) -> None:
    sample = draw_sample(meeting, SampleRequest("stratified-outcome", *Q1_2021, size=15, seed=99))
    cases = list(sample.cases.order_by("number"))
    assert sample.seed == 99 and len(cases) == 15 and [c.number for c in cases] == list(range(1, 16))
    assert reproduce(sample) == tuple(sorted(cast(int, c.record_id) for c in cases))
    makeup = sample.makeup["outcome"]
    assert sum(makeup["sample"].values()) == 15
    assert sum(makeup["period"].values()) == sample.records_in_period == q1(meeting.panel).count()
    assert set(makeup["sample"]) <= set(makeup["period"])
    # Each case keeps its own redacted copy: no map point, no raw source text.
    assert "latitude" not in cases[0].snapshot and "raw" not in cases[0].snapshot
    assert cases[0].snapshot["date"] >= "2021-01-01"


def test_records_already_sampled_by_the_panel_are_left_out(meeting: Meeting) -> None:
    first = draw_sample(meeting, SampleRequest("random", *Q1_2021, size=30, seed=5))
    second = draw_sample(meeting, SampleRequest("random", *Q1_2021, size=30, seed=5))
    one = set(first.cases.values_list("record_id", flat=True))
    two = set(second.cases.values_list("record_id", flat=True))
    assert not one & two
    assert second.left_out == 30 and second.records_in_period == first.records_in_period - 30
    assert [c.number for c in second.cases.order_by("number")] == list(range(31, 61))
    # The first sample can still be reproduced: only earlier samples count against it.
    assert reproduce(first) == tuple(sorted(one))
    assert not candidates(meeting.panel, *Q1_2021).filter(pk__in=one | two).exists()


def test_sampling_from_an_empty_period_says_so_plainly(meeting: Meeting) -> None:
    with pytest.raises(EmptySelection) as empty:
        draw_sample(meeting, SampleRequest("random", dt.date(2030, 1, 1), dt.date(2030, 3, 31), size=5))
    assert str(empty.value) == (
        "There is nothing to sample: Parity holds no stop-and-search records for Wiltshire "
        "between 1 January 2030 and 31 March 2030. Its stop-and-search records run from 1 January 2019 to "
        "31 October 2021: choose dates within them."
    )
    assert not Case.objects.exists()


def test_a_use_of_force_rule_on_nothing_held_says_which_reports_are_held(meeting: Meeting) -> None:
    # Wiltshire holds stop-and-search records but no use-of-force reports: the message says
    # so, rather than giving the searches' dates as if they were the reports'.
    with pytest.raises(EmptySelection) as empty:
        draw_sample(meeting, SampleRequest("use-of-force-random", dt.date(2021, 1, 1), dt.date(2021, 3, 31), size=5))
    assert str(empty.value).endswith("No use-of-force reports for Wiltshire have been imported yet.")
    assert "use-of-force reports for Wiltshire between 1 January 2021" in str(empty.value)


def test_a_rule_that_matches_nothing_says_which_rule_and_period(meeting: Meeting) -> None:
    with pytest.raises(EmptySelection) as empty:
        draw_sample(meeting, SampleRequest("section-60", dt.date(2021, 1, 1), dt.date(2021, 1, 2), size=5))
    message = str(empty.value)
    assert message.startswith("There is nothing to sample: none of the ")
    assert "match “Every section 60 search”" in message and "Choose a longer period or another rule." in message


def test_a_meetings_samples_are_capped_by_the_setting(meeting: Meeting, settings: object) -> None:
    settings.PARITY_MEETING_MAX_CASES = 40  # type: ignore[attr-defined]
    draw_sample(meeting, SampleRequest("random", *Q1_2021, size=30, seed=5))
    with pytest.raises(MeetingFull) as full:
        draw_sample(meeting, SampleRequest("random", *Q1_2021, size=30, seed=6))
    assert str(full.value) == (
        "This meeting already has 30 cases and can have at most 40; this sample would add 30. "
        "To draw it, choose 10 or fewer cases."
    )
    assert Case.objects.filter(sample__meeting=meeting).count() == 30
    draw_sample(meeting, SampleRequest("random", *Q1_2021, size=10, seed=6))
    with pytest.raises(MeetingFull, match="remove a sample to draw another"):
        draw_sample(meeting, SampleRequest("random", *Q1_2021, size=1, seed=7))
    # Another meeting of the same panel has its own allowance.
    later = Meeting.objects.create(panel=meeting.panel, held_on=dt.date(2021, 8, 3))
    assert draw_sample(later, SampleRequest("random", *Q1_2021, size=40, seed=8)).cases.count() == 40
