"""Signing in, in a real browser: the sign-in, lock-out, password and second-factor pages
pass axe, work by keyboard alone and reflow at 320 px; a staff member enrols an authenticator
app by typing the key shown on the page."""

from __future__ import annotations

import base64
import time
import uuid
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, enter_password

pytestmark = pytest.mark.browser


def fresh_email() -> str:
    """A new address per test, so lock-out counts never carry from one test to another."""
    return f"browser-{uuid.uuid4().hex[:8]}@example.org"


def test_sign_in_page_passes_axe_keyboard_and_reflow(page: Page) -> None:
    page.goto("/account/sign-in")
    expect(page.locator("h1")).to_have_text("Sign in to Parity")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    assert_accessible(page)


def test_a_failed_sign_in_by_keyboard_focuses_the_error_summary(page: Page) -> None:
    page.goto("/account/sign-in")
    page.locator("#id_email").focus()
    page.keyboard.type(fresh_email())
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page).to_have_title("Error: Sign in to Parity – Parity")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the e-mail address and password")
    assert_accessible(page)


def test_the_lock_out_page_passes_axe_and_says_when_to_retry(page: Page) -> None:
    email = fresh_email()
    for _ in range(5):
        page.goto("/account/sign-in")
        page.fill("#id_email", email)
        page.fill("#id_password", "wrong")
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Sign-in is locked for now")
    expect(page.locator("main")).to_contain_text("You can try again after")
    assert_accessible(page)
    walk_keyboard(page)


def test_password_reset_pages_pass_axe(page: Page) -> None:
    page.goto("/account/password-reset")
    assert_accessible(page)
    page.fill("#id_email", fresh_email())
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    assert_accessible(page)


@pytest.mark.uses_up_limits
def test_asking_for_links_too_often_passes_axe_and_says_when_to_ask_again(page: Page) -> None:
    """This uses up 127.0.0.1's requests for a link on the shared server for an hour: no browser
    test may ask for a set-password link after it (it is the only one that asks more than once)."""
    for _ in range(11):  # PARITY_PASSWORD_REQUESTS_PER_HOUR, 10 by default, and one more
        page.goto("/account/password-reset")
        page.fill("#id_email", fresh_email())
        page.get_by_role("button", name="Send the link").click()
        if page.locator("h1").inner_text() == "Too many requests for a link":
            break
    expect(page.locator("h1")).to_have_text("Too many requests for a link")
    expect(page.locator("main")).to_contain_text("You can ask again after")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)


def test_a_staff_member_sets_up_an_authenticator_app(page: Page, server_home: Path) -> None:
    email = fresh_email()
    add_person(server_home, email, "analyst")
    enter_password(page, email)
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code to add Parity to an authenticator app")).to_be_visible()
    assert_accessible(page)
    walk_keyboard(page)
    # Type the code an app would show, from the key printed under the QR code.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    page.fill("#id_token", f"{totp.token():06d}")
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.locator("h1")).to_have_text("Your account")
    expect(page.locator("main")).to_contain_text("Analyst")
    expect(page.locator("main")).to_contain_text("Authenticator app set up")
    assert_accessible(page)
    assert_reflows(page)
