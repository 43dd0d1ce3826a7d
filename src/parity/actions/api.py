"""Read access to action plans through the JSON API, at /api/actions/.

- `GET /forces/{force}/register` and `GET /forces/{force}/actions/{id}`: the whole register
  and one action with its progress, for the force's board members and action owners (a
  token from `parity user token`, or a signed-in session).
- `GET /forces/{force}/published`: published actions and reports, for anyone. It carries
  no owner's name and no internal note, as on the public pages.

Ratings come with their reasons, worked out on the day of the request by the same rule as
the pages (docs/reference/action-plans.md#the-rag-rating).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Router, Schema

from parity.accounts.api import ApiAuth
from parity.accounts.permissions import require_role
from parity.actions.access import READERS
from parity.actions.models import Action, Recommendation, Report, ReportKind, Source
from parity.actions.state import Standing, standing, with_progress
from parity.api_errors import ErrorOut
from parity.reference.models import Force

router = Router(tags=["Action plans"])

ForceSlug = Annotated[
    str, Path(..., pattern=r"^[a-z][a-z-]{1,39}$", description="data.police.uk identifier, e.g. nottinghamshire")
]
ActionId = Annotated[int, Path(..., ge=1, description="The action's id, from the register")]
READ_ERRORS: dict[int | tuple[int, ...], type[ErrorOut]] = {(401, 403, 404, 422): ErrorOut}
PUBLIC_ERRORS: dict[int | tuple[int, ...], type[ErrorOut]] = {(404, 422): ErrorOut}


class SourceOut(Schema):
    reference: str
    kind: str
    title: str
    published_on: date | None
    url: str
    illustrative: bool


class MilestoneOut(Schema):
    title: str
    due_on: date
    done_on: date | None


class EvidenceOut(Schema):
    kind: str
    title: str
    url: str
    added_on: date
    public: bool


class MeasureOut(Schema):
    kind: str
    group: str
    note: str


class UpdateOut(Schema):
    written_on: date
    status: str
    note: str
    author: str
    public: bool


class DecisionOut(Schema):
    kind: str
    note: str
    decided_on: date
    decided_by: str


class ActionOut(Schema):
    id: int
    reference: str
    title: str
    description: str
    owner: str | None
    due_on: date | None
    status: str
    rating: str
    reasons: list[str]
    completion_requested_on: date | None
    awaiting: str | None
    completed_on: date | None
    closed_on: date | None
    closure_reason: str
    published: bool
    last_update_on: date | None


class ActionDetailOut(ActionOut):
    recommendation: str
    source: str
    milestones: list[MilestoneOut]
    evidence: list[EvidenceOut]
    measures: list[MeasureOut]
    updates: list[UpdateOut]
    decisions: list[DecisionOut]


class RecommendationOut(Schema):
    source: str
    reference: str
    text: str
    theme: str
    pillar: str
    actions: list[ActionOut]


class RegisterOut(Schema):
    force: str
    force_name: str
    as_of: date
    sources: list[SourceOut]
    recommendations: list[RecommendationOut]


class PublicNoteOut(Schema):
    written_on: date
    note: str


class PublicActionOut(Schema):
    id: int
    reference: str
    title: str
    description: str
    source: str
    recommendation: str
    recommendation_text: str
    theme: str
    due_on: date | None
    status: str
    rating: str
    reasons: list[str]
    completed_on: date | None
    closure_reason: str
    illustrative: bool
    milestones: list[MilestoneOut]
    notes: list[PublicNoteOut]


class PublicReportOut(Schema):
    period: str
    period_label: str
    version: int
    published_on: date
    pdf: str


class PublishedOut(Schema):
    force: str
    force_name: str
    as_of: date
    actions: list[PublicActionOut]
    reports: list[PublicReportOut]


def _action(s: Standing) -> dict[str, Any]:
    a = s.action
    return {
        "id": a.pk,
        "reference": a.reference,
        "title": a.title,
        "description": a.description,
        "owner": a.owner.email if a.owner else None,
        "due_on": a.due_on,
        "status": s.status,
        "rating": s.rating.rag.value,
        "reasons": list(s.rating.reasons),
        "completion_requested_on": s.completion_requested_on,
        "awaiting": s.awaiting,
        "completed_on": a.completed_on,
        "closed_on": a.closed_on,
        "closure_reason": a.closure_reason,
        "published": a.published,
        "last_update_on": s.last_update.written_on if s.last_update else None,
    }


def _milestones(a: Action) -> list[dict[str, Any]]:
    return [{"title": m.title, "due_on": m.due_on, "done_on": m.done_on} for m in a.milestones.all()]


def _readable_force(request: HttpRequest, slug: str) -> Force:
    found = get_object_or_404(Force, slug=slug)
    require_role(request, *READERS, force=found)
    return found


@router.get("/forces/{force}/register", response={200: RegisterOut, **READ_ERRORS}, auth=ApiAuth(*READERS))
def register_api(request: HttpRequest, force: ForceSlug) -> dict[str, Any]:
    """The force's whole register: sources, recommendations and their actions, rated today."""
    found = _readable_force(request, force)
    today = timezone.localdate()
    by_rec: dict[int, list[dict[str, Any]]] = {}
    for action in with_progress(Action.objects.filter(force=found)):
        by_rec.setdefault(action.recommendation_id, []).append(_action(standing(action, today)))
    recommendations = [
        {
            "source": r.source.reference,
            "reference": r.reference,
            "text": r.text,
            "theme": r.theme,
            "pillar": r.pillar,
            "actions": by_rec.get(r.pk, []),
        }
        for r in Recommendation.objects.filter(force=found).select_related("source")
    ]
    sources = list(Source.objects.filter(force=found).values(*SourceOut.model_fields))
    return {
        "force": found.slug,
        "force_name": found.name,
        "as_of": today,
        "sources": sources,
        "recommendations": recommendations,
    }


