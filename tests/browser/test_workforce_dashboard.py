"""The workforce dashboard in a real browser: axe, keyboard alone and 320 px, for a force
administrator of a force whose HR extract (the demo's fictional one) the server holds."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from parity.workforce.hr_example import make_extract
from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, parity, sign_in_with_new_authenticator

pytestmark = pytest.mark.browser
FORCE = "wiltshire"


def test_the_dashboard_and_the_target_form(browser: Browser, base_url: str, server_home: Path, tmp_path: Path) -> None:
    paths = make_extract(tmp_path, FORCE)
    parity(server_home, "ingest", "workforce", *(str(p) for p in paths))
    admin = f"hr-admin-{uuid.uuid4().hex[:8]}@example.org"
    add_person(server_home, admin, "force-admin", force=FORCE)
    page = browser.new_context(base_url=base_url).new_page()
    sign_in_with_new_authenticator(page, admin)

    page.goto(f"/hr/{FORCE}/targets/add")
    expect(page.locator("h1")).to_have_text("Add a workforce target")
    assert_accessible(page)
    page.fill("#id_title", "12% of officers from minority ethnic groups by 2030")
    page.get_by_label("Share of the workforce").check()
    page.fill("#id_value", "12%")
    for name, (d, m, y) in {"start": ("31", "3", "2023"), "deadline": ("31", "3", "2030")}.items():
        page.fill(f'input[name="{name}-day"]', d)
        page.fill(f'input[name="{name}-month"]', m)
        page.fill(f'input[name="{name}-year"]', y)
    page.get_by_role("button", name="Save target").click()

    expect(page.locator("h1")).to_have_text("Workforce dashboard: Wiltshire")
    expect(page.locator("main")).to_contain_text("Passed the assessment")
    expect(page.locator("main")).to_contain_text("12% of officers from minority ethnic groups by 2030")
    assert_accessible(page)
    page.goto(f"/hr/{FORCE}/")  # afresh: the banner saying the target was added takes the focus
    walk_keyboard(page)
    assert_reflows(page)
