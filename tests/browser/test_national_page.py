"""The England and Wales page in a real browser: axe-core, the keyboard alone and 320 px, with
the published series from 2006/07 and Parity's figure from the forces the server holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import parity
from tests.justice.test_published_stop_search import EDITION, SMALL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def published_held(server_home: Path) -> Iterator[None]:
    parity(server_home, "ingest", "published-stop-search", str(EDITION), *(str(p) for p in SMALL))
    yield


def test_the_england_and_wales_page_passes_axe_keyboard_and_reflow(
    page: Page, console_errors: list[str], published_held: None
) -> None:
    page.goto("/england-and-wales")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#national-series")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("of 43 forces held")
    assert_accessible(page)
    walk_keyboard(page, max_presses=1000)
    assert_reflows(page)
    assert_accessible(page)
    assert console_errors == []
