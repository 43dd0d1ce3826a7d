"""Pages for theme suggestions (board members and action owners, who theme feedback) and the
leaders' review (board members, who answer it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts.permissions import role_required
from parity.actions.access import BOARD
from parity.engagement import review, suggest, theme_pages
from parity.engagement.access import READERS
from parity.engagement.theme_forms import AcceptForm, DecisionForm, MergeForm, ReviewSessionForm, SuggestForm
from parity.web.form_pages import form_page, posted


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def suggestions(request: HttpRequest, force: str) -> HttpResponse:
    """The waiting suggestions; posting asks the model for new ones."""
    context = theme_pages.suggestions_page(force)
    found = context["force"]
    return form_page(
        request,
        SuggestForm(posted(request), events=context["events"]),
        lambda data: suggest.make_suggestions(found, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda made: (
            f"{len(made)} themes suggested. Accept, rename, merge or reject each one."
            if made
            else "No themes could be suggested: too few comments share words."
        ),
        then=lambda _: redirect("engagement:suggestions", force=force),
        template="engagement/suggest/suggestions.html",
        context=context,
    )


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def suggestion_accept(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = theme_pages.suggestion(force, pk)
    return form_page(
        request,
        AcceptForm(posted(request), initial={"name": found.name}, suggestion=found),
        lambda data: suggest.accept(found, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda theme: f"The theme “{theme.name}” has been made from the suggestion.",
        then=lambda _: redirect("engagement:suggestions", force=force),
        template="engagement/suggest/accept.html",
        context={"force": found.force, "suggestion": found},
    )


@role_required(*READERS, force="force")
@require_http_methods(["GET", "POST"])
def suggestion_merge(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = theme_pages.suggestion(force, pk)
    return form_page(
        request,
        MergeForm(posted(request), others=theme_pages.others(found)),
        lambda data: suggest.merge(found, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda into: f"Merged into “{into.name}”.",
        then=lambda _: redirect("engagement:suggestions", force=force),
        template="engagement/suggest/merge.html",
        context={"force": found.force, "suggestion": found},
    )


@role_required(*READERS, force="force")
@require_POST
def suggestion_reject(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    try:
        suggest.reject(theme_pages.suggestion(force, pk), by=request.user)  # type: ignore[arg-type]
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, "The suggestion has been rejected; its comments keep no theme.")
    return redirect("engagement:suggestions", force=force)


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def reviews(request: HttpRequest, force: str) -> HttpResponse:
    """The force's review sessions, and the form to start one."""
    context = theme_pages.sessions_page(force)
    found = context["force"]
    return form_page(
        request,
        ReviewSessionForm(posted(request), events=theme_pages.events(found)),
        lambda data: review.add_session(found, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda session: f"“{session.title}” has started. Record a decision on each theme.",
        then=lambda session: redirect("engagement:review", force=force, pk=session.pk),
        template="engagement/review/sessions.html",
        context=context,
    )


@role_required(*BOARD, force="force")
@require_safe
def review_session(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/review/session.html", theme_pages.session_page(force, pk))


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def review_decide(request: HttpRequest, force: str, pk: int, theme: int) -> HttpResponse:
    session, found, context = theme_pages.decision_context(force, pk, theme)
    return form_page(
        request,
        DecisionForm(posted(request), initial=context["initial"]),
        lambda data: review.decide(session, found, by=request.user, **data),  # type: ignore[arg-type]
        done=lambda made: f"The decision on “{made.theme.name}” has been recorded.",
        then=lambda _: redirect("engagement:review", force=force, pk=session.pk),
        template="engagement/review/decide.html",
        context={"force": session.force, "session": session, "theme": found, **context},
    )


@role_required(*BOARD, force="force")
@require_POST
def review_publish(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    try:
        review.publish(theme_pages.session(force, pk))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(
            request, "The answers are published on the public “you said, we did” page, with their actions."
        )
    return redirect("engagement:review", force=force, pk=pk)
