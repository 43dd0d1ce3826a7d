"""Action plans and "you said, we did" in a real browser: every page passes axe, the main
ones work by keyboard alone and reflow at 320 px, for the board, an owner and the public.

The browser tests' server gets the illustrative example, loaded the way an operator would
(`parity actions example`, onto the fictional force), owned by people who sign in with a password.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, parity, sign_in

pytestmark = pytest.mark.browser
FORCE = "borsetshire"  # the fictional force: the example never goes to a real one


class World:
    """Who signs in, and the ids of the example's records in the server's database."""

    def __init__(self, home: Path, board: str, owner: str) -> None:
        self.board, self.owner = board, owner
        with sqlite3.connect(f"file:{home / 'parity.sqlite3'}?mode=ro", uri=True) as db:

            def one(sql: str) -> int:
                return int(db.execute(sql).fetchone()[0])

            force = one(f"select id from reference_force where slug = '{FORCE}'")
            self.action = one(f"select id from actions_action where force_id = {force} and reference = 'R3.1'")
            self.open_action = one(
                f"select id from actions_action where force_id = {force} and status not in ('complete', 'closed') "
                "order by id limit 1"
            )
            self.published = one(
                f"select a.id from actions_action a join actions_measure m on m.action_id = a.id "
                f"where a.force_id = {force} and a.published order by a.id limit 1"
            )
            self.recommendation = one(f"select recommendation_id from actions_action where id = {self.action}")
            self.source = one(f"select source_id from actions_recommendation where id = {self.recommendation}")
            self.pack = one(f"select max(id) from actions_report where force_id = {force} and kind = 'steering-group'")
            self.report = one(f"select id from actions_report where force_id = {force} and kind = 'public'")
            self.month = db.execute(f"select max(month) from actions_snapshot where force_id = {force}").fetchone()[0]
            self.event = one(f"select min(id) from engagement_event where force_id = {force}")
            self.theme = one(f"select min(id) from engagement_theme where force_id = {force}")
            self.response = one(f"select min(id) from engagement_response where force_id = {force}")
            self.feedback = one(f"select min(id) from engagement_feedback where force_id = {force}")


@pytest.fixture(scope="module")
def world(server_home: Path) -> Iterator[World]:
    tag = uuid.uuid4().hex[:6]
    board, owner = f"board-{tag}@example.org", f"owner-{tag}@example.org"
    for email, role in ((board, "board-member"), (owner, "action-owner")):
        add_person(server_home, email, role)  # their accounts, with a password (in a real force, with no plan)
    parity(server_home, "actions", "example", "--owner", owner, "--board", board)  # their roles in the fictional one
    yield World(server_home, board, owner)


@pytest.fixture
def board(browser: Browser, world: World, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in(page, world.board)
    yield page
    context.close()


@pytest.fixture
def owner(browser: Browser, world: World, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in(page, world.owner)
    yield page
    context.close()


def _board_pages(w: World) -> list[str]:
    f = f"/actions/{FORCE}"
    return [
        "/actions/",
        f"{f}/",
        f"{f}/?rating=red",
        f"{f}/?sort=due&q=officers",
        f"{f}/sources/add",
        f"{f}/sources/{w.source}/recommendations/add",
        f"{f}/recommendations/{w.recommendation}/",
        f"{f}/recommendations/{w.recommendation}/actions/add",
        f"{f}/actions/{w.action}/",
        f"{f}/actions/{w.action}/edit",
        f"{f}/actions/{w.open_action}/decide",
        f"{f}/actions/{w.action}/history",
        f"{f}/import",
        f"{f}/snapshots/",
        f"{f}/snapshots/{w.month}/",
        f"{f}/reports/",
        f"{f}/reports/{w.pack}/",
        f"{f}/reports/{w.report}/",
        "/engagement/",
        f"/engagement/{FORCE}/",
        f"/engagement/{FORCE}/events/add",
        f"/engagement/{FORCE}/events/{w.event}/",
        f"/engagement/{FORCE}/events/{w.event}/edit",
        f"/engagement/{FORCE}/events/{w.event}/feedback/add",
        f"/engagement/{FORCE}/feedback/{w.feedback}/theme",
        f"/engagement/{FORCE}/themes/add",
        f"/engagement/{FORCE}/themes/{w.theme}/",
        f"/engagement/{FORCE}/themes/{w.theme}/respond",
        f"/engagement/{FORCE}/responses/{w.response}/edit",
    ]


def _owner_pages(w: World) -> list[str]:
    a = f"/actions/{FORCE}/actions/{w.open_action}"
    return [
        "/actions/",
        f"{a}/",
        f"{a}/update",
        f"{a}/evidence/link",
        f"{a}/evidence/file",
        f"{a}/milestones/add",
        f"{a}/measures/add",
        f"{a}/sign-off",
    ]


def _public_pages(w: World) -> list[str]:
    return [
        "/actions/public/",
        f"/actions/public/{FORCE}/",
        f"/actions/public/{FORCE}/actions/{w.published}/",
        f"/actions/public/{FORCE}/reports/{w.report}/",
        f"/engagement/public/{FORCE}/",
    ]


def test_every_board_page_passes_axe(board: Page, world: World, console_errors: list[str]) -> None:
    for path in _board_pages(world):
        response = board.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(board)
    assert console_errors == []


def test_every_owner_page_passes_axe(owner: Page, world: World) -> None:
    for path in _owner_pages(world):
        response = owner.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(owner)


def test_every_public_page_passes_axe_signed_out(page: Page, world: World, console_errors: list[str]) -> None:
    for path in _public_pages(world):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Illustrative")
    assert console_errors == []


@pytest.mark.parametrize(
    "which",
    ["register", "action", "snapshot", "pack", "report", "engagement", "public-plan", "public-action", "you-said"],
)
def test_main_pages_work_by_keyboard_and_reflow(board: Page, world: World, which: str) -> None:
    path = {
        "register": f"/actions/{FORCE}/",
        "action": f"/actions/{FORCE}/actions/{world.action}/",
        "snapshot": f"/actions/{FORCE}/snapshots/{world.month}/",
        "pack": f"/actions/{FORCE}/reports/{world.pack}/",
        "report": f"/actions/{FORCE}/reports/{world.report}/",
        "engagement": f"/engagement/{FORCE}/",
        "public-plan": f"/actions/public/{FORCE}/",
        "public-action": f"/actions/public/{FORCE}/actions/{world.published}/",
        "you-said": f"/engagement/public/{FORCE}/",
    }[which]
    board.goto(path)
    walk_keyboard(board)
    assert_reflows(board)
    assert_accessible(board)


def test_an_owner_writes_an_update_by_keyboard_and_the_errors_pass_axe(owner: Page, world: World) -> None:
    owner.goto(f"/actions/{FORCE}/actions/{world.open_action}/update")
    owner.get_by_role("button", name="Save update").press("Enter")
    expect(owner.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(owner)
    owner.get_by_label("At risk").check()
    owner.get_by_label("What has happened since the last update?").fill("Two teams still to brief.")
    owner.get_by_role("button", name="Save update").press("Enter")
    expect(owner.locator(".govuk-notification-banner")).to_contain_text("Your update is saved.")
    expect(owner.locator("main")).to_contain_text("Two teams still to brief.")
    assert_accessible(owner)


def test_the_list_of_actions_an_answer_led_to_can_be_searched(board: Page, world: World) -> None:
    board.goto(f"/engagement/{FORCE}/themes/{world.theme}/respond")
    items = board.locator("[data-parity-filter] .govuk-checkboxes__item")
    total = items.count()
    assert total >= 8
    board.get_by_label("Search the actions").fill("R3.1")
    expect(board.get_by_role("status")).to_have_text(f"1 of {total} shown")
    expect(items.filter(has_text="R3.1")).to_be_visible()
    assert sum(items.nth(i).is_visible() for i in range(total)) == 1
    assert_accessible(board)
