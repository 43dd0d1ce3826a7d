"""From comments to a published answer in a real browser: a board member records a conversation's
points, asks for suggested themes, accepts one under a new name, holds the leaders' review, decides
on the theme with an action for the plan, and publishes; the answer is on the public page. Each new
kind of page passes axe, works by keyboard alone and reflows at 320 px."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, sign_in
from tests.engagement.test_suggest_model import JOBS, SEARCHES

pytestmark = pytest.mark.browser
FORCE = "wiltshire"


def _checked(page: Page) -> None:
    """axe on the page as it is (with any banner), then keyboard and reflow on a fresh load."""
    assert_accessible(page)
    page.goto(page.url)
    walk_keyboard(page)
    assert_reflows(page)


def _date(page: Page, group: str, day: str, month: str, year: str) -> None:
    box = page.get_by_role("group", name=group)
    box.get_by_label("Day").fill(day)
    box.get_by_label("Month").fill(month)
    box.get_by_label("Year").fill(year)


def test_suggest_accept_review_and_publish(browser: Browser, base_url: str, server_home: Path) -> None:
    tag = uuid.uuid4().hex[:6]
    leader = f"leader-{tag}@example.org"
    add_person(server_home, leader, "board-member", force=FORCE)
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in(page, leader)

    page.goto(f"/engagement/{FORCE}/events/add")
    page.get_by_label("Community conversation").check()
    page.get_by_label("Name").fill(f"Big talk {tag}")
    _date(page, "Date held", "3", "9", "2026")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text(f"Big talk {tag}")
    page.goto(page.url.split("?")[0] + "feedback/add")
    for said in SEARCHES + JOBS:
        page.get_by_label("What was said").fill(said)
        page.get_by_role("button", name="Save and add another").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved")

    page.goto(f"/engagement/{FORCE}/suggestions/")
    page.get_by_label("Which comments (optional)").select_option(label=f"Big talk {tag} (03 Sep 2026)")
    page.get_by_label("How many themes to look for (optional)").fill("2")
    page.get_by_role("button", name="Suggest themes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 themes suggested")
    _checked(page)

    card = page.locator(".govuk-summary-card", has_text=SEARCHES[0])
    card.get_by_role("button", name="Accept or rename").click()
    _checked(page)
    page.get_by_label("Name of the theme").fill(f"Explaining searches {tag}")
    page.get_by_label(SEARCHES[3]).uncheck()
    page.get_by_role("button", name="Make the theme").press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Explaining searches {tag}")

    page.goto(f"/engagement/{FORCE}/reviews/")
    _checked(page)
    page.get_by_label("Name of the review").fill(f"Leaders' review {tag}")
    _date(page, "Date of the review", "20", "9", "2026")
    page.get_by_label("The conversation or meeting to review").select_option(label=f"Big talk {tag} (03 Sep 2026)")
    page.get_by_role("button", name="Start the review").click()
    expect(page.locator("h1")).to_have_text(f"Leaders' review {tag}")
    _checked(page)

    page.get_by_role("link", name=f"Explaining searches {tag}").click()
    _checked(page)
    page.get_by_label("Do differently").check()
    page.get_by_label("Why").fill("People do not know why they were searched.")
    page.get_by_label("You said").fill("Officers should explain a search before it starts.")
    page.get_by_label("We did").fill(f"Every officer now gives the grounds first ({tag}).")
    page.get_by_label("Action for the action plan (optional)").fill(f"Brief officers on grounds {tag}")
    page.get_by_label("Part of the plan it belongs to").select_option(label="Stop and search")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("table")).to_contain_text("Do differently")
    page.get_by_role("button", name="Publish the answers").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("published")
    context.close()

    public = browser.new_context(base_url=base_url).new_page()
    public.goto(f"/engagement/public/{FORCE}/")
    expect(public.locator("main")).to_contain_text(f"Every officer now gives the grounds first ({tag}).")
    expect(public.locator("main")).to_contain_text(f"Brief officers on grounds {tag}")
    assert_accessible(public)
