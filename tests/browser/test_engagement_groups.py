"""Advisory groups in a real browser: the engagement officer adds a group; a newcomer joins
the network, applies to the group from the public page and confirms by the e-mailed link;
the officer vets the application and runs a meeting (agenda, attendance, minutes). Each kind
of page passes axe; the public ones work by keyboard alone and reflow at 320 px."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, sign_in_with_new_authenticator
from tests.browser.test_newcomer_journey import link_to as _link_to

pytestmark = pytest.mark.browser
FORCE = "wiltshire"


def _application_link(home: Path, email: str) -> str:
    """The confirmation link of the latest application e-mailed to `email`."""
    for message in sorted((home / "outbox").glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        body = message.read_text()
        found = re.findall(r"https?://[^/\s]+(/engagement/groups/confirm/[^\s>]+)", body)
        if f"To: {email}" in body and found:
            return str(found[-1])
    raise AssertionError(f"no application e-mail to {email} in the outbox")


def test_a_newcomer_applies_is_vetted_and_the_group_meets(
    page: Page, browser: Browser, base_url: str, server_home: Path
) -> None:
    tag = uuid.uuid4().hex[:6]
    group_name = f"Diverse communities group {tag}"
    officer_email = f"engagement-officer-{tag}@example.org"
    add_person(server_home, officer_email, "engagement-officer", force=FORCE)
    context = browser.new_context(base_url=base_url)
    officer = context.new_page()
    sign_in_with_new_authenticator(officer, officer_email)
    officer.goto(f"/engagement/{FORCE}/groups/add")
    officer.get_by_label("Name").fill(group_name)
    officer.get_by_label("Diverse communities group").check()
    officer.get_by_label("What the group is for").fill("People from every community who advise the force.")
    officer.get_by_role("button", name="Add the group").click()
    expect(officer.locator("h1")).to_have_text(group_name)

    # The newcomer joins the network, then applies from the public page, by keyboard.
    email = f"applicant-{tag}@example.org"
    page.goto(f"/engagement/join/{FORCE}/")
    page.get_by_label("Your name").fill("Applicant Test")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Actively involved", exact=False).check()
    page.get_by_label("I agree", exact=False).check()
    page.get_by_role("button", name="Send me the link").press("Enter")
    page.goto(_link_to(server_home, email, "confirm"))
    page.get_by_role("button", name="Confirm and join").press("Enter")
    expect(page.locator("h1")).to_have_text("You have joined")

    page.goto(f"/engagement/join/{FORCE}/groups/")
    expect(page.locator("main")).to_contain_text("New members are always welcome")
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("link", name=f"Apply to join {group_name}").press("Enter")
    expect(page.locator("h1")).to_have_text(f"Apply to join {group_name}")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    page.get_by_role("button", name="Send my application").press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("The e-mail address you joined the network with").fill(email)
    page.get_by_label("Why would you like to join?").fill("I hear a lot about stop and search where I live.")
    page.get_by_role("button", name="Send my application").press("Enter")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    page.goto(_application_link(server_home, email))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my application").press("Enter")
    expect(page.locator("h1")).to_have_text("Your application has been sent")

    # The engagement officer vets it.
    officer.reload()
    officer.get_by_role("link", name="Applicant Test").click()
    expect(officer.locator("h1")).to_have_text(f"Application to {group_name}")
    assert_accessible(officer)
    officer.get_by_label("Accept", exact=False).check()
    officer.get_by_role("button", name="Save the decision").click()
    expect(officer.locator("h1")).to_have_text(group_name)
    expect(officer.locator("table")).to_contain_text(email)
    assert_accessible(officer)

    # A meeting: the agenda first, then who came and the minutes.
    officer.get_by_role("button", name="Add a meeting and its agenda").click()
    officer.locator("[name=held_on-day]").fill("12")
    officer.locator("[name=held_on-month]").fill("1")
    officer.locator("[name=held_on-year]").fill("2027")
    officer.get_by_label("Agenda").fill("Welcome\nStop and search figures")
    officer.get_by_role("button", name="Save the meeting").click()
    expect(officer.locator("h1")).to_have_text("Meeting on 12 January 2027")
    officer.get_by_role("button", name="Record attendance and minutes").click()
    officer.get_by_label("Applicant Test", exact=False).check()
    officer.get_by_label("Minutes").fill("The group looked at the figures.")
    officer.get_by_role("button", name="Save").click()
    expect(officer.locator("main")).to_contain_text("The group looked at the figures.")
    expect(officer.locator("main")).to_contain_text("Applicant Test")
    assert_accessible(officer)
    assert_reflows(officer)
    context.close()
