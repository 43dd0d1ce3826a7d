"""What the public pages of the action plan show, each gathered in one call.

Only published actions and published public reports; nothing names an owner or shows an
internal note. Each function raises Http404 for what does not exist or is not published,
so a view calls one of them and renders.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from parity.actions.measures import TrendCache, measure_trend
from parity.actions.models import Action, Evidence, PlanTheme, Report, ReportKind, Source
from parity.actions.reports import describe_version, latest_measures
from parity.actions.state import standing, with_progress
from parity.reference.models import Force


def forces_with_published_actions() -> QuerySet[Force]:
    return (
        Force.objects.annotate(published=Count("actions", filter=Q(actions__published=True)))
        .filter(published__gt=0)
        .order_by("name")
    )


def _published_reports(force: Force) -> list[Report]:
    return list(
        Report.objects.filter(force=force, kind=ReportKind.PUBLIC, published_on__isnull=False).defer("html", "pdf")
    )


def plan(force_slug: str) -> dict[str, Any]:
    """A force's published plan: its actions by theme, with their standing, and its reports."""
    force = get_object_or_404(Force, slug=force_slug)
    standings = [standing(a) for a in with_progress(Action.objects.filter(force=force, published=True))]
    themes: dict[str, list[object]] = {}
    for s in standings:
        themes.setdefault(s.action.recommendation.theme, []).append(s)
    return {
        "force": force,
        "themes": [(PlanTheme(t).label, themes[t]) for t in PlanTheme.values if t in themes],
        "total": len(standings),
        "measures": latest_measures(force, [s.action for s in standings]),
        "reports": _published_reports(force),
        "illustrative": Source.objects.filter(force=force, illustrative=True, recommendations__actions__published=True)
        .distinct()
        .exists(),
    }


def action(force_slug: str, pk: int) -> dict[str, Any]:
    """One published action: its standing, public notes and evidence, and its measures' trends."""
    found = get_object_or_404(with_progress(Action.objects.filter(force__slug=force_slug, published=True)), pk=pk)
    cache = TrendCache()
    trends = [
        measure_trend(found.force.slug, found.force.name, m.kind, m.group, chart_id=f"measure-{m.pk}", cache=cache)
        for m in found.measures.all()
    ]
    return {
        "action": found,
        "force": found.force,
        "s": standing(found),
        "notes": [u for u in found.updates.all() if u.public],
        "evidence": [e for e in found.evidence.all() if e.public],
        "trends": trends,
    }


def public_report(force_slug: str, pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("force"),
        pk=pk,
        force__slug=force_slug,
        kind=ReportKind.PUBLIC,
        published_on__isnull=False,
    )


def report(force_slug: str, pk: int) -> dict[str, Any]:
    """A published report, what version it is, and a later version where there is one."""
    found = public_report(force_slug, pk)
    later = (
        Report.objects.filter(
            force=found.force,
            kind=found.kind,
            period=found.period,
            version__gt=found.version,
            published_on__isnull=False,
        )
        .defer("html", "pdf")
        .first()
    )
    return {"report": found, "force": found.force, "about": describe_version(found), "later": later}


def public_evidence(force_slug: str, pk: int, evidence_pk: int) -> Evidence:
    return get_object_or_404(
        Evidence, pk=evidence_pk, action__pk=pk, action__force__slug=force_slug, action__published=True, public=True
    )
