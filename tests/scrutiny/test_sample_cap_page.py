"""A chair who asks for more cases than a meeting may hold is told so on the form."""

from __future__ import annotations

import datetime as dt

import pytest

from parity.scrutiny.models import Case, Meeting
from tests.pagecheck import text
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db
PERIOD = {"period_start-day": "1", "period_start-month": "6", "period_start-year": "2020"} | {
    "period_end-day": "30",
    "period_end-month": "6",
    "period_end-year": "2020",
}


def test_the_sample_form_says_how_many_more_cases_the_meeting_may_hold(role_world: RoleWorld, settings: object) -> None:
    settings.PARITY_MEETING_MAX_CASES = 8  # type: ignore[attr-defined]
    meeting = Meeting.objects.create(panel=role_world.panel, held_on=dt.date(2021, 7, 6))
    chair = role_world.client("panel-chair")
    url = f"/scrutiny/meetings/{meeting.pk}/sample"
    first = chair.post(url, {"rule": "random", "size": "5", **PERIOD})
    assert first.status_code == 302, text(first.page.select_one(".govuk-error-summary"))
    refused = chair.post(url, {"rule": "random", "size": "5", **PERIOD})
    assert refused.status_code == 200
    assert "This meeting already has 5 cases and can have at most 8" in text(
        refused.page.select_one(".govuk-error-summary")
    )
    assert Case.objects.filter(sample__meeting=meeting).count() == 5
