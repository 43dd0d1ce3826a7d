"""Recording a stop on a phone, the receipt, feedback and the panel's case pack, in chromium.

The whole story runs on a phone-sized screen against the real server: an officer records a
vehicle stop with a driver and two passengers and the search that followed; the driver opens
the receipt from the QR code's address, leaves feedback; an analyst checks the comment (by
keyboard, at 320 px) and approves it; the panel chair draws every stop with negative feedback
and finds that feedback, as approved, in the case pack. Every public receipt page
passes axe, works by keyboard and reflows at 320 px.

The rate-limit test is marked `uses_up_limits`, which runs it after every other test: it
uses up the guesses of 127.0.0.1 on the shared server for an hour, so no receipt can be
opened after it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_panel_member, add_person, parity, sign_in_with_new_authenticator

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
FEEDBACK = "The officer was polite <script>alert('x')</script> but did not say why three of us were stopped."


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=base_url, **PHONE)  # type: ignore[arg-type]
    yield context
    context.close()


def answer_person(page: Page, block: int, *, ethnicity: str, seen: str, age: str, gender: str) -> None:
    """Fill one person's answers, tapping the labels as a thumb would."""
    person = page.locator(".parity-person").nth(block)
    person.locator("select").select_option(label=ethnicity)
    for label in (seen, age, gender):
        person.get_by_label(label, exact=True).check()


