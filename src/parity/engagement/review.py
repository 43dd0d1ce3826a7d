"""The leaders' review: a session goes through the themes of a conversation (or of a period)
and records, for each, what the force will do differently, do more of, or why nothing
changes. Each decision is the "you said, we did" answer to its theme (`services.respond`);
one that needs doing adds an action to the force's action plan through the plan's own
service (`parity.actions.register`), under a source for the session. Publishing the session
publishes its answers and those actions together.

Role checks are the views'; every change is saved through `save()`, into the audit trail.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from parity.accounts.models import User
from parity.actions import register
from parity.actions.models import Action, Pillar, PlanTheme, Source, SourceKind
from parity.engagement import services
from parity.engagement.models import Decision, Event, ReviewDecision, ReviewSession, Theme
from parity.reference.models import Force

ACTS = (Decision.DIFFERENTLY, Decision.MORE)  # decisions that may put an action in the plan


@transaction.atomic
def add_session(
    force: Force,
    *,
    title: str,
    held_on: date,
    event: Event | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    by: User | None = None,
) -> ReviewSession:
    if event is not None and event.force_id != force.pk:
        raise ValidationError({"event": "Choose a conversation or meeting of this force"})
    if event is None and (period_start is None or period_end is None):
        raise ValidationError({"event": "Choose a conversation, or give the first and last day of a period"})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": "The last day must be on or after the first day"})
    session = ReviewSession(
        force=force,
        title=" ".join(title.split()),
        held_on=held_on,
        event=event,
        period_start=period_start if event is None else None,
        period_end=period_end if event is None else None,
        created_by=by,
    )
    session.full_clean()
    session.save()
    return session


def themes_in(session: ReviewSession) -> QuerySet[Theme]:
    """The themes with comments from the session's conversation, or received in its period."""
    if session.event_id is not None:
        said = Q(feedback__event_id=session.event_id)
    else:
        said = Q(feedback__received_on__gte=session.period_start, feedback__received_on__lte=session.period_end)
    return Theme.objects.filter(said, force_id=session.force_id).distinct().order_by("name")


def _source(session: ReviewSession) -> Source:
    """The plan's source for this session's actions, made with its first action."""
    reference = f"REVIEW-{session.pk}"
    found = Source.objects.filter(force_id=session.force_id, reference=reference).first()
    return found or register.add_source(
        session.force,
        kind=SourceKind.COMMUNITY_FEEDBACK,
        reference=reference,
        title=f"Leaders' review: {session.title}",
        published_on=session.held_on,
    )


def _add_action(session: ReviewSession, *, title: str, we_did: str, plan_theme: str) -> Action:
    source = _source(session)
    recommendation = register.add_recommendation(
        source,
        reference=f"D{source.recommendations.count() + 1}",
        text=we_did,
        theme=plan_theme or PlanTheme.ENGAGEMENT,
        pillar=Pillar.COMMUNITY_ENGAGEMENT,
    )
    return register.add_action(recommendation, title=title)


def _check_open(session: ReviewSession) -> None:
    if session.published_at is not None:
        raise ValidationError("This review has been published; change an answer from its theme's page")


@transaction.atomic
def decide(
    session: ReviewSession,
    theme: Theme,
    *,
    decision: str,
    why: str,
    you_said: str,
    we_did: str,
    action_title: str = "",
    plan_theme: str = "",
    by: User | None = None,
) -> ReviewDecision:
    """Record (or change) the decision on one theme, its answer, and its action if it needs one."""
    _check_open(session)
    if not themes_in(session).filter(pk=theme.pk).exists():
        raise ValidationError("This theme has no comments from this review's conversation or period")
    if action_title.strip() and decision not in ACTS:
        raise ValidationError({"action_title": "Only a decision to do differently or do more adds an action"})
    found = ReviewDecision.objects.filter(session=session, theme=theme).select_related("response").first()
    if found is None:
        response = services.respond(theme, you_said=you_said, we_did=we_did, responded_on=session.held_on, by=by)
        found = ReviewDecision(session=session, theme=theme, response=response)
    else:
        linked = list(found.response.actions.all())
        services.edit_response(found.response, you_said=you_said, we_did=we_did, actions=linked, published=False)
    found.decision, found.why, found.decided_by = decision, why.strip(), by
    if action_title.strip() and found.action_id is None:
        found.action = _add_action(session, title=action_title, we_did=we_did, plan_theme=plan_theme)
        found.response.actions.add(found.action)
    found.full_clean()
    found.save()
    return found


@transaction.atomic
def publish(session: ReviewSession) -> ReviewSession:
    """Publish every answer of the session, and the actions it added to the plan."""
    _check_open(session)
    decisions = list(session.decisions.select_related("response", "action"))
    if not decisions:
        raise ValidationError("Record a decision on at least one theme before publishing")
    for found in decisions:
        found.response.published = True
        found.response.save(update_fields=["published"])
        if found.action is not None and not found.action.published:
            found.action.published = True
            found.action.save(update_fields=["published"])
    session.published_at = timezone.now()
    session.save(update_fields=["published_at"])
    return session
