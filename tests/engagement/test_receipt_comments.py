"""A comment left through a receipt is named by the kind of stop it followed: every kind of
stop is given a receipt, so a vehicle stop's comment is never called a stop-and-search one."""

from __future__ import annotations

import pytest

from parity.engagement.models import Feedback
from parity.recording import feedback, moderation
from tests.pagecheck import text
from tests.recording.helpers import save_stop
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db


def test_a_vehicle_stops_receipt_comment_is_not_labelled_a_stop_and_search_receipt(role_world: RoleWorld) -> None:
    officer, force = role_world.user("officer"), role_world.home
    vehicle = save_stop(officer, force, "vehicle", outcome="searched")
    search = save_stop(officer, force, "search")
    feedback.save(vehicle, {"satisfaction": "very-dissatisfied", "comments": "Pulled over for nothing."})
    feedback.save(search, {"satisfaction": "very-satisfied", "comments": "Polite and quick."})
    for item in (vehicle.feedback.get(), search.feedback.get()):
        moderation.approve(item, [], by=role_world.user("analyst"))
    assert Feedback.objects.get(text="Pulled over for nothing.").source == "Through a receipt for a vehicle stop"
    assert Feedback.objects.get(text="Polite and quick.").source == "Through a receipt for a stop and search"
    page = text(role_world.client("engagement-officer").get(f"/engagement/{force.slug}/").page.select_one("main"))
    assert "Pulled over for nothing. (Through a receipt for a vehicle stop)" in page
    assert "stop-and-search receipt" not in page
