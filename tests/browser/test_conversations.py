"""A conversation in a real browser: the engagement officer records it and opens registration,
someone registers signed out and by keyboard and finds the link to join on their own page
only, the independent facilitator notes points by topic and removes a mistake, and the
feedback form reaches the person registered. Each kind of page passes axe, works by keyboard
alone and reflows at 320 px."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, sign_in

pytestmark = pytest.mark.browser
FORCE = "wiltshire"
ONLINE = "https://meet.example.com/room-browser-test"


def _link_in_mail(home: Path, email: str, kind: str) -> str:
    """The path of the newest `kind` link (place, feedback) e-mailed to `email`."""
    for message in sorted((home / "outbox").glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        body = message.read_text()
        found = re.findall(rf"https?://[^/\s]+(/engagement/conversations/{kind}/\S+)", body)
        if f"To: {email}" in body and found:
            return str(found[-1])
    raise AssertionError(f"no {kind} link to {email} in the outbox")


def _check(page: Page) -> None:
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)


def test_register_note_points_and_ask_for_feedback(
    page: Page, browser: Browser, base_url: str, server_home: Path
) -> None:
    officer = f"conversation-{uuid.uuid4().hex[:6]}@example.org"
    add_person(server_home, officer, "board-member", force=FORCE)
    staff_context = browser.new_context(base_url=base_url)
    staff = staff_context.new_page()
    sign_in(staff, officer)
    title = f"Big conversation {uuid.uuid4().hex[:4]}"
    today = dt.date.today()
    staff.goto(f"/engagement/{FORCE}/events/add")
    staff.get_by_label("Community conversation").check()
    staff.get_by_label("Name").fill(title)
    staff.get_by_label("Day").fill(str(today.day))
    staff.get_by_label("Month").fill(str(today.month))
    staff.get_by_label("Year").fill(str(today.year))
    staff.get_by_label("Where (optional)").fill("Online")
    staff.get_by_label("List this event", exact=False).check()
    staff.get_by_role("button", name="Save").click()
    staff.get_by_role("link", name="Registration, the facilitator's link and the topics").click()
    staff.get_by_role("button", name="Set up registration").click()
    _check(staff)
    staff.get_by_label("Open for registration", exact=False).check()
    staff.get_by_label("Places (optional)").fill("20")
    staff.get_by_label("Link to join online (optional)").fill(ONLINE)
    staff.get_by_label("Facilitator", exact=True).fill("Sam Facilitator")
    staff.get_by_label("Facilitator's organisation (optional)").fill("Independent Mediation (test)")
    staff.get_by_label("Topics").fill("Stop and search\nRecruitment")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("h1")).to_contain_text("Registrations and notes")
    facilitator_link = staff.locator("#facilitator-link").inner_text().split("/", 3)[3]
    event_path = staff.url.rsplit("/", 1)[0]

    # Someone registers, signed out and by keyboard; the link to join is on no public page.
    email = f"registrant-{uuid.uuid4().hex[:6]}@example.org"
    page.goto(f"/engagement/public/{FORCE}/take-part")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    assert ONLINE not in page.content()
    _check(page)
    page.get_by_role("button", name="Register").click()
    _check(page)
    page.get_by_label("Your name").fill("Registrant Test")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Anything we should arrange", exact=False).fill("Captions")
    page.get_by_label("Black, Black British", exact=False).check()
    page.get_by_label("Where you live (optional)").fill("Trowbridge")
    page.get_by_label("I agree", exact=False).check()
    page.get_by_role("button", name="Register").press("Enter")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    assert ONLINE not in page.content()
    page.goto(_link_in_mail(server_home, email, "place"))
    expect(page.locator("h1")).to_have_text("You have a place")
    expect(page.locator("#online-link")).to_have_attribute("href", ONLINE)
    assert_accessible(page)

    # The independent facilitator notes points, by keyboard, and removes a mistake.
    facilitator = browser.new_context(base_url=base_url).new_page()
    facilitator.goto("/" + facilitator_link)
    _check(facilitator)
    facilitator.get_by_label("The point made").fill("Explain why before searching.")
    facilitator.get_by_label("Topic").select_option(label="Stop and search")
    facilitator.get_by_role("button", name="Add the point").press("Enter")
    expect(facilitator.locator("table")).to_contain_text("Explain why before searching.")
    expect(facilitator.get_by_label("Topic")).to_have_value(re.compile(r"\d+"))  # the topic stays chosen
    facilitator.get_by_label("The point made").fill("Noted by mistake.")
    facilitator.get_by_role("button", name="Add the point").press("Enter")
    facilitator.locator("tr", has_text="Noted by mistake.").get_by_role("button", name="Remove").press("Enter")
    expect(facilitator.locator("table")).not_to_contain_text("Noted by mistake.")
    assert_accessible(facilitator)

    # After it, the officer sends the feedback form; the person registered answers without a name.
    staff.goto(event_path + "/registrations")
    expect(staff.locator("main")).to_contain_text("Explain why before searching.")
    _check(staff)
    staff.get_by_role("button", name="Send the feedback form to those registered").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Sent to 1 people")
    staff_context.close()
    page.goto(_link_in_mail(server_home, email, "feedback"))
    _check(page)
    page.get_by_label("What would you like to tell us?").fill("Good to be heard.")
    page.get_by_role("button", name="Send").press("Enter")
    expect(page.locator("h1")).to_contain_text("Take part")
    assert_accessible(page)
