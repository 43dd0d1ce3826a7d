"""Building the register: sources, their recommendations and the actions taken on them.

Services raise ValidationError naming the field and the problem, so the pages, the CSV
import and the command line all give the same plain answer. Role checks happen in the
views and the API; these functions assume the caller was allowed.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import Role
from parity.actions import notices
from parity.actions.models import REPORTED, Action, PlanTheme, Recommendation, Source, SourceKind, Status
from parity.reference.models import Force
from parity.scrutiny.models import Finding


def owners_in(force: Force) -> QuerySet[User]:
    """People who may own actions in this force: those holding the action-owner role there."""
    holders = RoleAssignment.objects.filter(force=force, role=Role.ACTION_OWNER).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "email")


def check_owner(owner: User | None, force: Force) -> None:
    if owner is not None and not owners_in(force).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": f"{owner} is not an action owner in {force.name}: a force administrator gives that role first."}
        )


def _clean_reference(value: str, what: str) -> str:
    reference = " ".join(value.split())
    if not reference:
        raise ValidationError({"reference": f"Enter a reference for the {what}"})
    return reference


@transaction.atomic
def add_source(
    force: Force,
    *,
    kind: str,
    reference: str,
    title: str,
    published_on: date | None = None,
    url: str = "",
    description: str = "",
    illustrative: bool = False,
) -> Source:
    reference = _clean_reference(reference, "source")
    if Source.objects.filter(force=force, reference__iexact=reference).exists():
        raise ValidationError({"reference": f"{force.name} already has a source called {reference}"})
    source = Source(
        force=force,
        kind=SourceKind(kind),
        reference=reference,
        title=title.strip(),
        published_on=published_on,
        url=url,
        description=description.strip(),
        illustrative=illustrative,
    )
    source.full_clean()
    source.save()
    return source


def check_finding(finding: Finding | None, force: Force) -> None:
    if finding is not None and finding.panel.force_id != force.pk:
        raise ValidationError({"finding": f"Finding {finding.pk} belongs to a panel of another force"})


@transaction.atomic
def add_recommendation(
    source: Source, *, reference: str, text: str, theme: str, pillar: str = "", finding: Finding | None = None
) -> Recommendation:
    reference = _clean_reference(reference, "recommendation")
    check_finding(finding, source.force)
    if source.recommendations.filter(reference__iexact=reference).exists():
        raise ValidationError({"reference": f"{source.reference} already has a recommendation {reference}"})
    last = source.recommendations.aggregate(last=Max("position"))["last"]
    recommendation = Recommendation(
        force_id=source.force_id,
        source=source,
        reference=reference,
        text=text.strip(),
        theme=PlanTheme(theme),
        pillar=pillar,
        finding=finding,
        position=(last or 0) + 1,
    )
    recommendation.full_clean()
    recommendation.save()
    return recommendation


REFERENCE_LENGTH = 40  # Action.reference's max_length


def next_action_reference(recommendation: Recommendation) -> str:
    """R4 → R4.1, R4.2 ...: the first free one in the force.

    When another source in the plan has a recommendation with the same reference (two
    reports that both number theirs F1), the later source's short name leads ("PANEL-26 F1.1"):
    otherwise the new source's first action would be numbered F1.2, as if it were the other
    F1's second.
    """
    taken = set(Action.objects.filter(force_id=recommendation.force_id).values_list("reference", flat=True))
    shared = (
        Recommendation.objects.filter(force_id=recommendation.force_id, reference__iexact=recommendation.reference)
        .filter(pk__lt=recommendation.pk)  # the first to use the name keeps it plain
        .exclude(source_id=recommendation.source_id)
        .exists()
    )
    stem = f"{recommendation.source.reference} {recommendation.reference}" if shared else recommendation.reference
    stem = stem[: REFERENCE_LENGTH - 4]  # room for ".NNN"
    n = recommendation.actions.count() + 1
    while f"{stem}.{n}" in taken:
        n += 1
    return f"{stem}.{n}"


@transaction.atomic
def add_action(
    recommendation: Recommendation,
    *,
    title: str,
    reference: str = "",
    description: str = "",
    owner: User | None = None,
    due_on: date | None = None,
    status: str = Status.NOT_STARTED,
    published: bool = False,
    on: date | None = None,
) -> Action:
    """A new action. Its starting status is what a spreadsheet said before Parity; after
    that, status changes only through the owner's updates and the board's decisions."""
    force = recommendation.force
    reference = " ".join(reference.split()) or next_action_reference(recommendation)
    if Action.objects.filter(force=force, reference__iexact=reference).exists():
        raise ValidationError({"reference": f"{force.name} already has an action {reference}"})
    if status not in REPORTED:
        raise ValidationError(
            {"status": "A new action starts not started, on track, at risk or off track; the board decides completion"}
        )
    check_owner(owner, force)
    last = recommendation.actions.aggregate(last=Max("position"))["last"]
    action = Action(
        force=force,
        recommendation=recommendation,
        reference=reference,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        status=status,
        initial_status=status,
        added_on=on or timezone.localdate(),
        published=published,
        position=(last or 0) + 1,
    )
    action.full_clean()
    action.save()
    notices.owner_given(action)
    return action


@transaction.atomic
def edit_action(
    action: Action,
    *,
    title: str,
    description: str,
    owner: User | None,
    due_on: date | None,
    published: bool,
) -> Action:
    """The board's changes to an action's plan (not its progress: that is the owner's)."""
    check_owner(owner, action.force)
    before = action.owner_id
    action.title = title.strip()
    action.description = description.strip()
    action.owner = owner
    action.due_on = due_on
    action.published = published
    action.full_clean()
    action.save()
    notices.owner_given(action, before)
    return action
