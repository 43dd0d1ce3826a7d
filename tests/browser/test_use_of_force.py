"""The use-of-force pages in a real browser (one check per kind of page: every force, one
force), and a use-of-force panel cycle from draw to the force's answer."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from parity import safe_csv
from parity.powers.use_of_force.example import example_rows
from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import (
    add_panel_member,
    add_person,
    parity,
    sign_in_with_authenticator,
    sign_in_with_new_authenticator,
)
from tests.conftest import SHARED

pytestmark = pytest.mark.browser
TABLE_2019 = SHARED / "home-office" / "use-of-force" / "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods"


@pytest.fixture(scope="module")
def use_of_force_held(server_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server holds the Home Office 2019/20 table and a fictional Wiltshire export."""
    path = tmp_path_factory.mktemp("use-of-force") / "wiltshire-use-of-force.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        safe_csv.writer(file).writerows(example_rows("Wiltshire", "2019/20", reports=300, seed=5))
    parity(server_home, "ingest", "use-of-force", str(TABLE_2019), str(path))
    return path


@pytest.mark.parametrize("path", ["/use-of-force", "/forces/wiltshire/use-of-force"])
def test_use_of_force_page_passes_axe_keyboard_and_reflow(
    page: Page, console_errors: list[str], use_of_force_held: Path, path: str
) -> None:
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("table").first).to_contain_text("Black")
    assert_accessible(page)
    walk_keyboard(page, max_presses=1500)
    assert_reflows(page)
    assert_accessible(page)
    assert console_errors == []


def test_a_use_of_force_panel_cycle(page: Page, server_home: Path, use_of_force_held: Path) -> None:
    """Draw, review, decide with a finding, and the force's answer, each page checked with axe."""
    tag = uuid.uuid4().hex[:6]
    name, chair, member, analyst = (
        f"Use of force panel {tag}",
        f"uof-chair-{tag}@example.org",
        f"uof-member-{tag}@example.org",
        f"uof-analyst-{tag}@example.org",
    )
    parity(server_home, "panel", "add", name, "--force", "wiltshire", "--kind", "use-of-force")
    add_panel_member(server_home, chair, name, "chair")
    add_panel_member(server_home, member, name, "member")
    add_person(server_home, analyst, "analyst")
    parity(server_home, "panel", "add-meeting", "--panel", name, "--date", "2020-05-06")
    listed = json.loads(parity(server_home, "panel", "list", "--force", "wiltshire", "--format", "json"))
    meeting = next(p for p in listed["panels"] if p["name"] == name)["meetings"][0]["id"]

    # The chair draws two reports at random from the year.
    chair_key = sign_in_with_new_authenticator(page, chair)
    page.goto(f"/scrutiny/meetings/{meeting}/sample")
    expect(page.locator("main")).to_contain_text("use-of-force reports")
    assert_accessible(page)
    page.get_by_label("Use of force: simple random sample").check()
    for part, values in (("period_start", ("1", "4", "2019")), ("period_end", ("31", "3", "2020"))):
        for box, value in zip(("day", "month", "year"), values, strict=True):
            page.fill(f"input[name='{part}-{box}']", value)
    page.get_by_label("How many cases?").fill("2")
    page.get_by_role("button", name="Choose the cases").click()
    expect(page.locator("main")).to_contain_text("Use of force")
    assert_accessible(page)
    case_link = page.get_by_role("link", name="Case 1").get_attribute("href")
    assert case_link is not None

    # A member reads the case pack (with its body-worn-video log) and reviews it.
    page.context.clear_cookies()
    sign_in_with_new_authenticator(page, member)
    page.goto(case_link)
    expect(page.locator("main")).to_contain_text("The use of force")
    expect(page.locator("main")).to_contain_text("Tactics used")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    page.goto(case_link + "review")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("main")).not_to_contain_text("receipt")
    assert_accessible(page)
    page.get_by_label("Grounds not reasonable").check()
    page.get_by_role("group", name="How did the officer treat the person?").get_by_label("Some concerns").check()
    for question, answer in (
        ("Did the officer try to calm things down before using force?", "No"),
        ("Was body-worn video on, and does it match the officer’s record?", "Not known"),
        ("Were any injuries treated and recorded?", "Yes"),
        ("Was the person treated in a way that fits their age and any vulnerability?", "Yes"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("group", name="Should the panel refer this case to the force?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save your review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been saved")
    assert_accessible(page)

    # The chair records the decision, referring it: a finding for the force.
    page.context.clear_cookies()
    sign_in_with_authenticator(page, chair, chair_key)
    page.goto(case_link + "decision")
    page.get_by_label("Grounds not reasonable").check()
    page.get_by_role("group", name="Refer this case to the force?").get_by_label("Yes").check()
    page.get_by_label("What the panel asks the force (if you refer the case)").fill("Why was this force needed?")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been recorded")
    assert_accessible(page)

    # The force's analyst answers the finding.
    page.context.clear_cookies()
    sign_in_with_new_authenticator(page, analyst)
    panel_id = next(p for p in listed["panels"] if p["name"] == name)["id"]
    page.goto(f"/scrutiny/panels/{panel_id}/findings/")
    page.get_by_role("link", name=re.compile(r"^Finding \d+")).first.click()
    expect(page.locator("main")).to_contain_text("Why was this force needed?")
    page.goto(page.url + "answer")
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("What the force has done, or will do").fill("Spoke with the officer about the force used.")
    assert_accessible(page)
    page.get_by_role("button", name="Send the answer to the panel").click()
    expect(page.locator("main")).to_contain_text("Spoke with the officer about the force used.")
    assert_accessible(page)