def record_vehicle_stop(page: Page) -> str:
    """The officer's part, on a phone: a vehicle stop, a driver and two passengers. The receipt URL."""
    page.goto("/record/")
    page.get_by_role("link", name="Vehicle stop (section 163)").click()
    expect(page.locator("h1")).to_have_text("Record a vehicle stop")
    page.get_by_label("Something wrong with the vehicle").check()
    answer_person(page, 0, ethnicity="Black: Caribbean", seen="Black", age="25 to 34", gender="Male")
    page.get_by_role("button", name="Add a passenger").click()
    expect(page.locator("#passenger-1")).to_be_in_viewport()  # back where they were, not the top
    page.get_by_role("button", name="Add a passenger").click()
    expect(page.locator(".parity-person")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"#passenger-2$"))
    expect(page.locator("#passenger-2")).to_be_in_viewport()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    answer_person(page, 1, ethnicity="White: Irish", seen="White", age="18 to 24", gender="Female")
    answer_person(page, 2, ethnicity="Prefer not to say", seen="Black", age="10 to 17", gender="Male")
    page.get_by_label("A search followed").check()
    page.fill("#id_location", "A350, Chippenham bypass")
    page.fill("#id_station", "Chippenham")
    page.fill("#id_officer_identifier", "4821")
    page.fill("#id_contact", "07700 900456")
    assert_accessible(page)
    page.get_by_role("button", name="Save and show the receipt").click()
    expect(page.locator("h1")).to_contain_text("Receipt")
    expect(page.get_by_role("img", name="QR code that opens this receipt")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Kept on the server at")  # the default keeps, never sends
    assert_accessible(page)
    return page.locator("#receipt-link").get_attribute("href") or ""


def record_the_search_that_followed(page: Page) -> None:
    page.get_by_role("link", name="Record the search that followed this stop").click()
    expect(page.locator("h1")).to_have_text("Record a stop and search")
    answer_person(page, 0, ethnicity="Black: Caribbean", seen="Black", age="25 to 34", gender="Male")
    page.get_by_label("The person and their vehicle").check()
    page.select_option("#id_legislation", "mda-s23")
    page.select_option("#id_object_of_search", "drugs")
    page.fill("#id_grounds", "Strong smell of cannabis from the car and the driver's clothing.")
    page.get_by_label("No further action").check()
    page.get_by_role("button", name="Save and show the receipt").click()
    expect(page.locator("h1")).to_contain_text("Receipt")


MODERATED = FEEDBACK.replace("three of us", "[removed]")
NARROW = {"viewport": {"width": 320, "height": 640}}


def moderate_by_keyboard_at_320_px(browser: Browser, base_url: str, analyst: str) -> None:
    """The analyst checks the driver's comment on a narrow screen, by keyboard: takes out a
    phrase, is told when a phrase is not there, and approves. Every page passes axe."""
    context = browser.new_context(base_url=base_url, **NARROW)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_with_new_authenticator(page, analyst)
    page.get_by_role("link", name="Receipt comments to check").click()
    expect(page.locator("h1")).to_have_text("Receipt comments to check")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    page.locator("main table a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Check a receipt comment")
    expect(page.locator("#comment-text")).to_contain_text(FEEDBACK)
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    page.locator("#id_remove").focus()
    page.keyboard.type("Three of us")
    page.get_by_role("button", name="Remove and read again").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#comment-text")).to_contain_text(MODERATED)
    assert_accessible(page)
    page.locator("#id_remove").focus()
    page.keyboard.type("Jodie")
    page.get_by_role("button", name="Approve").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Not found in the comment: “Jodie”")
    assert_accessible(page)
    assert_reflows(page)
    page.locator("#id_remove").fill("")
    page.get_by_role("button", name="Approve").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Receipt comments to check")
    expect(page.locator("main")).to_contain_text("Approved")
    assert_accessible(page)
    context.close()


def test_a_vehicle_stop_from_roadside_to_the_panels_case_pack(
    browser: Browser, base_url: str, server_home: Path
) -> None:
    tag = uuid.uuid4().hex[:6]
    officer, chair = f"officer-{tag}@example.org", f"chair-{tag}@example.org"
    analyst = f"analyst-{tag}@example.org"
    panel = f"Stop and search panel {tag}"
    add_person(server_home, officer, "officer")
    add_person(server_home, analyst, "analyst")
    parity(server_home, "panel", "add", panel, "--force", "wiltshire")
    add_panel_member(server_home, chair, panel, "chair")
    parity(server_home, "panel", "add-meeting", "--panel", panel, "--date", dt.date.today().isoformat())

    # The officer, at the roadside.
    roadside = browser.new_context(base_url=base_url, **PHONE)  # type: ignore[arg-type]
    page = roadside.new_page()
    sign_in_with_new_authenticator(page, officer)
    receipt_url = record_vehicle_stop(page)
    reference, code = receipt_url.rsplit("/", 1)[-1].split("?code=")
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{15}", reference), receipt_url
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{10}", code), "the person's survey code is in their link"
    outbox = (server_home / "outbox" / "receipts.log").read_text()
    assert receipt_url in outbox and "07700" not in outbox, "the text message went, and the number is not kept"
    record_the_search_that_followed(page)
    roadside.close()

    # The driver, on their own phone, opens the address in the QR code.
    driver = browser.new_context(base_url=base_url, **PHONE)  # type: ignore[arg-type]
    page = driver.new_page()
    page.goto(receipt_url)
    expect(page.locator("h1")).to_have_text("Your receipt")
    main = page.locator("main")
    expect(main).to_contain_text("Your vehicle was stopped")
    expect(main).to_contain_text("The driver and 2 passengers")
    expect(main).to_contain_text("Something wrong with the vehicle")
    expect(main).to_contain_text("Chippenham")
    assert_accessible(page)
    page.get_by_role("group", name="Did the officer treat you with respect?").get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name="Did the officer tell you why you were stopped?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Fairly dissatisfied").check()
    page.fill("#id_comments", FEEDBACK)
    page.select_option("#id_self_defined", label="Black: Caribbean")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("h1")).to_have_text("Thank you for your feedback")
    assert_accessible(page)
    driver.close()

    # An analyst checks the comment before anyone else can read it.
    moderate_by_keyboard_at_320_px(browser, base_url, analyst)

    # The panel chair draws every stop with negative feedback and opens the case pack.
    office = browser.new_context(base_url=base_url)
    page = office.new_page()
    sign_in_with_new_authenticator(page, chair)
    page.goto("/scrutiny/")
    page.get_by_role("link", name=panel).first.click()
    today = dt.date.today()
    page.get_by_role("link", name=f"{today.day} {today:%B} {today.year}").first.click()
    page.get_by_role("button", name="Choose cases").click()  # a link drawn as a button
    page.get_by_label("Every stop with negative feedback").check()
    start = dt.date.today() - dt.timedelta(days=7)
    for part, value in (("day", start.day), ("month", start.month), ("year", start.year)):
        page.fill(f"#id_period_start-{part}", str(value))
    end = dt.date.today()
    for part, value in (("day", end.day), ("month", end.month), ("year", end.year)):
        page.fill(f"#id_period_end-{part}", str(value))
    page.get_by_role("button", name="Choose the cases").click()
    expect(page.locator("main")).to_contain_text("1 case has been chosen")
    page.locator("main a[href^='/scrutiny/cases/']").first.click()
    section = page.locator("main")
    expect(section).to_contain_text("What the person told us through their receipt")
    expect(section).to_contain_text(MODERATED)  # as approved, as text: the script tag is shown, never run
    expect(section).to_contain_text("Fairly dissatisfied")
    expect(page.locator("main script")).to_have_count(0)
    assert_accessible(page)
    office.close()


