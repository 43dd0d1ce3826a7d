"""Lived-experience advisors' review of a complaint, end to end in a real browser: the force
draws closed complaints, an advisor reads the redacted case file and reviews it, the review
raises a finding, and professional standards answer it. Every page passes axe."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_panel_member, add_person, parity, sign_in_with_new_authenticator
from tests.victims.extracts import complaints_sample, write_complaints

pytestmark = pytest.mark.browser
FORCE = "wiltshire"
PANEL = "Wiltshire complaints advisors"
PERSONAL = "Mr Daniel Okafor of 22 Station Road, SN1 1AA, 07700 900456, d.okafor@example.org"


@dataclass(frozen=True)
class People:
    staff: str
    advisor: str


@pytest.fixture(scope="module")
def people(server_home: Path, tmp_path_factory: pytest.TempPathFactory) -> People:
    folder = tmp_path_factory.mktemp("advisors")
    rows = [
        {**r, "force": FORCE, "complaint_account": PERSONAL, "reply_text": "We replied."} for r in complaints_sample()
    ]
    parity(server_home, "ingest", "victims", str(write_complaints(folder / "complaints.csv", rows, text=True)))
    parity(server_home, "panel", "add", PANEL, "--force", FORCE, "--kind", "complaints")
    tag = uuid.uuid4().hex[:6]
    staff, advisor = f"standards-{tag}@example.org", f"advisor-{tag}@example.org"
    add_person(server_home, staff, "analyst", force=FORCE)
    add_panel_member(server_home, advisor, PANEL, "member")
    return People(staff, advisor)


@pytest.fixture
def pages(browser: Browser, people: People, base_url: str) -> Iterator[tuple[Page, Page]]:
    staff, advisor = browser.new_context(base_url=base_url), browser.new_context(base_url=base_url)
    staff_page, advisor_page = staff.new_page(), advisor.new_page()
    sign_in_with_new_authenticator(staff_page, people.staff)
    sign_in_with_new_authenticator(advisor_page, people.advisor)
    yield staff_page, advisor_page
    staff.close()
    advisor.close()


def test_an_advisor_reviews_a_complaint_and_professional_standards_answer(pages: tuple[Page, Page]) -> None:
    staff, advisor = pages
    # Professional standards draw the closed complaints.
    staff.goto("/victims/advisors/")
    staff.get_by_role("link", name=PANEL).click()
    staff.get_by_role("button", name="Draw complaints to review").click()
    expect(staff.locator("h1")).to_have_text("Draw complaints to review")
    assert_accessible(staff)
    for part, value in (("day", "1"), ("month", "1"), ("year", "2024")):
        staff.fill(f"#id_period_start-{part}", value)
    for part, value in (("day", "31"), ("month", "12"), ("year", str(date.today().year))):
        staff.fill(f"#id_period_end-{part}", value)
    staff.fill("#id_share_percent", "0")
    staff.get_by_role("button", name="Draw the complaints").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("1 complaints drawn")
    assert_accessible(staff)

    # The advisor reads the redacted case file and reviews it.
    advisor.goto("/victims/advisors/")
    advisor.get_by_role("link", name=PANEL).click()
    assert_accessible(advisor)
    advisor.get_by_role("link", name="CO/1").click()
    expect(advisor.locator("h1")).to_have_text("Complaint CO/1")
    html = advisor.content()
    assert not any(leak in html for leak in ("Okafor", "Station Road", "SN1", "07700", "example.org"))
    assert_accessible(advisor)
    walk_keyboard(advisor)
    assert_reflows(advisor)
    advisor.get_by_role("button", name="Review this complaint").click()
    advisor.get_by_role("group", name="Did the force engage with the complainant’s account?").get_by_label(
        "No", exact=True
    ).check()
    advisor.get_by_role("group", name="Was discrimination properly considered?").get_by_label(
        "Partly", exact=True
    ).check()
    advisor.get_by_role("group", name="Was the reply respectful and clear?").get_by_label("Yes", exact=True).check()
    advisor.get_by_label("What should the force learn?").fill("Take the complainant's account seriously.")
    advisor.get_by_role("group", name="Should professional standards answer a finding").get_by_label(
        "Yes", exact=True
    ).check()
    advisor.get_by_label("What do you ask professional standards to answer?").fill("Why was race not considered?")
    assert_accessible(advisor)
    advisor.get_by_role("button", name="Save your review").click()
    expect(advisor.locator(".govuk-notification-banner")).to_contain_text("Your review has been saved")
    advisor.get_by_role("link", name="Finding", exact=False).last.click()
    expect(advisor.locator("main")).to_contain_text("Not answered yet")

    # Professional standards answer the finding by its due date.
    staff.goto(advisor.url)
    staff.get_by_role("button", name="Answer this finding").click()
    staff.get_by_label("Partly accepted").check()
    staff.get_by_label("What the force has done, or will do").fill("Complaint handlers retrained.")
    assert_accessible(staff)
    staff.get_by_role("button", name="Send the answer to the panel").click()
    advisor.reload()
    expect(advisor.locator("main")).to_contain_text("Complaint handlers retrained.")
    assert_accessible(advisor)
