"""The public victims' and complaints page in a real browser: a force's quarter, with a chart
and its table twin for every share, passes axe, works by keyboard alone and reflows at 320 px.
The server is given a small made-up extract for Kent covering 2024-Q1 and April 2024."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import parity
from tests.victims.extracts import allegation, victim, write, write_complaints

pytestmark = pytest.mark.browser
GROUPS = ("W1", "W1", "W1", "B1", "A1", "W2")


@pytest.fixture(scope="module")
def kent_held(server_home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("victims-public")
    rows = []
    for i in range(90):
        month = 1 + i % 4
        made = {"first_update_made": f"2024-{month:02d}-08", "updates_made": "1"} if i % 3 else {}
        rows.append(
            victim(f"KP/{i}", f"2024-{month:02d}-02", force="Kent", first_update_due=f"2024-{month:02d}-09",
                   updates_due="1", self_defined_ethnicity=GROUPS[i % len(GROUPS)], **made)
        )  # fmt: skip
    complaints = [
        allegation(f"KP-C/{i}", 1, f"2024-0{1 + i % 3}-05", force="Kent", complainant_ethnicity=GROUPS[i % 6],
                   allegation_result="upheld" if i % 2 else "not-upheld", finalised_date=f"2024-0{1 + i % 3}-25")
        for i in range(40)
    ]  # fmt: skip
    parity(server_home, "ingest", "victims", str(write(folder / "victims.csv", rows)))
    parity(server_home, "ingest", "victims", str(write_complaints(folder / "complaints.csv", complaints)))


def test_a_force_quarter_passes_axe_keyboard_and_reflow(page: Page, console_errors: list[str], kent_held: None) -> None:
    page.goto("/forces/kent/victims-and-complaints?quarter=2024-Q1")
    expect(page.locator("h1")).to_have_text("Kent: victims and complaints")
    expect(page.locator("figure.parity-chart svg").first).to_be_visible()
    assert_accessible(page)
    walk_keyboard(page, max_presses=1000)
    assert_reflows(page)
    assert_accessible(page)
    assert console_errors == []
