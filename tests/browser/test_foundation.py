"""The foundation in a real browser: layout, components and error pages pass axe, work by
keyboard alone, reflow at 320 px, run no script the Content Security Policy refuses, and work
without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard

pytestmark = pytest.mark.browser

PAGES = ["/", "/accessibility", "/cookies", "/components", "/no-such-page"]


def without_document_404(errors: list[str]) -> list[str]:
    return [e for e in errors if "status of 404" not in e and "status of 403" not in e]


@pytest.mark.parametrize("path", PAGES)
def test_page_passes_axe_keyboard_and_reflow(page: Page, console_errors: list[str], path: str) -> None:
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')"), (
        "parity.js did not run: is the module refused by the Content Security Policy?"
    )
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    assert_accessible(page)  # again at 320 px: the narrow chart and the collapsed menu
    assert without_document_404(console_errors) == []


def test_home_shows_the_forces_the_server_holds(page: Page) -> None:
    page.goto("/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("City of London")
    expect(rows.nth(0)).to_contain_text("January 2019 to November 2021")
    expect(rows.nth(1)).to_contain_text("Wiltshire")


def test_form_errors_by_keyboard_pass_axe_and_focus_the_summary(page: Page) -> None:
    page.goto("/components")
    page.get_by_role("button", name="Check the form").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend's script moves focus there
    expect(page).to_have_title("Error: Page components – Parity")
    summary.get_by_role("link", name="Enter your full name").click()
    expect(page.locator("#id_full_name")).to_be_focused()
    assert_accessible(page)


def test_the_menu_collapses_behind_a_button_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/components")
    toggle = page.locator(".govuk-service-navigation__toggle")
    expect(toggle).to_be_visible()
    expect(page.locator("#primary-navigation")).to_be_hidden()
    toggle.click()
    expect(page.locator("#primary-navigation")).to_be_visible()


def test_everything_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 320, "height": 700})
        page.goto("/components")
        expect(page.locator("#primary-navigation")).to_be_visible()  # the menu stays open, no toggle needed
        expect(page.locator(".govuk-service-navigation__toggle")).to_be_hidden()
        page.get_by_role("button", name="Check the form").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
        page.fill("#id_full_name", "Alex")
        page.fill("#id_email", "alex@example.com")
        page.select_option("#id_force", "midsomer")
        page.check("#id_role")
        page.check("#id_agree")
        page.get_by_role("button", name="Check the form").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The example form was valid")
        # (axe needs JavaScript, so it runs on these pages in the other tests.)
    finally:
        context.close()


def test_a_refused_form_shows_the_csrf_page(page: Page) -> None:
    page.goto("/components")
    page.evaluate("() => document.querySelector('input[name=csrfmiddlewaretoken]').remove()")
    page.get_by_role("button", name="Check the form").click()
    expect(page.locator("h1")).to_have_text("Sorry, your form could not be sent")
    assert_accessible(page)
    walk_keyboard(page)


def test_charts_show_the_drawing_that_fits_and_the_table_holds_the_figures(page: Page) -> None:
    page.goto("/components")
    figure = page.locator("figure#example-rates")
    expect(figure.locator("svg.parity-chart__svg--wide")).to_be_visible()
    expect(figure.locator("svg.parity-chart__svg--narrow")).to_be_hidden()
    expect(figure.get_by_role("img")).to_have_accessible_name(
        "Stop and search rate per 1,000 people, by ethnic group, Borsetshire (fictional), 2025 to 2026"
    )
    page.set_viewport_size({"width": 320, "height": 700})
    expect(figure.locator("svg.parity-chart__svg--narrow")).to_be_visible()
    expect(figure.locator("svg.parity-chart__svg--wide")).to_be_hidden()
    expect(figure.locator("table")).to_contain_text("not published")
