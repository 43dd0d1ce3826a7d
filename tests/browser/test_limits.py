"""The page a client over the page rate limit gets passes axe, works by keyboard and reflows.

The session's server runs with the limits off (every browser test asks from one address), so
the page is rendered here, as the middleware renders it, and shown by the browser on that
server's address, where its style sheets and script load from."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from parity.web.errors import too_many_requests
from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard

pytestmark = pytest.mark.browser


def test_the_too_many_requests_page_passes_axe_keyboard_and_reflow(page: Page) -> None:
    refused = too_many_requests(90)
    assert refused.status_code == 429 and refused["Retry-After"] == "90"
    page.goto("/cookies")
    page.set_content(refused.content.decode())
    expect(page.locator("h1")).to_have_text("Too many requests")
    expect(page.locator("main")).to_contain_text("Wait 90 seconds and try again")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
