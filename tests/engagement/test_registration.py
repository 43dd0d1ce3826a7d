"""Conversations: registration with places and a waiting list, the online link given only to
those with a place (in their e-mail and on their own page), the facilitator's notes point by
point under topics, the feedback form sent afterwards, and the retention of registrations."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parity.accounts.models import AuditEvent
from parity.engagement import conversations, moderation, services
from parity.engagement.models import Conversation, Event, Feedback, Place, Point, Registration, Topic
from parity.jobs.registry import find
from tests.pagecheck import CheckedClient, text
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.com/room-7f3a9c"
FORM = {"name": "Amira Test", "email": "amira@example.org", "access_needs": "Captions, please",
        "ethnicity": "black", "area": "Salisbury", "consent": "on"}  # fmt: skip


def conversation(
    w: RoleWorld, *, capacity: int | None = 2, waiting_list: bool = True, held_on: date | None = None
) -> Event:
    event = services.add_event(
        w.home, kind="community-conversation", title="Big conversation (test)",
        held_on=held_on or timezone.localdate() + timedelta(days=10), place="Online", published=True,
    )  # fmt: skip
    conversations.set_up(
        event, registration_open=True, capacity=capacity, waiting_list=waiting_list, online_link=SECRET,
        facilitator="Sam Facilitator", facilitator_from="Independent Mediation (test)",
        topics=["Stop and search", "Recruitment"],
    )  # fmt: skip
    return event


def links(message: mail.EmailMessage) -> dict[str, str]:
    """The paths of the Parity links in a message, by what they open."""
    found = re.findall(r"https?://[^/\s]+(/engagement/\S+)", str(message.body))
    return {p.split("/")[3 if p.startswith("/engagement/conversations/") else 2]: p for p in found}


def register(client: CheckedClient, event: Event, **changes: str) -> mail.EmailMessage:
    mail.outbox.clear()
    url = f"/engagement/public/{event.force.slug}/conversations/{event.pk}/register"
    answer = client.post(url, {**FORM, **changes}, follow=True)
    assert "Check your e-mail" in text(answer.page.select_one("h1")), text(answer.page.select_one("main"))
    [message] = mail.outbox
    return message


def public_pages(event: Event) -> list[str]:
    slug = event.force.slug
    return [
        f"/engagement/public/{slug}/take-part",
        f"/engagement/public/{slug}/conversations/{event.pk}/",
        f"/engagement/public/{slug}/conversations/{event.pk}/registered",
        f"/engagement/public/{slug}/",
        f"/api/engagement/forces/{slug}/you-said-we-did",
    ]


def test_places_then_a_waiting_list_and_the_link_only_to_those_with_a_place(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    public = role_world.client("anonymous")
    form = public.get(f"/engagement/public/{role_world.home.slug}/conversations/{event.pk}/register")
    consent = text(form.page.select_one("label[for=id_consent]"))
    assert "30 days after the conversation" in consent  # purpose and retention stated
    assert SECRET not in form.content.decode()

    first = register(public, event)
    assert first.to == ["amira@example.org"] and SECRET in str(first.body)
    second = register(public, event, email="ben@example.org", name="Ben")
    third = register(public, event, email="cat@example.org", name="Cat")
    assert SECRET in str(second.body) and SECRET not in str(third.body) and "waiting list" in str(third.body)
    assert [r.place for r in Registration.objects.order_by("pk")] == [Place.PLACE, Place.PLACE, Place.WAITING]

    # The link is on a registrant's own page, for those with a place only; never in public.
    own = public.get(links(first)["place"])
    assert own.page.select_one("#online-link")["href"] == SECRET
    waiting = public.get(links(third)["place"])
    assert SECRET not in waiting.content.decode() and "waiting list" in text(waiting.page.select_one("h1"))
    for page in public_pages(event):
        answer = public.get(page)
        assert answer.status_code == 200 and SECRET not in answer.content.decode(), page
        assert "amira@example.org" not in answer.content.decode() and "Captions" not in answer.content.decode()
    topics = text(public.get(public_pages(event)[1]).page.select_one("main"))
    assert "Stop and search" in topics and "Independent Mediation (test)" in topics

    # Cancelling frees the place for the first on the waiting list, who is told at once.
    mail.outbox.clear()
    cancelled = public.post(links(first)["place"])
    assert "You have cancelled" in text(cancelled.page.select_one("h1")) and SECRET not in cancelled.content.decode()
    [moved_up] = mail.outbox
    assert moved_up.to == ["cat@example.org"] and SECRET in str(moved_up.body)
    assert Registration.objects.get(email="cat@example.org").place == Place.PLACE

    # More places: those waiting move up, in the order they registered, and are told.
    for n in (1, 2):
        register(public, event, email=f"wait{n}@example.org", name=f"Wait {n}")
    mail.outbox.clear()
    conversations.set_up(
        event, registration_open=True, capacity=3, waiting_list=True, online_link=SECRET, facilitator="Sam",
        facilitator_from="", topics=[],
    )  # fmt: skip
    assert [m.to for m in mail.outbox] == [["wait1@example.org"]] and SECRET in str(mail.outbox[0].body)
    assert Registration.objects.get(email="wait2@example.org").place == Place.WAITING
    assert not Topic.objects.filter(event=event).exists()  # topics no longer listed go


def test_a_full_conversation_without_a_waiting_list_says_so_and_takes_nobody(role_world: RoleWorld) -> None:
    event = conversation(role_world, capacity=1, waiting_list=False)
    public = role_world.client("anonymous")
    register(public, event)
    url = f"/engagement/public/{role_world.home.slug}/conversations/{event.pk}"
    assert "This conversation is full" in text(public.get(f"{url}/").page.select_one("main"))
    assert public.post(f"{url}/register", {**FORM, "email": "late@example.org"}).status_code == 404
    assert Registration.objects.count() == 1


def test_registration_needs_consent_an_open_published_conversation_and_a_valid_address(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    public = role_world.client("anonymous")
    url = f"/engagement/public/{role_world.home.slug}/conversations/{event.pk}/register"
    refused = public.post(url, {**FORM, "consent": "", "email": "not-an-address"})
    summary = text(refused.page.select_one(".govuk-error-summary"))
    assert "Tick the box to agree" in summary and "Enter an e-mail address like" in summary
    services.edit_event(event, published=False)
    assert public.get(url).status_code == 404
    assert not Registration.objects.exists() and not mail.outbox


def test_the_facilitator_notes_points_by_topic_and_a_mistake_is_removed_and_audited(role_world: RoleWorld) -> None:
    event = conversation(role_world, held_on=timezone.localdate())
    setup = Conversation.objects.get(event=event)
    path = "/" + conversations.facilitator_link(setup).split("/", 3)[3]
    facilitator = role_world.client("anonymous")  # independent: no account, the link is the proof
    page = facilitator.get(path)
    assert "Note the points made" in text(page.page.select_one("h1"))
    searches, jobs = Topic.objects.filter(event=event).order_by("position")
    added = facilitator.post(path, {"text": "Explain why before searching.", "topic": searches.pk}, follow=True)
    # The topic stays chosen for the next point, so noting is fast.
    assert added.page.select_one(f"#id_topic option[value='{searches.pk}']").has_attr("selected")
    facilitator.post(path, {"text": "Advertise jobs in community centres.", "topic": jobs.pk})
    facilitator.post(path, {"text": "Noted by mistake.", "topic": jobs.pk})
    assert facilitator.post(path, {"text": ""}).status_code == 200  # an empty point is refused on the form
    points = {p.feedback.text: p for p in Point.objects.select_related("feedback", "topic")}
    assert points["Explain why before searching."].topic == searches
    assert all(p.feedback.event == event and p.feedback.theme is None for p in points.values())  # to be themed

    wrong = points["Noted by mistake."]
    facilitator.post(f"{path}/points/{wrong.pk}/remove")
    assert not Feedback.objects.filter(text="Noted by mistake.").exists() and Point.objects.count() == 2
    trail = AuditEvent.objects.filter(object_type="engagement.feedback", object_id=str(wrong.feedback_id))
    assert any("removed as noted by mistake" in e.summary.lower() for e in trail)

    # Staff see the points beside the registrations.
    staff = role_world.client("board-member").get(f"/engagement/{role_world.home.slug}/events/{event.pk}/registrations")
    assert "Advertise jobs in community centres." in text(staff.page.select_one("main"))

    # A point of another conversation cannot be removed through this link.
    other = conversation(role_world, held_on=timezone.localdate())
    stray = conversations.note(Conversation.objects.get(event=other), text="Elsewhere.", topic=None)
    facilitator.post(f"{path}/points/{stray.pk}/remove")
    assert Point.objects.filter(pk=stray.pk).exists()
    # A topic of another conversation is not offered.
    other_topic = Topic.objects.filter(event=other).first()
    assert other_topic is not None
    facilitator.post(path, {"text": "Sneaky.", "topic": other_topic.pk})
    assert not Feedback.objects.filter(text="Sneaky.").exists()


def test_the_facilitators_link_can_be_replaced_and_expires(role_world: RoleWorld) -> None:
    event = conversation(role_world, held_on=timezone.localdate())
    setup = Conversation.objects.get(event=event)
    old = "/" + conversations.facilitator_link(setup).split("/", 3)[3]
    public = role_world.client("anonymous")
    assert public.post(old[:-3] + "abc", {"text": "x"}).status_code == 400
    staff = role_world.client("board-member")
    staff.post(f"/engagement/{role_world.home.slug}/events/{event.pk}/facilitator-link")
    answer = public.post(old, {"text": "After the link was replaced."})
    assert answer.status_code == 400 and "replaced" in text(answer.page.select_one("main"))
    setup.refresh_from_db()
    fresh = "/" + conversations.facilitator_link(setup).split("/", 3)[3]
    assert public.get(fresh).status_code == 200
    services.edit_event(event, held_on=timezone.localdate() - timedelta(days=3))
    late = public.get(fresh)
    assert late.status_code == 400 and "expired" in text(late.page.select_one("main"))
    assert not Feedback.objects.exists()


def test_the_feedback_form_goes_to_those_with_a_place_and_asks_no_name(role_world: RoleWorld) -> None:
    event = conversation(role_world, capacity=1)
    public = role_world.client("anonymous")
    placed = register(public, event)
    register(public, event, email="waiting@example.org")
    staff = role_world.client("board-member")
    send = f"/engagement/{role_world.home.slug}/events/{event.pk}/invite-feedback"
    mail.outbox.clear()
    early = staff.post(send, follow=True)
    assert "once the conversation has been held" in text(early.page.select_one("main")) and not mail.outbox

    services.edit_event(event, held_on=timezone.localdate() - timedelta(days=1))
    mail.outbox.clear()
    done = staff.post(send, follow=True)
    assert "Sent to 1 people" in text(done.page.select_one("main"))
    [invitation] = mail.outbox
    assert invitation.to == ["amira@example.org"]
    form = links(invitation)["feedback"]
    public.post(form, {"text": "Good to be heard.", "ethnicity": "asian", "area": "Devizes"})
    assert not Feedback.objects.filter(text="Good to be heard.").exists()  # checked first
    [held] = [w for w in moderation.queue(role_world.home) if w.kind == "comment"]
    said = moderation.approve(held.record, [], by=role_world.user("engagement-officer")).feedback  # type: ignore[attr-defined]
    assert (said.event, said.created_by, said.ethnicity, said.area) == (event, None, "asian", "Devizes")
    # Not linked to who gave it: nothing in the comment or its trail names the registrant.
    trail = AuditEvent.objects.filter(object_type__in=["engagement.feedback", "engagement.heldcomment"])
    assert "amira" not in json.dumps([[e.summary, e.changes] for e in trail], default=str).lower()
    assert links(placed)["place"] != form  # a different token: the place link cannot post feedback
    assert public.post(links(placed)["place"].replace("/place/", "/feedback/"), {"text": "x"}).status_code == 400


def test_registrations_are_erased_after_the_retention_period_keeping_only_counts(role_world: RoleWorld) -> None:
    event = conversation(role_world)
    public = role_world.client("anonymous")
    message = register(public, event)
    assert [w.kind for w in moderation.queue(role_world.home)] == ["access-needs"]
    assert find("erase-conversation-registrations").target == "parity.engagement.conversations.erase_expired"
    assert conversations.erase_expired(event.held_on + timedelta(days=30)) == 0
    assert conversations.erase_expired(event.held_on + timedelta(days=31)) == 1
    kept = Registration.objects.get()
    assert (kept.name, kept.email, kept.access_needs) == ("", "", "")
    assert not moderation.queue(role_world.home)  # nothing erased is left waiting to be checked
    assert (kept.ethnicity, kept.area, kept.place) == ("black", "Salisbury", Place.PLACE)  # still counted
    answer = public.get(links(message)["place"])
    assert answer.status_code == 400 and "no longer held" in text(answer.page.select_one("main"))
    trail = AuditEvent.objects.filter(object_type="engagement.registration", object_id=str(kept.pk))
    dumped = json.dumps([[e.summary, e.changes] for e in trail], default=str)
    for secret in ("Amira", "amira@example.org", "Captions", "Salisbury", "black"):
        assert secret not in dumped


def test_the_public_conversation_page_shows_its_themes_and_published_answers_only(role_world: RoleWorld) -> None:
    event = conversation(role_world, held_on=timezone.localdate() - timedelta(days=5))
    services.edit_event(event, summary="Forty people talked for two hours.")
    setup = Conversation.objects.get(event=event)
    searches = services.add_theme(role_world.home, name="Explaining searches")
    draft = services.add_theme(role_world.home, name="Draft theme")
    for theme in (searches, draft):
        point = conversations.note(setup, text=f"On {theme.name}.", topic=None)
        services.set_theme(point.feedback, theme)
    services.respond(searches, you_said="Explain searches first.", we_did="Officers are briefed.", published=True)
    services.respond(draft, you_said="Unpublished.", we_did="Not yet.", published=False)
    page = role_world.client("anonymous").get(f"/engagement/public/{role_world.home.slug}/conversations/{event.pk}/")
    main = text(page.page.select_one("main"))
    assert "Forty people talked" in main and "Officers are briefed." in main
    assert "Draft theme" in main and "Unpublished" not in main and "not answered yet" in main
    assert "On Explaining searches." not in main  # individual points are never public
    listing = role_world.client("anonymous").get(f"/engagement/public/{role_world.home.slug}/take-part")
    assert "Big conversation (test)" in text(listing.page.select_one("main"))
