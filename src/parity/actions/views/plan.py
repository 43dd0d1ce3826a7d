"""The register: sources, recommendations and actions; adding them; CSV import and export."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.permissions import role_required
from parity.actions import csv_register, register
from parity.actions.access import BOARD, READERS, action_in, is_board, plan_forces
from parity.actions.findings import finding_links, finding_said
from parity.actions.forms import ActionForm, ImportForm, NewActionForm, RecommendationForm, SourceForm
from parity.actions.models import Action, PlanTheme, Recommendation, Source
from parity.actions.rag import Rag
from parity.actions.reports import illustrative_sources
from parity.actions.state import standing, with_progress
from parity.reference.models import Force
from parity.web.form_pages import form_page, posted

MAX_REGISTER_BYTES = 5 * 1024 * 1024


def _force(slug: str) -> Force:
    return get_object_or_404(Force, slug=slug)


@role_required(*READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The plans this person can read, and the actions they own."""
    forces = plan_forces(request.user)
    mine = with_progress(Action.objects.filter(owner_id=request.user.pk, force__in=forces)).exclude(
        status__in=["complete", "closed"]
    )
    by_force: dict[Force, list[Any]] = {}
    for action in mine:
        by_force.setdefault(action.force, []).append(standing(action))
    return render(request, "actions/home.html", {"forces": forces, "mine": list(by_force.items())})


@role_required(*READERS, force="force")
@require_safe
def plan(request: HttpRequest, force: str) -> HttpResponse:
    """The whole register, filterable by theme, rating and owner."""
    force_obj = _force(force)
    standings = [standing(a) for a in with_progress(Action.objects.filter(force=force_obj))]
    counts = Counter(s.rating.rag for s in standings)
    theme, rating, mine = request.GET.get("theme", ""), request.GET.get("rating", ""), request.GET.get("mine") == "1"
    shown = [
        s
        for s in standings
        if (not theme or s.action.recommendation.theme == theme)
        and (not rating or s.rating.rag.value == rating)
        and (not mine or s.action.owner_id == request.user.pk)
    ]
    by_rec: dict[int, list[Any]] = {}
    for s in shown:
        by_rec.setdefault(s.action.recommendation_id, []).append(s)
    filtered = bool(theme or rating or mine)
    recommendations = [
        r
        for r in Recommendation.objects.filter(force=force_obj).select_related("source")
        if r.pk in by_rec or (not filtered)
    ]
    sources: dict[Source, list[tuple[Recommendation, list[Any]]]] = {}
    for r in recommendations:
        sources.setdefault(r.source, []).append((r, by_rec.get(r.pk, [])))
    context = {
        "force": force_obj,
        "board": is_board(request.user, force_obj),
        "sources": sources,
        "empty_sources": Source.objects.filter(force=force_obj, recommendations__isnull=True),
        "counts": [(rag, counts.get(rag, 0)) for rag in Rag],
        "total": len(standings),
        "shown": len(shown),
        "themes": PlanTheme.choices,
        "rags": list(Rag),
        "chosen": {"theme": theme, "rating": rating, "mine": mine},
        "filtered": filtered,
        "illustrative": illustrative_sources(force_obj),
        "pdf": False,
    }
    return render(request, "actions/plan.html", context)


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def add_source(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = _force(force)
    return form_page(
        request,
        SourceForm(posted(request)),
        lambda data: register.add_source(force_obj, **data),
        done=lambda source: f"{source.reference} has been added. Now add its recommendations.",
        then=lambda source: redirect("actions:recommendation-add", force=force, source_pk=source.pk),
        template="actions/source_form.html",
        context={"force": force_obj},
    )


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def add_recommendation(request: HttpRequest, force: str, source_pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("force"), pk=source_pk, force__slug=force)
    return form_page(
        request,
        RecommendationForm(posted(request), force=source.force),
        lambda data: register.add_recommendation(source, **data),
        done=lambda recommendation: f"Recommendation {recommendation.reference} has been added.",
        then=lambda recommendation: redirect("actions:recommendation", force=force, pk=recommendation.pk),
        template="actions/recommendation_form.html",
        context={"force": source.force, "source": source},
    )


@role_required(*READERS, force="force")
@require_safe
def recommendation(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    rec = get_object_or_404(Recommendation.objects.select_related("source", "force"), pk=pk, force__slug=force)
    standings = [standing(a) for a in with_progress(rec.actions.all())]
    return render(
        request,
        "actions/recommendation.html",
        {
            "recommendation": rec,
            "force": rec.force,
            "standings": standings,
            "board": is_board(request.user, rec.force),
            "finding": finding_said(rec, public=False),
            "finding_links": finding_links(rec),
        },
    )


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def add_action(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    rec = get_object_or_404(Recommendation.objects.select_related("source", "force"), pk=pk, force__slug=force)
    return form_page(
        request,
        NewActionForm(posted(request), force=rec.force),
        lambda data: register.add_action(rec, **data),
        done=lambda action: f"Action {action.reference} has been added.",
        then=lambda action: redirect("actions:action", force=force, pk=action.pk),
        template="actions/action_form.html",
        context={"force": rec.force, "recommendation": rec},
    )


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def edit_action(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    action = action_in(force, pk)
    initial = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner,
        "due_on": action.due_on,
        "published": action.published,
    }
    return form_page(
        request,
        ActionForm(posted(request), initial=initial, force=action.force),
        lambda data: register.edit_action(action, **data),
        done=f"Action {action.reference} has been changed.",
        then=lambda _: redirect("actions:action", force=force, pk=action.pk),
        template="actions/action_form.html",
        context={"force": action.force, "recommendation": action.recommendation, "action": action},
    )


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def import_register(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = _force(force)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    problems: list[csv_register.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_REGISTER_BYTES:
                raise ValueError("The file must be smaller than 5MB: a register is a few hundred rows")
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", "The file must be a CSV file saved as UTF-8")
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            try:
                result = csv_register.import_register(force_obj, text, name=upload.name)
            except csv_register.ImportRefused as error:
                problems = error.problems
                form.add_error("file", f"The file has {len(problems)} problems, listed below: nothing was saved")
    context = {
        "form": form,
        "force": force_obj,
        "result": result,
        "problems": problems,
        "columns": csv_register.COLUMNS,
    }
    return render(request, "actions/import.html", context)


@role_required(*READERS, force="force")
@require_safe
def export_register(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = _force(force)
    response = HttpResponse(csv_register.export_register(force_obj), content_type="text/csv; charset=utf-8")
    name = f"{force_obj.slug}-action-plan-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
