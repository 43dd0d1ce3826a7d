"""The victims' pages for force staff in a real browser: the figures page and the follow-up
list pass axe, work by keyboard alone and reflow at 320 px."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, parity, sign_in_with_new_authenticator
from tests.victims.extracts import complaints_sample, victim, write, write_complaints

pytestmark = pytest.mark.browser
FORCE = "wiltshire"


@pytest.fixture(scope="module")
def analyst(server_home: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An analyst of Wiltshire, and victims and complaints of Wiltshire on the server."""
    folder = tmp_path_factory.mktemp("victims")
    today = date.today()

    def day(ago: int) -> str:
        return (today - timedelta(days=ago)).isoformat()

    rows = [
        victim(f"WI/{n}", day(40 + n), force=FORCE, team="East" if n % 2 else "West", first_update_due=day(30 + n),
               updates_due="1", self_defined_ethnicity="B1" if n % 3 else "W1")
        for n in range(12)
    ]  # fmt: skip
    parity(server_home, "ingest", "victims", str(write(folder / "victims.csv", rows)))
    complaints = [{**r, "force": FORCE} for r in complaints_sample()]
    parity(server_home, "ingest", "victims", str(write_complaints(folder / "complaints.csv", complaints)))
    email = f"victims-{uuid.uuid4().hex[:6]}@example.org"
    add_person(server_home, email, "analyst", force=FORCE)
    return email


@pytest.fixture
def page(browser: Browser, analyst: str, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in_with_new_authenticator(page, analyst)
    yield page
    context.close()


def test_the_follow_up_list_and_the_figures_page_are_accessible(page: Page) -> None:
    page.goto(f"/victims/{FORCE}/follow-up")
    expect(page.locator("h1")).to_have_text("Victims to follow up in Wiltshire")
    expect(page.locator("main table caption").filter(has_text="East")).to_have_count(1)
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    assert_accessible(page)
    page.goto(f"/victims/{FORCE}/?period=2024-01..{date.today():%Y-%m}")
    expect(page.locator("h1")).to_have_text("Victims and complaints in Wiltshire")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    page.goto(f"/victims/{FORCE}/?period=whenever")
    expect(page.locator("#period-error")).to_be_visible()
    assert_accessible(page)
