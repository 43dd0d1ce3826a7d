"""The map pages in a real browser: axe-core (WCAG 2.2 AA) on each map and its table twin,
the keyboard alone, reflow at 320 px, and an area of the force map that opens its force.

The server's boundaries are built the way an operator would, with `parity maps build` on
ONS's real files in the shared data."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import parity
from tests.conftest import SHARED

pytestmark = pytest.mark.browser

MAPS = [
    "/compare/map",
    "/compare/map?measure=rate&group=White&period=2019/20",
    "/forces/wiltshire/stop-and-search/where",
]


@pytest.fixture(scope="module")
def boundaries_built(server_home: object) -> None:
    printed = parity(server_home, "maps", "build", str(SHARED / "geography"))  # type: ignore[arg-type]
    assert "43 police force areas" in printed


@pytest.mark.parametrize("path", MAPS)
def test_each_map_and_its_table_twin_pass_axe_keyboard_and_reflow(
    page: Page, console_errors: list[str], boundaries_built: None, path: str
) -> None:
    page.goto(path)
    figure = page.locator("figure.parity-map")
    expect(figure).to_have_count(1)
    expect(figure.locator("svg.parity-map__svg")).to_be_visible()
    expect(figure.locator("table")).to_be_visible()
    expect(figure.locator(".parity-map__attribution")).to_contain_text("Office for National Statistics")
    assert_accessible(page)
    walk_keyboard(page, max_presses=1000)
    assert_reflows(page)
    assert_accessible(page)
    assert console_errors == []


def test_an_area_of_the_force_map_opens_its_force(page: Page, boundaries_built: None) -> None:
    page.goto("/compare/map")
    page.locator("svg.parity-map__svg a[href^='/forces/wiltshire/']").click()
    expect(page.locator("h1")).to_have_text("Stop and search in Wiltshire")
