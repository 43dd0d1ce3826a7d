"""Another force's request to add someone it does not hold, in a real browser: the adder is
told only that the person was added, and the force holding them agrees on a page that passes
axe, works by keyboard and reflows at 320 px."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, sign_in_with_new_authenticator

pytestmark = pytest.mark.browser


def test_the_force_holding_an_account_agrees_before_another_force_gives_it_a_role(
    browser: Browser, base_url: str, server_home: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    asker, holder, person = (f"{who}-{tag}@example.org" for who in ("asker", "holder", "person"))
    add_person(server_home, asker, "force-admin", force="wiltshire")
    add_person(server_home, holder, "force-admin", force="kent")
    add_person(server_home, person, "analyst", force="kent")

    asking = browser.new_context(base_url=base_url).new_page()
    sign_in_with_new_authenticator(asking, asker)
    asking.goto("/account/people/add")
    asking.fill("#id_email", person)
    asking.get_by_label("Analyst", exact=True).check()
    asking.get_by_role("button", name="Add person").click()
    expect(asking.locator(".govuk-notification-banner")).to_contain_text(f"{person} has been added")
    expect(asking.locator("main")).not_to_contain_text(f"{person} already")
    expect(asking.locator("main")).to_contain_text("Added, not in yet")
    assert_accessible(asking)

    holding = browser.new_context(base_url=base_url).new_page()
    sign_in_with_new_authenticator(holding, holder)
    holding.goto("/account/people/requests/")
    expect(holding.locator("h1")).to_have_text("Changes waiting for your agreement")
    expect(holding.locator("main")).to_contain_text(f"Give analyst for Wiltshire to {person}")
    assert_accessible(holding)
    walk_keyboard(holding)
    assert_reflows(holding)
    holding.get_by_role("button", name="Agree").click()
    expect(holding.locator(".govuk-notification-banner")).to_contain_text("Agreed and done")
    assert_accessible(holding)

    asking.goto("/account/people/")
    expect(asking.locator("main")).to_contain_text(person)
