"""Feedback reaches the panels: the sampling rule "every stop with negative feedback" and the
case-pack section showing what the person said, through scrutiny's own registries and pages."""

from __future__ import annotations

import datetime as dt

import pytest

from parity.powers.models import StopSearch
from parity.recording import feedback, moderation, scrutiny
from parity.recording.models import Stop
from parity.scrutiny import casepack, sampling
from parity.scrutiny.services.meetings import create_meeting
from parity.scrutiny.services.samples import SampleRequest, draw_sample
from tests.pagecheck import text
from tests.recording.helpers import save_stop
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db


def _feedback(stop: Stop, **answers: str) -> None:
    feedback.save(stop, answers)


def test_the_rule_and_the_section_are_registered() -> None:
    rule = sampling.get_rule(scrutiny.RULE_KEY)
    assert rule.label == "Every stop with negative feedback" and rule.kind == "targeted"
    assert scrutiny.SECTION_KEY in {s.key for s in casepack.sections()}


def test_the_rule_selects_searches_with_negative_feedback_on_them_or_on_the_stop_before(role_world: RoleWorld) -> None:
    officer, force = role_world.user("officer"), role_world.home
    assert officer is not None
    unhappy = save_stop(officer, force, "search")
    _feedback(unhappy, respect="no")
    happy = save_stop(officer, force, "search")
    _feedback(happy, respect="yes", satisfaction="very-satisfied")
    silent = save_stop(officer, force, "search")
    vehicle = save_stop(officer, force, "vehicle", outcome="searched")
    after_vehicle = save_stop(officer, force, "search", follows=vehicle)
    _feedback(vehicle, satisfaction="very-dissatisfied", comments="Pulled over for nothing")
    pool = StopSearch.objects.filter(force=force)
    chosen = set(sampling.get_rule(scrutiny.RULE_KEY).select(pool, {}).values_list("pk", flat=True))
    assert chosen == {unhappy.stop_search_id, after_vehicle.stop_search_id}
    assert silent.stop_search_id not in chosen and happy.stop_search_id not in chosen


def test_imported_records_have_no_receipt_section(loaded: object, role_world: RoleWorld) -> None:
    imported = StopSearch.objects.filter(force=role_world.home).first()
    assert imported is not None
    assert scrutiny.receipt_feedback(imported, role_world.user("panel-member")) is None


def test_a_drawn_case_shows_the_persons_feedback_in_its_case_pack(role_world: RoleWorld) -> None:
    officer, force = role_world.user("officer"), role_world.home
    assert officer is not None
    vehicle = save_stop(officer, force, "vehicle", outcome="searched")
    search = save_stop(officer, force, "search", follows=vehicle)
    _feedback(vehicle, respect="no", told_why="no", satisfaction="very-dissatisfied",
              comments="<b>Three of us</b> were made to stand in the rain.", self_defined="B1")  # fmt: skip
    save_stop(officer, force, "search")  # no feedback: never drawn by this rule
    moderation.approve(vehicle.feedback.get(), [], by=role_world.user("analyst"))
    meeting = create_meeting(role_world.panel, dt.date.today())
    today = dt.date.today()
    sample = draw_sample(
        meeting, SampleRequest(scrutiny.RULE_KEY, today - dt.timedelta(days=30), today, size=10, seed=1)
    )
    [case] = sample.cases.all()
    assert case.record_id == search.stop_search_id
    page = role_world.client("panel-member").get(f"/scrutiny/cases/{case.pk}/").page
    headings = [text(h) for h in page.select("h2")]
    assert "What the person told us through their receipt" in headings
    section = page.find("h2", string="What the person told us through their receipt").find_parent()
    shown = text(section)
    assert "Very dissatisfied" in shown and "Black: Caribbean" in shown
    assert "<b>Three of us</b> were made to stand in the rain." in shown, "shown as approved, as text"
    assert not section.select("b"), "what the person typed is never markup"
    assert vehicle.reference not in str(page), "the receipt reference is a key: panels never see it"
