"""The register: sources, recommendations and actions; adding them; CSV import and export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.permissions import role_required
from parity.actions import csv_register, pages, register
from parity.actions.access import BOARD, READERS, action_in
from parity.actions.forms import ActionForm, ImportForm, NewActionForm, RecommendationForm, SourceForm
from parity.web.form_pages import form_page, posted

MAX_REGISTER_BYTES = 5 * 1024 * 1024


@role_required(*READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The plans this person can read, and the actions they own."""
    return render(request, "actions/home.html", pages.home(request.user))  # type: ignore[arg-type]


@role_required(*READERS, force="force")
@require_safe
def plan(request: HttpRequest, force: str) -> HttpResponse:
    """The whole register: filtered by theme, rating and owner, searched, by source or by due date."""
    context = pages.plan(force, request.user, pages.RegisterChoice.from_query(request.GET))  # type: ignore[arg-type]
    return render(request, "actions/plan.html", context)


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def add_source(request: HttpRequest, force: str) -> HttpResponse:
    force_obj = pages.force(force)
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
    source = pages.source(force, source_pk)
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
    return render(request, "actions/recommendation.html", pages.recommendation(force, pk, request.user))  # type: ignore[arg-type]


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def add_action(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    rec = pages.recommendation_record(force, pk)
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
    force_obj = pages.force(force)
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
    force_obj = pages.force(force)
    response = HttpResponse(csv_register.export_register(force_obj), content_type="text/csv; charset=utf-8")
    name = f"{force_obj.slug}-action-plan-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
