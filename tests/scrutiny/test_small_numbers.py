"""Numbers in a panel report's words that its tables would hide are flagged before the chair
publishes: the summary for the public, findings and the force's answers. Dates, times,
shares and numbers that name something are not counts, so are not flagged."""

from __future__ import annotations

import pytest

from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny import small_numbers
from parity.scrutiny.models import Panel
from parity.scrutiny.services import publishing
from tests.pagecheck import CheckedClient, text
from tests.roles import sign_in_second_factor
from tests.scrutiny.helpers import build


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Two of the young men searched were Black.", ["Two"]),
        ("The panel found 3 searches where the grounds were weak.", ["3"]),
        ("In 4 cases no receipt was offered, and in one the camera was off.", ["4", "one"]),
        ("Only a single person was strip searched.", ["single"]),
        ("All 12 cases were reviewed.", []),
        ("We met on 3 November and again on 4th of December at 2pm.", []),
        ("Case 3 and finding 2 were discussed under section 1 of the Act.", []),
        ("About 4% of searches, 2.5 times the rate, at 10:30.", []),
        ("No one was arrested; 0 cases were referred.", []),
        ("", []),
    ],
)
def test_numbers_the_tables_would_hide_are_found(text: str, said: list[str]) -> None:
    assert [found.said for found in small_numbers.in_text(text, threshold=5)] == said


def test_the_threshold_is_the_one_the_tables_use(settings: object) -> None:
    sentence = "Seven people were searched twice."
    assert [f.said for f in small_numbers.in_text(sentence, threshold=5)] == ["twice"]
    assert [f.said for f in small_numbers.in_text(sentence, threshold=10)] == ["Seven", "twice"]
    settings.PARITY_DISCLOSURE_THRESHOLD = 10  # type: ignore[attr-defined]
    assert [f.said for f in small_numbers.in_text(sentence)] == ["Seven", "twice"]


def test_a_report_is_checked_in_its_summaries_and_its_findings() -> None:
    content = {
        "summaries": [{"meeting": "3 November 2026", "text": "We reviewed ten cases. Three were of Asian men."}],
        "referrals": [
            {"number": 12, "summary": "Why were 2 children searched?", "action_taken": "Briefed 40 officers."}
        ],
    }
    found = small_numbers.in_report(content)
    assert [(f.where, f.said, f.sentence) for f in found] == [
        ("The summary of the meeting on 3 November 2026", "Three", "Three were of Asian men."),
        ("Finding 12", "2", "Why were 2 children searched?"),
    ]


@pytest.mark.django_db
def test_a_report_whose_words_state_a_small_number_is_published_only_once_the_chair_confirms(
    client: CheckedClient,
) -> None:
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="Summary panel", kind=Panel.Kind.STOP_AND_SEARCH)
    records = build(panel)  # publishes once, with no summary
    meeting = records.meeting
    meeting.public_summary = "We looked at searches of children.\n\nThree of them were Black boys."
    meeting.save()
    with pytest.raises(publishing.NumbersToConfirm, match="“Three” in the summary of the meeting"):
        publishing.publish_meeting(meeting)
    records.report.refresh_from_db()
    assert records.report.content["summaries"] == []  # the published version is unchanged

    chair = User.objects.create_user("chair@summary.test")
    RoleAssignment.objects.create(user=chair, role=Role.PANEL_CHAIR, force=wiltshire, panel=panel)
    client.force_login(chair)
    sign_in_second_factor(client, chair)
    assert "“Three”" in text(client.get(f"/scrutiny/meetings/{meeting.pk}/").page.select_one("#summary-numbers"))
    draft = client.get(f"/scrutiny/meetings/{meeting.pk}/report").page
    assert "Three of them were Black boys." in text(draft.select_one("#small-numbers-list"))
    assert draft.select_one("input[name=numbers_confirmed]") is not None
    refused = client.post(f"/scrutiny/meetings/{meeting.pk}/report/publish")
    assert refused["Location"] == f"/scrutiny/meetings/{meeting.pk}/report"
    records.report.refresh_from_db()
    assert records.report.content["summaries"] == []

    meeting.public_summary = "We looked at searches of children. A few of them were of Black boys."
    meeting.save()
    assert client.get(f"/scrutiny/meetings/{meeting.pk}/report").page.select_one("#small-numbers") is None
    assert client.post(f"/scrutiny/meetings/{meeting.pk}/report/publish")["Location"].startswith("/scrutiny/reports/")
    records.report.refresh_from_db()
    assert "A few of them" in records.report.content["summaries"][0]["text"]

    meeting.public_summary = "Two boys were searched twice."
    meeting.save()
    confirmed = client.post(f"/scrutiny/meetings/{meeting.pk}/report/publish", {"numbers_confirmed": "yes"})
    assert confirmed["Location"].startswith("/scrutiny/reports/")
    event = AuditEvent.objects.get(action="report.numbers-confirmed")
    assert event.actor == chair and "Two boys were searched twice." in event.summary
