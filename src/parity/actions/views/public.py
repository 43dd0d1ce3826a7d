"""What anyone can see, signed in or not: published actions and published reports only.

Nothing here names an owner or shows an internal note: a published action shows its
status, rating, dates, milestones, the notes and evidence its owner marked public, and
the trend of the measures it follows.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from parity.actions.measures import TrendCache, measure_trend
from parity.actions.models import Action, Evidence, PlanTheme, Report, ReportKind, Source
from parity.actions.reports import describe_version
from parity.actions.state import standing, with_progress
from parity.actions.views.action import file_response
from parity.actions.views.cycle import pdf_response
from parity.reference.models import Force


def _published_reports(force: Force) -> list[Report]:
    return list(
        Report.objects.filter(force=force, kind=ReportKind.PUBLIC, published_on__isnull=False).defer("html", "pdf")
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    forces = (
        Force.objects.annotate(published=Count("actions", filter=Q(actions__published=True)))
        .filter(published__gt=0)
        .order_by("name")
    )
    return render(request, "actions/public/index.html", {"forces": forces})


@require_safe
def plan(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = get_object_or_404(Force, slug=force)
    standings = [standing(a) for a in with_progress(Action.objects.filter(force=force_obj, published=True))]
    themes: dict[str, list[object]] = {}
    for s in standings:
        themes.setdefault(s.action.recommendation.theme, []).append(s)
    context = {
        "force": force_obj,
        "themes": [(PlanTheme(t).label, themes[t]) for t in PlanTheme.values if t in themes],
        "total": len(standings),
        "reports": _published_reports(force_obj),
        "illustrative": Source.objects.filter(
            force=force_obj, illustrative=True, recommendations__actions__published=True
        )
        .distinct()
        .exists(),
    }
    return render(request, "actions/public/plan.html", context)


@require_safe
def action(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = get_object_or_404(with_progress(Action.objects.filter(force__slug=force, published=True)), pk=pk)
    cache = TrendCache()
    trends = [
        measure_trend(found.force.slug, found.force.name, m.kind, m.group, chart_id=f"measure-{m.pk}", cache=cache)
        for m in found.measures.all()
    ]
    context = {
        "action": found,
        "force": found.force,
        "s": standing(found),
        "notes": [u for u in found.updates.all() if u.public],
        "evidence": [e for e in found.evidence.all() if e.public],
        "trends": trends,
    }
    return render(request, "actions/public/action.html", context)


def _public_report(force: str, pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("force"),
        pk=pk,
        force__slug=force,
        kind=ReportKind.PUBLIC,
        published_on__isnull=False,
    )


@require_safe
def report(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = _public_report(force, pk)
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
    context = {"report": found, "force": found.force, "about": describe_version(found), "later": later}
    return render(request, "actions/public/report.html", context)


@require_safe
def report_pdf(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return pdf_response(_public_report(force, pk))


@require_safe
def evidence_file(request: HttpRequest, force: str, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence, pk=evidence_pk, action__pk=pk, action__force__slug=force, action__published=True, public=True
    )
    if not evidence.file_path:
        raise Http404("not a file")
    return file_response(evidence)
