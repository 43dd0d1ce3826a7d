"""What a force's engagement pages show, each gathered in one call (views render it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.shortcuts import get_object_or_404

from parity.accounts.models import User
from parity.actions.access import is_board
from parity.analysis.protection import Status, suppress
from parity.analysis.rules import Rules
from parity.engagement.models import Event, Feedback, Theme
from parity.engagement.you_said import entries
from parity.reference.models import Force


def force_page(slug: str, user: User) -> dict[str, Any]:
    """A force's events, themes and the feedback not yet themed, for those who work on them."""
    force = get_object_or_404(Force, slug=slug)
    return {
        "force": force,
        "board": is_board(user, force),
        "events": Event.objects.filter(force=force).annotate(items=Count("feedback")),
        "themes": Theme.objects.filter(force=force).annotate(
            items=Count("feedback", distinct=True), answers=Count("responses", distinct=True)
        ),
        "unthemed": Feedback.objects.filter(force=force, theme__isnull=True).select_related("event"),
    }


def _public_events(force: Force) -> list[tuple[Event, int | None]]:
    """Published events with the number who took part, withheld when it is small."""
    events = list(Event.objects.filter(force=force, published=True))
    counts = [e.attendees or 0 for e in events]
    status = suppress(counts, [], Rules.from_settings().disclosure_threshold)
    return [(e, e.attendees if s == Status.SHOWN else None) for e, s in zip(events, status, strict=True)]


def public_page(slug: str) -> dict[str, Any]:
    """The public "you said, we did" page of a force, with small attendances withheld."""
    force = get_object_or_404(Force, slug=slug)
    return {"force": force, "entries": entries(force, public=True), "events": _public_events(force)}
