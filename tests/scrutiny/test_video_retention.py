"""The usual body-worn-video retention period (PARITY_BWV_RETENTION_DAYS) is shown in plain
words where a panel sets its own and where a case's video log says when footage is deleted."""

from __future__ import annotations

import pytest

from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny.models import Panel
from tests.pagecheck import CheckedClient, text
from tests.roles import sign_in_second_factor
from tests.scrutiny.helpers import build

pytestmark = pytest.mark.django_db


def test_the_usual_retention_period_is_shown_until_the_panel_sets_its_own(
    client: CheckedClient, settings: object
) -> None:
    settings.PARITY_BWV_RETENTION_DAYS = 45  # type: ignore[attr-defined]
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="Video panel", kind=Panel.Kind.STOP_AND_SEARCH)
    records = build(panel)
    chair = User.objects.create_user("chair@video.test")
    RoleAssignment.objects.create(user=chair, role=Role.PANEL_CHAIR, force=wiltshire, panel=panel)
    client.force_login(chair)
    sign_in_second_factor(client, chair)

    page = client.get(f"/scrutiny/panels/{panel.pk}/settings").page
    assert "Leave blank for the usual period, 45 days." in text(page.select_one("main"))
    assert text(page.select_one("#retention-now")) == "The panel uses the usual period now: 45 days."
    video = text(client.get(f"/scrutiny/cases/{records.case.pk}/video").page.select_one("main"))
    assert "for 45 days (the usual period, as the panel has not set its force’s own)" in video

    sent = {"verdict_scale": "Fine\nNot fine", "themes": "", "bwv_retention_days": "60", "answer_within_days": "28"}
    assert client.post(f"/scrutiny/panels/{panel.pk}/settings", sent).status_code == 302
    page = client.get(f"/scrutiny/panels/{panel.pk}/settings").page
    assert text(page.select_one("#retention-now")) == "The panel uses its own period now: 60 days."
    video = text(client.get(f"/scrutiny/cases/{records.case.pk}/video").page.select_one("main"))
    assert "for 60 days (the period set in the panel’s settings)" in video