def test_the_receipt_pages_pass_axe_keyboard_and_reflow(phone: BrowserContext, server_home: Path) -> None:
    page = phone.new_page()
    page.goto("/receipt/")
    expect(page.locator("h1")).to_have_text("Find your receipt")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    assert_accessible(page)
    # A reference typed wrongly: the error summary, by keyboard.
    page.fill("#id_reference", "7KQ2M-D9XWA-4TRB9")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Check the reference")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)


def test_a_receipt_and_its_survey_by_keyboard_alone_at_320_px(
    browser: Browser, base_url: str, server_home: Path
) -> None:
    tag = uuid.uuid4().hex[:6]
    officer = f"officer-{tag}@example.org"
    add_person(server_home, officer, "officer")
    context = browser.new_context(base_url=base_url, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_with_new_authenticator(page, officer)
    page.goto("/record/new/account")
    assert_accessible(page)
    walk_keyboard(page)
    page.fill("#id_account_reason", "Seen trying car door handles on Market Place")
    answer_person(page, 0, ethnicity="Asian: Pakistani", seen="Asian", age="18 to 24", gender="Male")
    page.get_by_label("Words of advice").check()
    page.fill("#id_location", "Market Place, Devizes")
    page.fill("#id_station", "Devizes")
    page.fill("#id_officer_identifier", "4821")
    page.get_by_role("button", name="Save and show the receipt").click()
    receipt_url = page.locator("#receipt-link").get_attribute("href") or ""
    reference, code = page.locator("#receipt-reference").inner_text(), page.locator("#survey-code").inner_text()
    assert_accessible(page)
    assert_reflows(page)
    for link in ("See the full record", "Record a stop"):
        page.get_by_role("link", name=link).first.click()
        assert_accessible(page)
        walk_keyboard(page)
        assert_reflows(page)
    page.goto("/record/records/")
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)
    context.close()

    person = browser.new_context(base_url=base_url)
    page = person.new_page()
    page.goto(receipt_url)
    walk_keyboard(page)
    assert_reflows(page)
    assert_accessible(page)
    # An empty survey: the error summary is focused and names what to do.
    page.get_by_role("button", name="Send feedback").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer at least one question")
    assert_accessible(page)
    # Oversized comments are refused with a message, not cut off.
    page.fill("#id_comments", "x" * 2001)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("2,000 characters or fewer")
    assert_accessible(page)
    person.close()

    # Someone with only the reference (the officer, signed out, say) is asked for the survey
    # code, which only the person was given; the person, typing both from the receipt, answers.
    for typed_code, heading in (("", "Your receipt"), (code, "Thank you")):
        someone = browser.new_context(base_url=base_url, **PHONE)  # type: ignore[arg-type]
        page = someone.new_page()
        page.goto("/receipt/")
        page.fill("#id_reference", reference)
        page.get_by_role("button", name="Find my receipt").click()
        expect(page.locator("#id_code")).to_have_value("")
        page.get_by_label("Very satisfied").check()
        page.fill("#id_code", typed_code)
        page.get_by_role("button", name="Send feedback").click()
        if not typed_code:
            expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the survey code from your receipt")
            expect(page.locator(".govuk-error-summary")).to_be_focused()
            assert_accessible(page)
        expect(page.locator("h1")).to_contain_text(heading)
        someone.close()


