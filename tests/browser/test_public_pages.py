"""Every public page in a real browser: axe-core (WCAG 2.2 AA, zero violations), the keyboard
alone, reflow at 320 px (axe again there), and no error in the console.

The server (tests/browser/conftest.py) holds Wiltshire and City of London, 2019 to 2021, and
both censuses: a force with rates and suppressed cells, and one with no resident rate.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

METHODOLOGY = sorted(f"/methodology/{p.stem}" for p in (ROOT / "docs" / "methodology").glob("*.md"))
PAGES = [
    "/",
    "/stop-and-search",
    "/forces/wiltshire",
    "/forces/city-of-london",
    "/forces/wiltshire/stop-and-search",
    "/forces/wiltshire/stop-and-search?period=2019/20&power=s1&ethnicity=officer&reference=Black",
    "/forces/city-of-london/stop-and-search",
    "/forces/wiltshire/stop-and-search/what-was-searched-for",  # what officers searched for, with find rates
    "/forces/wiltshire/stop-and-search?power=not-a-power",  # the error summary
    "/forces/wiltshire/stop-and-search?period=2020-05-01",  # a day: off the grid of periods
    "/compare",
    "/compare?measure=rate&group=White&period=2019/20",
    "/methodology",
    *METHODOLOGY,
    "/open-data",
    "/open-data/data-dictionary",
]


@pytest.mark.parametrize("path", PAGES)
def test_public_page_passes_axe_keyboard_and_reflow(page: Page, console_errors: list[str], path: str) -> None:
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    if page.locator(".govuk-error-summary").count():
        # GOV.UK Frontend focuses the error summary on load, so Tab would start there (as it
        # should for the person); start the walk from the top of the page instead.
        expect(page.locator(".govuk-error-summary")).to_be_focused()
        page.evaluate("() => { const b = document.body; b.tabIndex = -1; b.focus(); b.removeAttribute('tabindex'); }")
    walk_keyboard(page, max_presses=1000)
    assert_reflows(page)
    assert_accessible(page)  # again at 320 px: narrow charts, stacked tables, folded menu
    assert [e for e in console_errors if "status of 400" not in e] == []


def test_the_filters_work_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/forces/wiltshire/stop-and-search")
        page.select_option("#id_power", "s1")  # the list holds only the powers Wiltshire used
        page.check("input[name=ethnicity][value=officer]")
        page.get_by_role("button", name="Show the figures").click()
        assert "power=s1" in page.url and "ethnicity=officer" in page.url
        expect(page.locator("#by-ethnicity")).to_contain_text("Section 1")
        expect(page.locator("#by-ethnicity")).to_contain_text("officer-defined ethnicity")
    finally:
        context.close()


def test_the_charts_fit_a_phone_and_their_tables_hold_the_figures(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/forces/wiltshire/stop-and-search")
    rates = page.locator("figure#rates")
    expect(rates.locator("svg.parity-chart__svg--narrow")).to_be_visible()
    expect(rates.locator("table")).to_contain_text("Black")
    expect(page.locator("#rates-figures")).to_contain_text("not published")


def test_a_table_wider_than_a_phone_says_that_it_scrolls(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/forces/wiltshire")
    hints = page.locator(".parity-table-scroll__hint:visible")
    boxes = "[...document.querySelectorAll('.parity-table-scroll')]"
    wide = page.evaluate(f"() => {boxes}.filter(b => b.scrollWidth > b.clientWidth + 1).length")
    assert wide > 0
    expect(hints).to_have_count(wide)
    expect(hints.first).to_have_text("The table is wider than the screen: scroll it sideways to see all of it.")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator(".parity-table-scroll__hint:visible")).to_have_count(0)
    assert_accessible(page)


def test_a_download_link_gives_the_csv(page: Page, base_url: str) -> None:
    page.goto("/forces/wiltshire")
    href = page.locator("a", has_text="CSV").first.get_attribute("href")
    assert href is not None and href.startswith("/forces/wiltshire/stop-and-search/rates.csv")
    response = page.request.get(base_url + href)
    assert response.status == 200 and response.text().startswith("force,force_name,period_start")
