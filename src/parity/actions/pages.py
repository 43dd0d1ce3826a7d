"""What the register's reading pages show, each gathered in one call (views parse and render)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from parity.accounts.models import User
from parity.actions.access import is_board, plan_forces
from parity.actions.findings import finding_links, finding_said
from parity.actions.models import (
    Action,
    Evidence,
    Milestone,
    PlanTheme,
    Recommendation,
    Report,
    Snapshot,
    Source,
    Status,
)
from parity.actions.rag import Rag
from parity.actions.reports import describe_version, illustrative_sources, latest_measures
from parity.actions.snapshots import monthly
from parity.actions.state import standing, with_progress
from parity.presentation import formatting
from parity.reference.lookup import force_or_404
from parity.reference.models import Force


def home(user: User) -> dict[str, Any]:
    """The plans this person can read, and the open actions they own, by force."""
    forces = plan_forces(user)
    mine = with_progress(Action.objects.filter(owner_id=user.pk, force__in=forces)).exclude(
        status__in=["complete", "closed"]
    )
    by_force: dict[Force, list[Any]] = {}
    for action in mine:
        by_force.setdefault(action.force, []).append(standing(action))
    return {"forces": forces, "mine": list(by_force.items())}


@dataclass(frozen=True)
class RegisterChoice:
    """What a reader asked the register for: filters, a search and an order, all optional."""

    theme: str = ""
    rating: str = ""
    mine: bool = False
    owner: str = ""  # an owner's id, or "none" for actions nobody owns
    q: str = ""
    sort: str = ""  # "" keeps the plan's order (by source); "due" lists every action by due date

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> RegisterChoice:
        sort = query.get("sort", "")
        return cls(
            theme=query.get("theme", ""),
            rating=query.get("rating", ""),
            mine=query.get("mine") == "1",
            owner=query.get("owner", ""),
            q=query.get("q", "").strip()[:200],
            sort=sort if sort == "due" else "",
        )

    @property
    def filtered(self) -> bool:
        return bool(self.theme or self.rating or self.mine or self.owner or self.q)

    def keeps(self, s: Any, user: User) -> bool:
        a = s.action
        return (
            (not self.theme or a.recommendation.theme == self.theme)
            and (not self.rating or s.rating.rag.value == self.rating)
            and (not self.mine or a.owner_id == user.pk)
            and (not self.owner or str(a.owner_id or "none") == self.owner)
            and (not self.q or _matches(self.q, a))
        )


def _matches(q: str, action: Action) -> bool:
    """Every word of the search appears in the action's reference, title, description or recommendation."""
    rec = action.recommendation
    text = " ".join([action.reference, action.title, action.description, rec.reference, rec.text]).casefold()
    return all(word in text for word in q.casefold().split())


def _due_order(s: Any) -> tuple[bool, Any, str]:
    """Soonest due first; actions with no due date last."""
    return (s.action.due_on is None, s.action.due_on, s.action.reference)


def plan(slug: str, user: User, choice: RegisterChoice) -> dict[str, Any]:
    """The whole register of a force: filtered, searched, and by source or by due date."""
    force = get_object_or_404(Force, slug=slug)
    standings = [standing(a) for a in with_progress(Action.objects.filter(force=force))]
    counts = Counter(s.rating.rag for s in standings)
    shown = [s for s in standings if choice.keeps(s, user)]
    by_rec: dict[int, list[Any]] = {}
    for s in shown:
        by_rec.setdefault(s.action.recommendation_id, []).append(s)
    filtered = choice.filtered
    recommendations = [
        r for r in Recommendation.objects.filter(force=force).select_related("source") if r.pk in by_rec or not filtered
    ]
    sources: dict[Source, list[tuple[Recommendation, list[Any]]]] = {}
    for r in recommendations:
        sources.setdefault(r.source, []).append((r, by_rec.get(r.pk, [])))
    owners = sorted({s.action.owner for s in standings if s.action.owner}, key=lambda u: str(u).casefold())
    return {
        "measures": latest_measures(force, [s.action for s in shown]),
        "force": force,
        "board": is_board(user, force),
        "sources": sources,
        "by_due": sorted(shown, key=_due_order) if choice.sort == "due" else None,
        "empty_sources": Source.objects.filter(force=force, recommendations__isnull=True),
        "counts": [(rag, counts.get(rag, 0)) for rag in Rag],
        "total": len(standings),
        "shown": len(shown),
        "themes": PlanTheme.choices,
        "rags": list(Rag),
        "owners": [(str(u.pk), str(u)) for u in owners],
        "chosen": choice,
        "filtered": filtered,
        "illustrative": illustrative_sources(force),
        "pdf": False,
    }


def recommendation(slug: str, pk: int, user: User) -> dict[str, Any]:
    """One recommendation, its actions' standing and the finding it answers."""
    rec = get_object_or_404(Recommendation.objects.select_related("source", "force"), pk=pk, force__slug=slug)
    return {
        "recommendation": rec,
        "force": rec.force,
        "standings": [standing(a) for a in with_progress(rec.actions.all())],
        "board": is_board(user, rec.force),
        "finding": finding_said(rec, public=False),
        "finding_links": finding_links(rec),
    }


# --- one record of a force, for the forms and pages that show or change it ------------------
# Each is looked up within the force in the address: another force's record answers 404.


def force(slug: str) -> Force:
    return force_or_404(slug)


def source(slug: str, pk: int) -> Source:
    return get_object_or_404(Source.objects.select_related("force"), pk=pk, force__slug=slug)


def recommendation_record(slug: str, pk: int) -> Recommendation:
    return get_object_or_404(Recommendation.objects.select_related("source", "force"), pk=pk, force__slug=slug)


def action_loaded(slug: str, pk: int) -> Action:
    """One action with its progress (what its standing is worked out from)."""
    return get_object_or_404(with_progress(Action.objects.filter(force__slug=slug)), pk=pk)


def milestone(action: Action, pk: int) -> Milestone:
    return get_object_or_404(Milestone, pk=pk, action=action)


def evidence(slug: str, pk: int, evidence_pk: int) -> Evidence:
    return get_object_or_404(Evidence, pk=evidence_pk, action__pk=pk, action__force__slug=slug)


def snapshots(force: Force) -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(force=force).select_related("taken_by")


def snapshot(slug: str, month: str) -> dict[str, Any]:
    """One month's snapshot of the register, as the steering group reads it."""
    found = get_object_or_404(Snapshot.objects.select_related("force"), force__slug=slug, month=month)
    return {
        "force": found.force,
        "monthly": monthly(found),
        "rag_of": {r.value: r for r in Rag},
        "status_label": {st.value: st.label for st in Status},
        "rags": list(Rag),
        "month_label": formatting.month(found.month),
    }


def reports(force: Force) -> QuerySet[Report]:
    return Report.objects.filter(force=force).select_related("created_by").defer("html", "pdf")


def report_record(slug: str, pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("force", "created_by"), pk=pk, force__slug=slug)


def report(slug: str, pk: int, user: User) -> dict[str, Any]:
    """One report, every version of it, and whether this person may make another."""
    found = report_record(slug, pk)
    return {
        "report": found,
        "force": found.force,
        "board": is_board(user, found.force),
        "versions": Report.objects.filter(force=found.force, kind=found.kind, period=found.period).defer("html", "pdf"),
        "about": describe_version(found),
    }