def test_recording_works_without_javascript(browser: Browser, base_url: str, server_home: Path) -> None:
    tag = uuid.uuid4().hex[:6]
    officer = f"officer-{tag}@example.org"
    add_person(server_home, officer, "officer")
    setup = browser.new_context(base_url=base_url)
    sign_in_with_new_authenticator(setup.new_page(), officer)
    state = setup.storage_state()
    setup.close()
    context = browser.new_context(base_url=base_url, java_script_enabled=False, storage_state=state, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto("/record/new/vehicle")
    page.get_by_label("To check the driver's licence, insurance or MOT").check()
    answer_person(page, 0, ethnicity="White: English, Welsh, Scottish, Northern Irish or British", seen="White",
                  age="Over 34", gender="Female")  # fmt: skip
    page.get_by_role("button", name="Add a passenger").click()
    answer_person(page, 1, ethnicity="Mixed: White and Asian", seen="Mixed", age="10 to 17", gender="Male")
    page.get_by_label("No further action").check()
    page.fill("#id_location", "Salisbury Road")
    page.fill("#id_station", "Salisbury")
    page.fill("#id_officer_identifier", "4821")
    page.get_by_role("button", name="Save and show the receipt").click()
    expect(page.locator("h1")).to_contain_text("Receipt")
    receipt_url = page.locator("#receipt-link").get_attribute("href") or ""
    page.goto(receipt_url)
    expect(page.locator("main")).to_contain_text("you cannot answer this survey")  # the officer is signed in
    expect(page.get_by_role("button", name="Send feedback")).to_have_count(0)
    context.close()
    person = browser.new_context(base_url=base_url, java_script_enabled=False, **PHONE)  # type: ignore[arg-type]
    page = person.new_page()
    page.goto(receipt_url)
    page.get_by_label("Very satisfied").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("h1")).to_have_text("Thank you for your feedback")
    person.close()


def test_the_map_position_comes_from_the_device_when_asked(browser: Browser, base_url: str, server_home: Path) -> None:
    tag = uuid.uuid4().hex[:6]
    officer = f"officer-{tag}@example.org"
    add_person(server_home, officer, "officer")
    chippenham = {"latitude": 51.458123, "longitude": -2.116049, "accuracy": 12}
    context = browser.new_context(base_url=base_url, geolocation=chippenham, permissions=["geolocation"], **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_with_new_authenticator(page, officer)
    page.goto("/record/new/account")
    page.fill("#id_account_reason", "Leaving a closed building site at night")
    answer_person(page, 0, ethnicity="White: Irish", seen="White", age="Over 34", gender="Male")
    page.get_by_label("Words of advice").check()
    page.fill("#id_location", "Foundry Lane, Chippenham")
    page.fill("#id_station", "Chippenham")
    page.fill("#id_officer_identifier", "4821")
    page.get_by_role("button", name="Add the map position from this device").click()
    expect(page.get_by_role("status")).to_have_text("Map position added, to within about 12 metres.")
    assert_accessible(page)
    page.get_by_role("button", name="Save and show the receipt").click()
    page.get_by_role("link", name="See the full record").first.click()
    position = page.locator(".govuk-summary-list__row", has_text="Map position").locator("dd")
    expect(position).to_have_text("51.45812, -2.11605")
    context.close()


@pytest.mark.uses_up_limits
def test_guessing_references_is_stopped(phone: BrowserContext) -> None:
    """Run last: it uses up this address's guesses on the shared server."""
    page = phone.new_page()
    headings = []
    for _ in range(11):  # the server allows 10 failed look-ups an hour from one address
        page.goto("/receipt/")
        page.fill("#id_reference", "ABCDE-FGHJK-MNPQR")
        page.get_by_role("button", name="Find my receipt").click()
        headings.append(page.locator("h1").inner_text())
    assert headings[0] == "Find your receipt" and headings[-1] == "Too many tries", headings
    assert_accessible(page)
    walk_keyboard(page)
