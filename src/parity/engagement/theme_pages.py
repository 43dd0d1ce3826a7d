"""What the theme-suggestion and leaders' review pages show, each gathered in one call.

Every record is looked up within the force in the address, so another force's answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from parity.engagement import review, suggest
from parity.engagement.models import Event, ReviewDecision, ReviewSession, SuggestionStatus, Theme, ThemeSuggestion
from parity.reference.lookup import force_or_404
from parity.reference.models import Force


def events(force: Force) -> QuerySet[Event]:
    return Event.objects.filter(force=force).order_by("-held_on", "pk")


def suggestions_page(slug: str) -> dict[str, Any]:
    """The suggestions waiting for a decision, the comments with no theme, and recent decisions."""
    found = force_or_404(slug)
    decided = ThemeSuggestion.objects.filter(force=found).exclude(
        status__in=[SuggestionStatus.PENDING, SuggestionStatus.REPLACED]
    )
    return {
        "force": found,
        "suggestions": suggest.pending(found).prefetch_related("feedback__event").order_by("pk"),
        "unthemed": suggest.unthemed(found).count(),
        "decided": decided.select_related("theme", "merged_into").order_by("-pk")[:20],
        "events": events(found),
    }


def suggestion(slug: str, pk: int) -> ThemeSuggestion:
    return get_object_or_404(ThemeSuggestion.objects.select_related("force"), pk=pk, force__slug=slug)


def others(found: ThemeSuggestion) -> QuerySet[ThemeSuggestion]:
    """The suggestions this one may be merged into."""
    return suggest.pending(found.force).exclude(pk=found.pk).order_by("pk")


def sessions_page(slug: str) -> dict[str, Any]:
    found = force_or_404(slug)
    sessions = ReviewSession.objects.filter(force=found).select_related("event").annotate(made=Count("decisions"))
    return {"force": found, "sessions": sessions}


def session(slug: str, pk: int) -> ReviewSession:
    return get_object_or_404(ReviewSession.objects.select_related("force", "event"), pk=pk, force__slug=slug)


def session_page(slug: str, pk: int) -> dict[str, Any]:
    """The session's themes, each with what was said in scope and the decision so far."""
    found = session(slug, pk)
    decisions = {
        d.theme_id: d for d in found.decisions.select_related("response", "action", "decided_by").order_by("pk")
    }
    themes = list(review.themes_in(found).annotate(items=Count("feedback", distinct=True)))
    return {
        "force": found.force,
        "session": found,
        "rows": [(t, decisions.get(t.pk)) for t in themes],
        "decided": len(decisions),
    }


def decision_context(slug: str, pk: int, theme_pk: int) -> tuple[ReviewSession, Theme, dict[str, Any]]:
    """The session, the theme (one in the session's scope), and the form's starting values."""
    found = session(slug, pk)
    theme = get_object_or_404(review.themes_in(found), pk=theme_pk)
    made = ReviewDecision.objects.filter(session=found, theme=theme).select_related("response", "action").first()
    initial: dict[str, Any] = {"you_said": theme.description}
    if made is not None:
        initial = {
            "decision": made.decision,
            "why": made.why,
            "you_said": made.response.you_said,
            "we_did": made.response.we_did,
        }
    comments = theme.feedback.select_related("event").order_by("received_on", "pk")
    return found, theme, {"initial": initial, "made": made, "comments": comments}
