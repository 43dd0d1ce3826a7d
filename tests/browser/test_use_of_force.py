"""The use-of-force pages in a real browser (one check per kind of page: every force, one
force), and a use-of-force panel cycle from draw to the force's answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from parity import safe_csv
from parity.powers.use_of_force.example import example_rows
from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import parity
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
