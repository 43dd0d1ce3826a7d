"""A point noted at an event by mistake can be removed by those who record engagement; the
audit trail keeps what it said, who removed it and when. What the public wrote (the form
after an event, receipts) cannot be removed this way, and the attempt is refused and audited."""

from __future__ import annotations

from datetime import date

import pytest

from parity.accounts.models import AuditEvent
from parity.engagement import services
from parity.engagement.models import Channel, Feedback
from tests.actions.helpers import Plan
from tests.pagecheck import text
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db


def test_a_point_noted_by_mistake_is_removed_and_the_removal_audited(role_world: RoleWorld, plan: Plan) -> None:
    owner = role_world.client("action-owner")
    f = role_world.home.slug
    event = services.add_event(plan.force, kind="advisory-group", title="IAG", held_on=date(2026, 9, 2), attendees=9)
    owner.post(f"/engagement/{f}/events/{event.pk}/feedback/add", {"text": "Typed at the wrong event."})
    mistake = Feedback.objects.get(text="Typed at the wrong event.")
    kept = services.add_feedback(plan.force, text="Another point.", event=event, by=plan.owner)
    page = owner.get(f"/engagement/{f}/feedback/{mistake.pk}/theme").page
    assert page.select_one(f"form[action='/engagement/{f}/feedback/{mistake.pk}/remove']") is not None
    assert "change or remove" in text(owner.get(f"/engagement/{f}/events/{event.pk}/").page.select_one("main"))

    outsider = role_world.client("action-owner@other-force")
    with outsider.unchecked():
        assert outsider.post(f"/engagement/{f}/feedback/{mistake.pk}/remove").status_code == 403
    assert Feedback.objects.filter(pk=mistake.pk).exists()

    removed = owner.post(f"/engagement/{f}/feedback/{mistake.pk}/remove")
    assert removed["Location"] == f"/engagement/{f}/events/{event.pk}/"
    assert not Feedback.objects.filter(pk=mistake.pk).exists() and Feedback.objects.filter(pk=kept.pk).exists()
    event_ = AuditEvent.objects.get(action="delete", object_id=str(mistake.pk), summary__contains="by mistake")
    assert "removed as noted by mistake: Typed at the wrong event." in event_.summary
    assert event_.actor == plan.owner and event_.force_id == plan.force.pk


def test_what_the_public_wrote_cannot_be_removed(role_world: RoleWorld, plan: Plan) -> None:
    owner = role_world.client("action-owner")
    f = role_world.home.slug
    event = services.add_event(plan.force, kind="advisory-group", title="IAG", held_on=date(2026, 9, 2), attendees=9)
    public = services.add_feedback(plan.force, text="Said on the public form.", event=event, channel=Channel.EVENT)
    page = owner.get(f"/engagement/{f}/feedback/{public.pk}/theme").page
    assert page.select_one("form[action$='/remove']") is None
    refused = owner.post(f"/engagement/{f}/feedback/{public.pk}/remove")
    assert refused["Location"] == f"/engagement/{f}/feedback/{public.pk}/theme"
    assert Feedback.objects.filter(pk=public.pk).exists()
    assert AuditEvent.objects.filter(allowed=False, actor=plan.owner, summary__contains="cannot be removed").exists()
