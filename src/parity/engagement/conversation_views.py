"""Conversation pages: registration set up by engagement staff, the public registration and
the registrant's own page, the facilitator's notes page, and the feedback form after it.

Staff pages need an engagement role of the force in the address. The registrant's and the
facilitator's pages need no account: the signed link in their e-mail is the proof."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts.permissions import role_required
from parity.engagement import conversation_pages as pages
from parity.engagement import conversations, network
from parity.engagement.access import READERS
from parity.engagement.conversation_forms import ConversationForm, PointForm, RegisterForm
from parity.engagement.forms import PublicFeedbackForm
from parity.web.form_pages import form_page, posted


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    event, initial = pages.setup_initial(force, pk)
    return form_page(
        request,
        ConversationForm(posted(request), initial=initial),
        lambda data: conversations.set_up(event, **data),
        done="Registration and topics have been saved.",
        then=lambda _: redirect("engagement:conversation-registrations", force=force, pk=pk),
        template="engagement/conversations/setup.html",
        context={"force": event.force, "event": event},
    )


@role_required(*READERS, force="force")
@require_safe
def registrations(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/conversations/registrations.html", pages.registrations_page(force, pk))


@role_required(*READERS, force="force")
@require_POST
def invite_feedback(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return _act(request, force, pk, lambda event: f"Sent to {conversations.invite_feedback(event)} people.")


@role_required(*READERS, force="force")
@require_POST
def new_facilitator_link(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    def renew(event: Any) -> str:
        conversations.new_facilitator_link(event.conversation)
        return "The facilitator's old link no longer works. Send them the new one."

    return _act(request, force, pk, renew)


def _act(request: HttpRequest, force: str, pk: int, act: Callable[[Any], str]) -> HttpResponse:
    try:
        messages.success(request, act(pages.staff_event(force, pk)))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    return redirect("engagement:conversation-registrations", force=force, pk=pk)


# --- public ---------------------------------------------------------------------------------


@require_safe
def take_part(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/conversations/take_part.html", pages.take_part_page(force))


@require_safe
def public_conversation(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/conversations/public.html", pages.public_conversation(force, pk))


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    """Public (signed-out pages are rate-limited per address by the page middleware)."""
    event = pages.register_page(force, pk)
    form = RegisterForm(posted(request), force_name=event.force.name, days=conversations.RETENTION_DAYS)
    return form_page(
        request,
        form,
        lambda data: conversations.register(event, **data),
        done="Check your e-mail: we have sent you the details.",
        then=lambda _: redirect("engagement:conversation-registered", force=force, pk=pk),
        template="engagement/conversations/register.html",
        context={"force": event.force, "event": event, "retention_days": conversations.RETENTION_DAYS},
    )


@require_safe
def registered(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/conversations/registered.html", pages.public_conversation(force, pk))


def _bad_link(request: HttpRequest, problem: Exception) -> HttpResponse:
    return render(request, "engagement/conversations/bad_link.html", {"problem": str(problem)}, status=400)


@require_http_methods(["GET", "POST"])
def place(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own page: the online link (with a place), and cancelling (a POST)."""
    try:
        found = (
            conversations.cancel(token) if request.method == "POST" else conversations.registration_for(token, "place")
        )
    except network.BadLink as problem:
        return _bad_link(request, problem)
    return render(request, "engagement/conversations/place.html", {"registration": found, "event": found.event})


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The feedback form sent to those registered; what they write is not linked to them."""
    try:
        found = conversations.registration_for(token, "feedback")
    except network.BadLink as problem:
        return _bad_link(request, problem)
    return form_page(
        request,
        PublicFeedbackForm(posted(request)),
        lambda data: conversations.give_feedback(token, **data),
        done="Thank you. What you told us will be read, grouped with what others said, and answered in public.",
        then=lambda _: redirect("engagement:take-part", force=found.event.force.slug),
        template="engagement/conversations/feedback.html",
        context={"force": found.event.force, "event": found.event},
    )


@require_http_methods(["GET", "POST"])
def facilitate(request: HttpRequest, token: str) -> HttpResponse:
    """The facilitator's notes: add a point, under a topic, as fast as it is said."""
    try:
        conversation = conversations.conversation_for(token)
    except network.BadLink as problem:
        return _bad_link(request, problem)
    event = conversation.event
    topics = event.topics.all()
    form = PointForm(posted(request), topics=topics, initial={"topic": request.GET.get("topic")})
    return form_page(
        request,
        form,
        lambda data: conversations.note(conversation, **data),
        done="Noted.",
        then=lambda point: redirect(f"{request.path}?topic={point.topic_id or ''}#id_text"),
        template="engagement/conversations/facilitate.html",
        context={"force": event.force, "event": event, "points": conversations.points(event), "token": token},
    )


@require_POST
def remove_point(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    try:
        conversation = conversations.conversation_for(token)
        conversations.remove(conversations.point_of(conversation, pk))
    except network.BadLink as problem:
        return _bad_link(request, problem)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, "The point has been removed.")
    return redirect("engagement:facilitate", token=token)
