"""A new panel member reads what Parity told them and chooses a daily digest, in a real
browser: the page passes axe, works by keyboard alone and reflows at 320 px. Force staff's
list of what the force must answer is checked the same way. The panel and its sample are set
up with `parity panel` commands on the server's Wiltshire records, as an operator would."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_panel_member, add_person, parity, sign_in_with_new_authenticator

pytestmark = pytest.mark.browser


def test_a_new_member_reads_their_notices_and_chooses_a_digest(
    page: Page, server_home: Path, console_errors: list[str]
) -> None:
    tag = uuid.uuid4().hex[:6]
    name, member = f"Notices panel {tag}", f"notices-{tag}@example.org"
    parity(server_home, "panel", "add", name, "--force", "wiltshire")
    add_panel_member(server_home, member, name, "member")
    parity(server_home, "panel", "add-meeting", "--panel", name, "--date", "2021-04-06")
    listed = json.loads(parity(server_home, "panel", "list", "--force", "wiltshire", "--format", "json"))
    meeting = next(p for p in listed["panels"] if p["name"] == name)["meetings"][0]["id"]
    args = ["--meeting", str(meeting), "--rule", "random", "--from", "2021-01-01", "--to", "2021-03-31"]
    parity(server_home, "panel", "sample", *args, "--size", "2", "--seed", "7")

    sign_in_with_new_authenticator(page, member)
    expect(page.locator("main")).to_contain_text("We tell you when something needs you to act")
    page.get_by_role("link", name="See what we have told you, or change how").click()
    expect(page.locator("h1")).to_have_text("What needs you")
    table = page.locator("table")
    expect(table).to_contain_text(f"You have been added to the {name} of Wiltshire as a member")
    expect(table).to_contain_text("has drawn 2 cases for its meeting on 6 April 2021: they wait for your review.")
    expect(page.get_by_label("An e-mail for each, as it happens")).to_be_checked()
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)

    # By keyboard alone: to the radios, arrow to the digest, on to Save.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("An e-mail for each, as it happens").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("One e-mail a day listing them all")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("we will e-mail you once a day")
    expect(page.get_by_label("One e-mail a day listing them all")).to_be_checked()
    assert_accessible(page)
    assert not console_errors


def test_the_forces_list_of_what_it_must_answer(page: Page, server_home: Path, console_errors: list[str]) -> None:
    analyst = f"answers-{uuid.uuid4().hex[:6]}@example.org"
    add_person(server_home, analyst, "analyst")
    sign_in_with_new_authenticator(page, analyst)
    page.goto("/scrutiny/")
    page.get_by_role("link", name="What the force must answer").click()
    expect(page.locator("h1")).to_have_text("What the force must answer")
    expect(page.locator("main")).to_contain_text("Body-worn video asked for")
    expect(page.locator("main")).to_contain_text("Findings waiting for an answer")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    assert not console_errors
