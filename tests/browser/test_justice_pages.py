"""The arrests pages in a real browser: axe-core, the keyboard alone and 320 px, once per kind
of page (England and Wales; a force's arrests with its stage table), and the year chosen
without JavaScript. The server is given the Home Office arrests tables and a fictional
Wiltshire extract for 2019/20, a year whose stop-and-search months it holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from parity.justice import example
from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import parity
from tests.conftest import SHARED

pytestmark = pytest.mark.browser
TABLES = SHARED / "home-office" / "arrests" / "arrest-police-powers-procedures-mar19-hosb2519-tables.ods"


@pytest.fixture(scope="module")
def arrests_held(server_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("arrests")
    extract = example.write_example(folder, "wiltshire", year=2019)
    parity(server_home, "ingest", "arrests", str(TABLES), str(extract))
    yield


@pytest.mark.parametrize("path", ["/arrests", "/forces/wiltshire/arrests?period=2019/20"])
def test_arrests_pages_pass_axe_keyboard_and_reflow(
    page: Page, console_errors: list[str], arrests_held: None, path: str
) -> None:
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    walk_keyboard(page, max_presses=1000)
    assert_reflows(page)
    assert_accessible(page)
    assert console_errors == []


def test_the_year_is_chosen_without_javascript(browser: Browser, base_url: str, arrests_held: None) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/forces/wiltshire/arrests")
        page.select_option("#period", "2018/19")
        page.get_by_role("button", name="Show this year").click()
        assert "period=2018%2F19" in page.url or "period=2018/19" in page.url
        expect(page.locator("#arrests")).to_contain_text("2018/19")
        expect(page.locator("main")).to_contain_text("6,500")  # White arrests, Wiltshire 2018/19, as published
    finally:
        context.close()
