"""Pages for recording what people said and answering it, and the public "you said, we did".

Board members and action owners of a force record events, feedback and themes; board
members write and publish the answers. The public page shows published answers only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts import audit
from parity.accounts.permissions import role_required
from parity.actions.access import BOARD
from parity.engagement import moderation, network, pages, services, updates
from parity.engagement.access import READERS, engagement_forces
from parity.engagement.forms import (
    EventForm,
    FeedbackForm,
    NetworkUpdateForm,
    PublicFeedbackForm,
    RegisterInterestForm,
    ResponseForm,
    ThemeForm,
)
from parity.web import notify
from parity.web.form_pages import form_page, posted


@role_required(*READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "engagement/home.html", {"forces": engagement_forces(request.user)})


@role_required(*READERS, force="force")
@require_safe
def force_page(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/force.html", pages.force_page(force, request.user))  # type: ignore[arg-type]


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = pages.force(force)
    return form_page(
        request,
        EventForm(posted(request)),
        lambda data: services.add_event(force_obj, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda event: f"“{event.title}” has been recorded. Now add what people said.",
        then=lambda event: redirect("engagement:event", force=force, pk=event.pk),
        template="engagement/event_form.html",
        context={"force": force_obj},
    )


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    event = pages.event(force, pk)
    fields = ("kind", "title", "held_on", "place", "facilitator", "attendees", "summary", "published")
    initial = {name: getattr(event, name) for name in fields}
    return form_page(
        request,
        EventForm(posted(request), initial=initial),
        lambda data: services.edit_event(event, **data),
        done="The event has been changed.",
        then=lambda _: redirect("engagement:event", force=force, pk=event.pk),
        template="engagement/event_form.html",
        context={"force": event.force, "event": event},
    )


@role_required(*READERS, force="force")
@require_safe
def event(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/event.html", pages.event_page(force, pk))


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def feedback_add(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = pages.event(force, pk)
    return form_page(
        request,
        FeedbackForm(posted(request), force=found.force),
        lambda data: services.add_feedback(found.force, event=found, by=request.user, **data),  # type: ignore[arg-type]
        done="Saved. Add the next point, or go back to the event.",
        then=lambda _: redirect("engagement:feedback-add", force=force, pk=found.pk),
        template="engagement/feedback_form.html",
        context={"force": found.force, "event": found},
    )


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def feedback_theme(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    item = pages.feedback(force, pk)
    form = FeedbackForm(posted(request), initial={"text": item.text, "theme": item.theme}, force=item.force)
    form.fields["text"].disabled = True
    if request.method == "POST" and form.is_valid():
        services.set_theme(item, form.cleaned_data["theme"])
        messages.success(request, "The theme has been changed.")
        return redirect("engagement:force", force=force)
    context = {"form": form, "force": item.force, "item": item, "removable": services.removable(item)}
    return render(request, "engagement/feedback_theme.html", context)


@role_required(*READERS, force="force")
@require_POST
def feedback_remove(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    item = pages.feedback(force, pk)
    event = item.event
    try:
        services.remove_feedback(item, by=request.user)  # type: ignore[arg-type]
    except ValidationError as refused:
        audit.record_denied(request, "feedback from the public cannot be removed", force=item.force_id)
        messages.error(request, refused.messages[0])
        return redirect("engagement:feedback-theme", force=force, pk=pk)
    messages.success(request, "The point has been removed. The audit trail keeps what it said.")
    if event is not None:
        return redirect("engagement:event", force=force, pk=event.pk)
    return redirect("engagement:force", force=force)


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def theme_add(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = pages.force(force)
    return form_page(
        request,
        ThemeForm(posted(request)),
        lambda data: services.add_theme(force_obj, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda theme: f"The theme “{theme.name}” has been added.",
        then=lambda theme: redirect("engagement:theme", force=force, pk=theme.pk),
        template="engagement/theme_form.html",
        context={"force": force_obj},
    )


@role_required(*READERS, force="force")
@require_safe
def theme(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/theme.html", pages.theme_page(force, pk, request.user))  # type: ignore[arg-type]


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = pages.theme(force, pk)
    return form_page(
        request,
        ResponseForm(posted(request), force=found.force),
        lambda data: services.respond(found, by=request.user, **data),  # type: ignore[arg-type]
        done="The answer has been saved.",
        then=lambda _: redirect("engagement:theme", force=force, pk=found.pk),
        template="engagement/response_form.html",
        context={"force": found.force, "theme": found},
    )


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = pages.response(force, pk)
    initial = {
        "you_said": found.you_said,
        "we_did": found.we_did,
        "actions": list(found.actions.all()),
        "published": found.published,
    }
    return form_page(
        request,
        ResponseForm(posted(request), initial=initial, force=found.force),
        lambda data: services.edit_response(found, **data),
        done="The answer has been changed.",
        then=lambda _: redirect("engagement:theme", force=force, pk=found.theme_id),
        template="engagement/response_form.html",
        context={"force": found.force, "theme": found.theme, "response": found},
    )


@require_safe
def public(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/public.html", pages.public_page(force))


# --- the network: a public sign-up, links from e-mails, and the force's list -----------------


@require_http_methods(["GET", "POST"])
def network_join(request: HttpRequest, force: str) -> HttpResponse:
    """Public (signed-out pages are rate-limited per address by the page middleware)."""
    found = pages.force(force)
    retention = network.retention_words()
    return form_page(
        request,
        RegisterInterestForm(posted(request), force=found, retention=retention),
        lambda data: network.register_interest(found, **data),
        done=notify.kept("Check your e-mail: we have sent you a link to confirm."),
        then=lambda _: redirect("engagement:network-sent", force=force),
        template="engagement/network_join.html",
        context={"force": found, "retention": retention, "confirm_days": network.CONFIRM_DAYS},
    )


@require_safe
def network_sent(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/network_sent.html", {"force": pages.force(force)})


@require_http_methods(["GET", "POST"])
def network_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Confirming needs a press of a button (a POST), so a mail scanner opening the link adds nobody."""
    return _link_page(request, token, "confirm", network.confirm)


