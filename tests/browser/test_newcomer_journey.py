"""A newcomer's whole journey through community engagement, in a real browser, tried as a new
user would: they register interest and confirm it by the e-mailed link, apply to join a group
and are accepted, are invited to a conversation by an update to the network, register, come to
it (the facilitator notes their points, which are themed), say what they thought afterwards,
and see the leaders' answer published and sent to them; then they leave. What they write is
checked by the engagement officer before anyone else reads it. Every page passes axe; the
pages a newcomer uses also work by keyboard alone and reflow at 320 px.

The network's sign-up, confirmation, staff list and unsubscribing are tested here only (this
walk replaced their own browser test)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard
from tests.browser.conftest import add_person, parity, sign_in, sign_in_with_new_authenticator

pytestmark = pytest.mark.browser
FORCE = "wiltshire"


def newest_mail(home: Path, email: str, pattern: str) -> str:
    """The last match of `pattern` (one group: a path) in the newest e-mail to `email` that has one
    (the file outbox stands in for the mail server)."""
    for message in sorted((home / "outbox").glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        body = message.read_text()
        found = re.findall(pattern, body)
        if f"To: {email}" in body and found:
            return str(found[-1])
    raise AssertionError(f"no e-mail to {email} matching {pattern} in the outbox")


def link_to(home: Path, email: str, purpose: str) -> str:
    """The network's confirm or unsubscribe link e-mailed to `email` (the last in the body: the
    first is the List-Unsubscribe header)."""
    return newest_mail(home, email, rf"https?://[^/\s]+(/engagement/network/{purpose}/[^\s>]+)")


def send_network_updates(home: Path) -> None:
    """What the scheduled job `send-network-updates` does every five minutes, now."""
    parity(home, "manage", "shell", "-c", "from parity.engagement.updates import send_queued; send_queued()")


def _checked(page: Page) -> None:
    assert_accessible(page)
    walk_keyboard(page)
    assert_reflows(page)


def _check_text(officer: Page, label: str, about: str, *, remove: str = "") -> None:
    """The engagement officer checks the text of this kind from `about` (a group, a conversation),
    removing `remove`."""
    officer.goto(f"/engagement/{FORCE}/checks/")
    assert_accessible(officer)
    officer.get_by_role("row").filter(has_text=label).filter(has_text=about).get_by_role("link").click()
    assert_accessible(officer)
    if remove:
        officer.get_by_label("Words or phrases to remove (optional)").fill(remove)
    officer.get_by_role("button", name="Approve").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Approved")


def test_a_newcomer_takes_part_from_joining_to_the_answer(
    page: Page, browser: Browser, base_url: str, server_home: Path
) -> None:
    tag = uuid.uuid4().hex[:6]
    email = f"newcomer-{tag}@example.org"
    group_name = f"Diverse communities group {tag}"
    title = f"Big conversation {tag}"
    today = dt.date.today()

    officer_email = f"engagement-officer-{tag}@example.org"
    add_person(server_home, officer_email, "engagement-officer", force=FORCE)
    officer_context = browser.new_context(base_url=base_url)
    officer = officer_context.new_page()
    sign_in_with_new_authenticator(officer, officer_email)
    officer.goto(f"/engagement/{FORCE}/groups/add")
    officer.get_by_label("Name").fill(group_name)
    officer.get_by_label("Diverse communities group").check()
    officer.get_by_label("What the group is for").fill("People from every community who advise the force.")
    officer.get_by_role("button", name="Add the group").click()
    expect(officer.locator("h1")).to_have_text(group_name)

    # 1. The newcomer finds the network from the Take part page and registers interest, by keyboard.
    page.goto(f"/engagement/public/{FORCE}/take-part")
    _checked(page)
    page.get_by_role("link", name=re.compile("^Join .* community network$")).click()
    _checked(page)
    page.get_by_role("button", name="Send me the link").press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Newcomer Test")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Where you live (optional)").fill("Trowbridge")
    page.get_by_label("Actively involved", exact=False).check()
    page.get_by_label("Stop and search").check()
    page.get_by_label("Black, Black British", exact=False).check()
    consent = page.get_by_label("I agree", exact=False)
    expect(consent).to_have_accessible_name(re.compile("only ever counted with others"))
    consent.check()
    page.get_by_role("button", name="Send me the link").press("Enter")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    assert_accessible(page)

    # 2. ... and confirms it by the e-mailed link.
    page.goto(link_to(server_home, email, "confirm"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and join").press("Enter")
    expect(page.locator("h1")).to_have_text("You have joined")
    assert_accessible(page)
    officer.goto(f"/engagement/{FORCE}/network/")
    expect(officer.locator("table")).to_contain_text(email)
    expect(officer.locator("main")).not_to_contain_text("Black, Black British")  # only ever counted
    _checked(officer)

    # 3. They apply to join a group; the officer checks what they wrote, then accepts them.
    page.goto(f"/engagement/join/{FORCE}/groups/")
    _checked(page)
    page.get_by_role("link", name=f"Apply to join {group_name}").press("Enter")
    _checked(page)
    page.get_by_label("The e-mail address you joined the network with").fill(email)
    page.get_by_label("Why would you like to join?").fill(f"My friend Priya {tag} told me to. Call 07700 900123.")
    page.get_by_role("button", name="Send my application").press("Enter")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    page.goto(newest_mail(server_home, email, r"https?://[^/\s]+(/engagement/groups/confirm/[^\s>]+)"))
    page.get_by_role("button", name="Confirm my application").press("Enter")
    expect(page.locator("h1")).to_have_text("Your application has been sent")
    assert_accessible(page)
    officer.goto(f"/engagement/{FORCE}/groups/")
    officer.get_by_role("link", name=group_name).click()
    officer.get_by_role("link", name="Newcomer Test").click()
    expect(officer.locator("main")).to_contain_text("Waiting to be checked")
    _check_text(officer, "Why someone wants to join a group", group_name, remove=f"Priya {tag}")
    officer.goto(f"/engagement/{FORCE}/groups/")
    officer.get_by_role("link", name=group_name).click()
    officer.get_by_role("link", name="Newcomer Test").click()
    expect(officer.locator("main")).to_contain_text("My friend [removed] told me to. Call [removed: phone number].")
    officer.get_by_label("Accept", exact=False).check()
    officer.get_by_role("button", name="Save the decision").click()
    expect(officer.locator("table")).to_contain_text(email)

    # 4. The officer sets up a conversation and invites the network to it.
    officer.goto(f"/engagement/{FORCE}/events/add")
    officer.get_by_label("Community conversation").check()
    officer.get_by_label("Name").fill(title)
    officer.get_by_label("Day").fill(str(today.day))
    officer.get_by_label("Month").fill(str(today.month))
    officer.get_by_label("Year").fill(str(today.year))
    officer.get_by_label("Where (optional)").fill("Trowbridge Civic Centre")
    officer.get_by_label("List this event", exact=False).check()
    officer.get_by_role("button", name="Save").click()
    officer.get_by_role("link", name="Registration, the facilitator's link and the topics").click()
    officer.get_by_role("button", name="Set up registration").click()
    officer.get_by_label("Open for registration", exact=False).check()
    officer.get_by_label("Facilitator", exact=True).fill("Sam Facilitator")
    officer.get_by_label("Topics").fill("Stop and search\nRecruitment")
    officer.get_by_role("button", name="Save").click()
    expect(officer.locator("h1")).to_contain_text("Registrations and notes")
    registrations = officer.url
    facilitator_link = officer.locator("#facilitator-link").inner_text().split("/", 3)[3]
    event_path = f"/engagement/public/{FORCE}/conversations/{registrations.rstrip('/').split('/')[-2]}/"
    officer.goto(f"/engagement/{FORCE}/network/updates/add")
    assert_accessible(officer)
    officer.get_by_label("Subject").fill(f"Come to {title}")
    officer.get_by_label("Message").fill(f"Tell us what you think. Register here:\n{base_url}{event_path}")
    officer.get_by_label("Stop and search").check()
    officer.get_by_role("button", name="Send update").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Queued")
    send_network_updates(server_home)

    # 5. The newcomer follows the invitation and registers, by keyboard.
    page.goto(newest_mail(server_home, email, r"https?://[^/\s]+(/engagement/public/\S+/conversations/\d+/)"))
    expect(page.locator("h1")).to_have_text(title)
    _checked(page)
    page.get_by_role("button", name="Register").click()
    _checked(page)
    page.get_by_label("Your name").fill("Newcomer Test")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Anything we should arrange", exact=False).fill("Captions, and a seat for my carer Dee.")
    page.get_by_label("Black, Black British", exact=False).check()
    page.get_by_label("Where you live (optional)").fill("Trowbridge")
    page.get_by_label("I agree", exact=False).check()
    page.get_by_role("button", name="Register").press("Enter")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    page.goto(newest_mail(server_home, email, r"https?://[^/\s]+(/engagement/conversations/place/\S+)"))
    expect(page.locator("h1")).to_have_text("You have a place")
    _checked(page)
    officer.goto(registrations)
    expect(officer.get_by_role("table", name="Who registered")).to_contain_text("Waiting to be checked")
    _check_text(officer, "Access needs given when registering", title, remove="Dee")
    officer.goto(registrations)
    expect(officer.get_by_role("table", name="Who registered")).to_contain_text(
        "Captions, and a seat for my carer [removed]."
    )

    # 6. At the conversation the independent facilitator notes their points.
    facilitator = browser.new_context(base_url=base_url).new_page()
    facilitator.goto("/" + facilitator_link)
    point = f"Officers should say why before a search ({tag})."
    facilitator.get_by_label("The point made").fill(point)
    facilitator.get_by_label("Topic").select_option(label="Stop and search")
    facilitator.get_by_role("button", name="Add the point").press("Enter")
    expect(facilitator.locator("table")).to_contain_text(point)
    assert_accessible(facilitator)

    # 7. Afterwards they say what they thought; the officer checks it before it joins the comments.
    officer.goto(registrations)
    officer.get_by_role("button", name="Send the feedback form to those registered").click()
    page.goto(newest_mail(server_home, email, r"https?://[^/\s]+(/engagement/conversations/feedback/\S+)"))
    _checked(page)
    said = f"Good to be heard ({tag})."
    page.get_by_label("What would you like to tell us?").fill(said)
    page.get_by_role("button", name="Send").press("Enter")
    expect(page.locator("h1")).to_contain_text("Take part")
    _check_text(officer, "A comment on a conversation", title)

    # 8. Their points are themed.
    theme = f"Explaining searches {tag}"
    officer.goto(f"/engagement/{FORCE}/themes/add")
    officer.get_by_label("Theme", exact=True).fill(theme)
    officer.get_by_role("button", name="Add theme").click()
    for text in (point, said):
        officer.goto(f"/engagement/{FORCE}/")
        officer.get_by_role("listitem").filter(has_text=text).get_by_role("link", name="choose a theme").click()
        assert_accessible(officer)
        officer.get_by_label("Theme (optional)").select_option(label=theme)
        officer.get_by_role("button", name="Save").click()
    officer.goto(f"/engagement/{FORCE}/")
    expect(officer.locator("main")).not_to_contain_text(point)  # no longer waiting for a theme

    # 9. The leaders decide on the theme and publish the answer; it goes to the network.
    leader_email = f"leader-{tag}@example.org"
    add_person(server_home, leader_email, "board-member", force=FORCE)
    leader_context = browser.new_context(base_url=base_url)
    leader = leader_context.new_page()
    sign_in(leader, leader_email)
    leader.goto(f"/engagement/{FORCE}/reviews/")
    leader.get_by_label("Name of the review").fill(f"Leaders' review {tag}")
    box = leader.get_by_role("group", name="Date of the review")
    box.get_by_label("Day").fill(str(today.day))
    box.get_by_label("Month").fill(str(today.month))
    box.get_by_label("Year").fill(str(today.year))
    leader.get_by_label("The conversation or meeting to review").select_option(label=f"{title} ({today:%d %b %Y})")
    leader.get_by_role("button", name="Start the review").click()
    leader.get_by_role("link", name=theme).click()
    leader.get_by_label("Do differently").check()
    leader.get_by_label("Why").fill("People do not know why they were searched.")
    leader.get_by_label("You said").fill("Officers should explain a search before it starts.")
    answer = f"Every officer now gives the grounds first ({tag})."
    leader.get_by_label("We did").fill(answer)
    leader.get_by_role("button", name="Save the decision").click()
    leader.get_by_role("button", name="Publish the answers").click()
    expect(leader.locator(".govuk-notification-banner")).to_contain_text("published")
    leader_context.close()
    officer.goto(f"/engagement/{FORCE}/network/updates/add?digest=1")
    expect(officer.get_by_label("Message")).to_have_value(re.compile(re.escape(answer)))
    officer.get_by_role("button", name="Send update").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Queued")
    officer_context.close()
    send_network_updates(server_home)

    # 10. The newcomer sees the answer in public and in the e-mail sent to them; then they leave.
    page.goto(f"/engagement/public/{FORCE}/")
    expect(page.locator("main")).to_contain_text(answer)
    _checked(page)
    digest = newest_mail(server_home, email, rf"(Every officer now gives the grounds first \({tag}\)\.)")
    assert digest == answer
    page.goto(f"/engagement/public/{FORCE}/take-part")
    expect(page.locator("main")).to_contain_text("The network, by ethnic group")
    assert_accessible(page)
    page.goto(link_to(server_home, email, "unsubscribe"))
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe and erase my details").press("Enter")
    expect(page.locator("h1")).to_have_text("You have been removed")
    assert_accessible(page)
