"""One action: its progress, and the owner's and the board's work on it.

Owners update their own actions only (`require_owner`); the board decides on completion
and closure; anyone who reads the plan sees the action and its full history.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts.permissions import role_required
from parity.accounts.roles import Role
from parity.actions import evidence_files, progress
from parity.actions.access import BOARD, READERS, action_in, is_board, owns, require_owner
from parity.actions.forms import DecisionForm, FileForm, LinkForm, MeasureForm, MilestoneForm, SignOffForm, UpdateForm
from parity.actions.history import history_of
from parity.actions.measures import TrendCache, measure_trend
from parity.actions.models import Action, Evidence, EvidenceKind, Milestone
from parity.actions.state import standing, with_progress
from parity.actions.views.plan import refused


def _loaded(force: str, pk: int) -> Action:
    return get_object_or_404(with_progress(Action.objects.filter(force__slug=force)), pk=pk)


@role_required(*READERS, force="force")
@require_safe
def detail(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    action = _loaded(force, pk)
    cache = TrendCache()
    trends = [
        (
            m,
            measure_trend(
                action.force.slug, action.force.name, m.kind, m.group, chart_id=f"measure-{m.pk}", cache=cache
            ),
        )
        for m in action.measures.all()
    ]
    context = {
        "action": action,
        "force": action.force,
        "s": standing(action),
        "board": is_board(request.user, action.force),
        "owner": owns(request.user, action),
        "trends": trends,
    }
    return render(request, "actions/action.html", context)


def _owner_form(
    request: HttpRequest,
    force: str,
    *,
    pk: int,
    form_class: type[Form],
    template: str,
    save: Any,
    done: str,
    files: bool = False,
) -> HttpResponse:
    """The owner's pages share one shape: check ownership, validate, save, say so, go back."""
    action = action_in(force, pk)
    require_owner(request, action)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, request.FILES if files and data is not None else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(action, form.cleaned_data)
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, done.format(reference=action.reference))
            return redirect("actions:action", force=force, pk=action.pk)
    return render(request, template, {"form": form, "action": action, "force": action.force})


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def update(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    def save(action: Action, data: dict[str, Any]) -> None:
        progress.add_update(action, request.user, **data)  # type: ignore[arg-type]

    return _owner_form(
        request,
        force,
        pk=pk,
        form_class=UpdateForm,
        template="actions/update_form.html",
        save=save,
        done="Your update is saved.",
    )


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def add_link(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    def save(action: Action, data: dict[str, Any]) -> None:
        progress.add_link(action, request.user, **data)  # type: ignore[arg-type]

    return _owner_form(
        request,
        force,
        pk=pk,
        form_class=LinkForm,
        template="actions/link_form.html",
        save=save,
        done="The link has been added.",
    )


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def add_file(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    def save(action: Action, data: dict[str, Any]) -> None:
        upload = data["file"]
        evidence_files.check(upload.name, upload.size)
        progress.add_file(
            action,
            request.user,  # type: ignore[arg-type]
            title=data["title"],
            name=upload.name,
            content=upload.read(),
            content_type=upload.content_type or "",
            public=data["public"],
        )

    return _owner_form(
        request,
        force,
        pk=pk,
        form_class=FileForm,
        template="actions/file_form.html",
        save=save,
        done="The file has been added.",
        files=True,
    )


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def add_milestone(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    def save(action: Action, data: dict[str, Any]) -> None:
        progress.add_milestone(action, **data)

    return _owner_form(
        request,
        force,
        pk=pk,
        form_class=MilestoneForm,
        template="actions/milestone_form.html",
        save=save,
        done="The milestone has been added.",
    )


@role_required(Role.ACTION_OWNER, force="force")
@require_POST
def milestone_done(request: HttpRequest, force: str, pk: int, milestone_pk: int) -> HttpResponse:
    action = action_in(force, pk)
    require_owner(request, action)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, action=action)
    progress.mark_milestone_done(milestone)
    messages.success(request, f"“{milestone.title}” is marked as done.")
    return redirect("actions:action", force=force, pk=action.pk)


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def add_measure(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    def save(action: Action, data: dict[str, Any]) -> None:
        progress.add_measure(action, request.user, **data)  # type: ignore[arg-type]

    return _owner_form(
        request,
        force,
        pk=pk,
        form_class=MeasureForm,
        template="actions/measure_form.html",
        save=save,
        done="The measure has been added.",
    )


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    def save(action: Action, data: dict[str, Any]) -> None:
        progress.request_completion(action, request.user, note=data["note"])  # type: ignore[arg-type]

    return _owner_form(
        request,
        force,
        pk=pk,
        form_class=SignOffForm,
        template="actions/sign_off.html",
        save=save,
        done="You have asked the board to sign {reference} off as complete.",
    )


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    action = _loaded(force, pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = progress.decide(action, request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, f"{action.reference}: {decision.get_kind_display().lower()}.")
            return redirect("actions:action", force=force, pk=action.pk)
    context = {"form": form, "action": action, "force": action.force, "s": standing(action)}
    return render(request, "actions/decide.html", context)


@role_required(*READERS, force="force")
@require_safe
def history(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    action = action_in(force, pk)
    page = Paginator(history_of(action), 50).get_page(request.GET.get("page"))
    return render(request, "actions/history.html", {"action": action, "force": action.force, "page": page})


def file_response(evidence: Evidence) -> HttpResponse:
    if evidence.kind != EvidenceKind.FILE:
        raise Http404("not a file")
    try:
        content = evidence_files.read(evidence)
    except FileNotFoundError:
        raise Http404("the file is no longer there") from None
    response = HttpResponse(content, content_type=evidence.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{evidence.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*READERS, force="force")
@require_safe
def evidence_file(request: HttpRequest, force: str, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=evidence_pk, action__pk=pk, action__force__slug=force)
    return file_response(evidence)