@csrf_exempt  # mail programs' one-click unsubscribe posts without a form (RFC 8058); the token is the proof
@require_http_methods(["GET", "POST"])
def network_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _link_page(request, token, "unsubscribe", network.unsubscribe)


def _link_page(request: HttpRequest, token: str, purpose: str, act: Callable[[str], object]) -> HttpResponse:
    template = f"engagement/network_{purpose}.html"
    try:
        member = network.member_for(token, purpose)
        done = act(token) if request.method == "POST" else None
    except network.BadLink as problem:
        return render(request, "engagement/network_bad_link.html", {"problem": str(problem)}, status=400)
    return render(request, template, {"member": member, "force": member.force, "done": done is not None})


@role_required(*READERS, force="force")
@require_safe
def network_list(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/network.html", pages.network_page(force))


@role_required(*READERS, force="force")
@require_http_methods(["POST"])
def network_erase(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    network.erase(pages.network_member(force, pk))
    messages.success(request, "Their details have been erased.")
    return redirect("engagement:network", force=force)


@role_required(*READERS, force="force")
@require_safe
def network_updates(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/network_updates.html", pages.updates_page(force))


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def network_update_add(request: HttpRequest, force: str) -> HttpResponse:
    """Compose an update; `?digest=1` starts from the published "you said, we did" answers."""
    found, initial = pages.compose_initial(force, request.GET.get("digest") == "1")
    return form_page(
        request,
        NetworkUpdateForm(posted(request), initial=initial),
        lambda data: updates.compose(found, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda update: f"Queued to {update.deliveries.count()} members: it goes within five minutes.",
        then=lambda update: redirect("engagement:network-update", force=force, pk=update.pk),
        template="engagement/network_update_form.html",
        context={"force": found},
    )


@role_required(*READERS, force="force")
@require_safe
def network_update(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/network_update.html", pages.update_page(force, pk))


@require_http_methods(["GET", "POST"])
def public_feedback(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    """Public and anonymous (rate-limited per address like every signed-out page); the comment
    joins the event's feedback with no theme, to be themed and answered."""
    found = pages.public_feedback_event(force, pk)
    return form_page(
        request,
        PublicFeedbackForm(posted(request)),
        lambda data: moderation.hold_comment(found, **data),
        done="Thank you. What you told us will be read, grouped with what others said, and answered on this page.",
        then=lambda _: redirect("engagement:public", force=force),
        template="engagement/public_feedback.html",
        context={"force": found.force, "event": found},
    )
