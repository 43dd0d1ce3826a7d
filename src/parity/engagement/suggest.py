"""Theme suggestions: the offline model (`parity.analysis.text_groups`) over the comments of a
force that have no theme yet, and a person's decision on each suggestion.

A suggestion changes nothing until someone decides: accepting (under the suggested name or
another) makes a theme and gives it the comments still without one; merging moves one
suggestion's comments into another; rejecting leaves the comments as they were. Asking for
new suggestions replaces those still waiting. Every change is saved through `save()`, so it
is in the audit trail with who made it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from parity.accounts.models import User
from parity.analysis.text_groups import MAX_GROUPS, suggest
from parity.engagement import services
from parity.engagement.models import Event, Feedback, SuggestionStatus, Theme, ThemeSuggestion
from parity.reference.models import Force


def unthemed(force: Force, event: Event | None = None) -> QuerySet[Feedback]:
    """The comments a suggestion may hold: this force's, with no theme yet (of one event, if given)."""
    found = Feedback.objects.filter(force=force, theme__isnull=True)
    return found.filter(event=event) if event is not None else found


def pending(force: Force) -> QuerySet[ThemeSuggestion]:
    return ThemeSuggestion.objects.filter(force=force, status=SuggestionStatus.PENDING)


@transaction.atomic
def make_suggestions(
    force: Force, *, event: Event | None = None, groups: int | None = None, by: User | None = None
) -> list[ThemeSuggestion]:
    """Run the model over the comments with no theme; earlier suggestions still waiting are replaced."""
    if event is not None and event.force_id != force.pk:
        raise ValidationError({"event": "Choose a conversation or meeting of this force"})
    if groups is not None and not 2 <= groups <= MAX_GROUPS:
        raise ValidationError({"groups": f"Choose between 2 and {MAX_GROUPS} themes"})
    for old in pending(force):
        old.status = SuggestionStatus.REPLACED
        old.save(update_fields=["status"])
    comments = list(unthemed(force, event).order_by("pk"))
    found = suggest([c.text for c in comments], k=groups)
    made = []
    for group in found.groups:
        suggestion = ThemeSuggestion(
            force=force, event=event, name=group.name, terms=", ".join(group.terms), created_by=by
        )
        suggestion.full_clean()
        suggestion.save()
        suggestion.feedback.set([comments[i] for i in group.members])
        made.append(suggestion)
    return made


def _check_pending(suggestion: ThemeSuggestion) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValidationError(f"This suggestion has already been decided: {suggestion.get_status_display().lower()}")


@transaction.atomic
def accept(
    suggestion: ThemeSuggestion,
    *,
    name: str,
    description: str = "",
    feedback: Iterable[Feedback] | None = None,
    by: User | None = None,
) -> Theme:
    """A new theme under `name` (the suggested one, or the person's), given the comments chosen
    (all of the suggestion's by default) that still have no theme."""
    _check_pending(suggestion)
    held = {f.pk: f for f in suggestion.feedback.all()}
    chosen = list(held.values()) if feedback is None else [f for f in feedback if f.pk in held]
    still_open = [f for f in chosen if f.theme_id is None]
    if not still_open:
        raise ValidationError({"feedback": "Choose at least one comment that has no theme yet"})
    theme = services.add_theme(suggestion.force, name=name, description=description, by=by)
    for comment in still_open:
        services.set_theme(comment, theme)
    suggestion.status, suggestion.theme, suggestion.decided_by = SuggestionStatus.ACCEPTED, theme, by
    suggestion.save(update_fields=["status", "theme", "decided_by"])
    return theme


@transaction.atomic
def merge(suggestion: ThemeSuggestion, into: ThemeSuggestion, *, by: User | None = None) -> ThemeSuggestion:
    """Put one suggestion's comments into another waiting suggestion of the same force."""
    _check_pending(suggestion)
    if into.pk == suggestion.pk or into.force_id != suggestion.force_id or into.status != SuggestionStatus.PENDING:
        raise ValidationError({"into": "Choose another suggestion that is still waiting"})
    into.feedback.add(*suggestion.feedback.all())
    suggestion.status, suggestion.merged_into, suggestion.decided_by = SuggestionStatus.MERGED, into, by
    suggestion.save(update_fields=["status", "merged_into", "decided_by"])
    return into


@transaction.atomic
def reject(suggestion: ThemeSuggestion, *, by: User | None = None) -> ThemeSuggestion:
    _check_pending(suggestion)
    suggestion.status, suggestion.decided_by = SuggestionStatus.REJECTED, by
    suggestion.save(update_fields=["status", "decided_by"])
    return suggestion
