"""The public workforce pages in a real browser: one check (axe, keyboard alone, 320 px) for
each kind of page, a force's workforce page and every force side by side."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/forces/wiltshire/workforce", "/workforce"])
def test_workforce_page_passes_axe_keyboard_and_reflow(page: Page, console_errors: list[str], path: str) -> None:
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("figure.parity-chart").first).to_be_visible()
    assert_accessible(page)
    walk_keyboard(page, max_presses=1500)
    assert_reflows(page)
    assert_accessible(page)
    assert console_errors == []


def test_the_national_choice_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/workforce")
        page.select_option("#group", "asian")
        page.select_option("#year", "2004")
        page.get_by_role("button", name="Show").click()
        assert "group=asian" in page.url and "year=2004" in page.url
        expect(page.locator("#by-force")).to_contain_text(
            "Asian people among police officers, each force, 31 March 2004"
        )
        # the chart's table twin holds every force, the Wiltshire row among them
        expect(page.locator("#national-chart table")).to_contain_text("Wiltshire")
    finally:
        context.close()
