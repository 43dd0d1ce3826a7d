"""The community network in a real browser: a newcomer registers interest signed out and by
keyboard, confirms by the e-mailed link, and the engagement officer sees them on the staff page;
each page passes axe, works by keyboard alone and reflows at 320 px."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, sign_in

pytestmark = pytest.mark.browser
FORCE = "wiltshire"


def _link_to(home: Path, email: str, purpose: str) -> str:
    """The path of the link e-mailed to `email` (the file outbox stands in for the mail server)."""
    for message in sorted((home / "outbox").glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        body = message.read_text()
        if f"To: {email}" in body:
            # The last match is in the body; the first is the List-Unsubscribe header.
            return str(re.findall(rf"https?://[^/\s]+(/engagement/network/{purpose}/[^\s>]+)", body)[-1])
    raise AssertionError(f"no e-mail to {email} in the outbox")


def test_a_newcomer_joins_by_keyboard_and_the_officer_sees_them(
    page: Page, browser: Browser, base_url: str, server_home: Path
) -> None:
    email = f"newcomer-{uuid.uuid4().hex[:6]}@example.org"
    page.goto(f"/engagement/join/{FORCE}/")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)

    page.get_by_role("button", name="Send me the link").press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Your name").fill("Newcomer Test")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Where you live (optional)").fill("Trowbridge")
    page.get_by_label("Actively involved", exact=False).check()
    page.get_by_label("Stop and search").check()
    page.get_by_label("I agree", exact=False).check()
    page.get_by_role("button", name="Send me the link").press("Enter")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    assert_accessible(page)

    page.goto(_link_to(server_home, email, "confirm"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and join").press("Enter")
    expect(page.locator("h1")).to_have_text("You have joined")

    officer = f"engagement-{uuid.uuid4().hex[:6]}@example.org"
    add_person(server_home, officer, "board-member", force=FORCE)
    context = browser.new_context(base_url=base_url)
    staff = context.new_page()
    sign_in(staff, officer)
    staff.goto(f"/engagement/{FORCE}/network/")
    expect(staff.locator("table")).to_contain_text(email)
    assert_accessible(staff)
    walk_keyboard(staff)
    assert_reflows(staff)
    context.close()

    page.goto(_link_to(server_home, email, "unsubscribe"))
    page.get_by_role("button", name="Unsubscribe and erase my details").press("Enter")
    expect(page.locator("h1")).to_have_text("You have been removed")
    assert_accessible(page)
