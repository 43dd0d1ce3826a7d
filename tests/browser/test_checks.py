"""The browser checks catch what they are for: each is shown a page that breaks its rule."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard

pytestmark = pytest.mark.browser

GOOD = """<!DOCTYPE html><html lang="en"><head><title>T</title><style>
a:focus, button:focus { outline: 3px solid #fd0; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 0; }
</style></head><body><a class="govuk-skip-link skip" href="#main">Skip to main content</a>
<main id="main"><h1>T</h1><p><a href="/a">A link</a></p><button>Go</button>{extra}</main></body></html>"""


def with_extra(html: str) -> str:
    return GOOD.replace("{extra}", html)


def serve(page: Page, html: str) -> None:
    page.route("**/check-fixture", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto("/check-fixture")


def test_a_good_page_passes_all_three(page: Page) -> None:
    serve(page, with_extra(""))
    assert_accessible(page)
    stops = walk_keyboard(page)
    assert [s.text for s in stops] == ["Skip to main content", "A link", "Go"]
    assert_reflows(page)


def test_axe_reports_a_violation(page: Page) -> None:
    serve(page, with_extra('<img src="/x.png">'))
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_the_walk_needs_the_skip_link_first(page: Page) -> None:
    serve(page, with_extra("").replace('<a class="govuk-skip-link skip" href="#main">Skip to main content</a>', ""))
    with pytest.raises(AssertionError, match="first Tab stop must be the skip link"):
        walk_keyboard(page)


def test_the_walk_finds_a_control_the_keyboard_cannot_reach(page: Page) -> None:
    serve(page, with_extra('<a href="/b" tabindex="-1">Mouse only</a>'))
    with pytest.raises(AssertionError, match="never reaches"):
        walk_keyboard(page)


def test_the_walk_finds_focus_that_cannot_be_seen(page: Page) -> None:
    serve(
        page, with_extra('<style>.plain:focus { outline: none; }</style><a class="plain" href="/c">No focus style</a>')
    )
    with pytest.raises(AssertionError, match="focus is not visible"):
        walk_keyboard(page)


def test_reflow_finds_a_page_wider_than_a_phone(page: Page) -> None:
    serve(page, with_extra('<div class="wide"></div><style>.wide { width: 600px; height: 10px; }</style>'))
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_reflows(page)