@router.get(
    "/forces/{force}/actions/{action_id}", response={200: ActionDetailOut, **READ_ERRORS}, auth=ApiAuth(*READERS)
)
def action_api(request: HttpRequest, force: ForceSlug, action_id: ActionId) -> dict[str, Any]:
    """One action with its milestones, evidence, measures, updates and the board's decisions."""
    found = _readable_force(request, force)
    action = get_object_or_404(with_progress(Action.objects.filter(force=found)), pk=action_id)
    evidence = [
        {
            "kind": e.kind,
            "title": e.title,
            "url": e.url
            or reverse("actions:evidence-file", kwargs={"force": found.slug, "pk": action.pk, "evidence_pk": e.pk}),
            "added_on": e.added_on,
            "public": e.public,
        }
        for e in action.evidence.all()
    ]
    return {
        **_action(standing(action)),
        "recommendation": action.recommendation.reference,
        "source": action.recommendation.source.reference,
        "milestones": _milestones(action),
        "evidence": evidence,
        "measures": [{"kind": m.kind, "group": m.group, "note": m.note} for m in action.measures.all()],
        "updates": [
            {
                "written_on": u.written_on,
                "status": u.status,
                "note": u.note,
                "author": str(u.author),
                "public": u.public,
            }
            for u in action.updates.all()
        ],
        "decisions": [
            {"kind": d.kind, "note": d.note, "decided_on": d.decided_on, "decided_by": str(d.decided_by)}
            for d in action.decisions.all()
        ],
    }


@router.get("/forces/{force}/published", response={200: PublishedOut, **PUBLIC_ERRORS}, auth=None)
def published_api(request: HttpRequest, force: ForceSlug) -> dict[str, Any]:
    """What the force's board has published: actions (no owners, public notes only) and reports."""
    found = get_object_or_404(Force, slug=force)
    today = timezone.localdate()
    actions = []
    for action in with_progress(Action.objects.filter(force=found, published=True)):
        s = standing(action, today)
        rec = action.recommendation
        actions.append(
            {
                "id": action.pk,
                "reference": action.reference,
                "title": action.title,
                "description": action.description,
                "source": rec.source.title,
                "recommendation": rec.reference,
                "recommendation_text": rec.text,
                "theme": rec.theme,
                "due_on": action.due_on,
                "status": s.status,
                "rating": s.rating.rag.value,
                "reasons": list(s.rating.reasons),
                "completed_on": action.completed_on if s.status == "complete" else None,
                "closure_reason": action.closure_reason if s.status == "closed" else "",
                "illustrative": rec.source.illustrative,
                "milestones": _milestones(action),
                "notes": [{"written_on": u.written_on, "note": u.note} for u in action.updates.all() if u.public],
            }
        )
    reports = [
        {
            "period": r.period,
            "period_label": r.period_label,
            "version": r.version,
            "published_on": r.published_on,
            "pdf": reverse("actions:public-report-pdf", kwargs={"force": found.slug, "pk": r.pk}),
        }
        for r in Report.objects.filter(force=found, kind=ReportKind.PUBLIC, published_on__isnull=False).defer(
            "html", "pdf"
        )
    ]
    return {"force": found.slug, "force_name": found.name, "as_of": today, "actions": actions, "reports": reports}
