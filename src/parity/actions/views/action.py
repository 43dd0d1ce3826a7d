"""One action: its progress, and the owner's and the board's work on it.

Owners update their own actions only (`require_owner`); the board decides on completion
and closure; anyone who reads the plan sees the action and its full history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts.permissions import role_required
from parity.accounts.roles import Role
from parity.actions import evidence_files, pages, progress
from parity.actions.access import BOARD, READERS, action_in, is_board, owns, require_owner
from parity.actions.forms import DecisionForm, FileForm, LinkForm, MeasureForm, MilestoneForm, SignOffForm, UpdateForm
from parity.actions.history import history_page
from parity.actions.measures import TrendCache, measure_trend
from parity.actions.models import Action, Evidence, EvidenceKind
from parity.actions.state import standing
from parity.web.form_pages import form_page, posted


def _loaded(force: str, pk: int) -> Action:
    return pages.action_loaded(force, pk)


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
    pk: int,
    form_class: type[Form],
    template: str,
    *,
    done: str,
    save: Callable[[Action, dict[str, Any]], object],
    files: bool = False,
) -> HttpResponse:
    """The owner's pages share one shape: check ownership, validate, save, say so, go back.
    `done` may name the action's {reference}."""
    action = action_in(force, pk)
    require_owner(request, action)
    data = posted(request)
    return form_page(
        request,
        form_class(data, request.FILES if files and data is not None else None),
        lambda cleaned: save(action, cleaned),
        done=done.format(reference=action.reference),
        then=lambda _: redirect("actions:action", force=force, pk=action.pk),
        template=template,
        context={"action": action, "force": action.force},
    )


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def update(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return _owner_form(
        request, force, pk, UpdateForm, "actions/update_form.html", done="Your update is saved.",
        save=lambda action, data: progress.add_update(action, request.user, **data),  # type: ignore[arg-type]
    )  # fmt: skip


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def add_link(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return _owner_form(
        request, force, pk, LinkForm, "actions/link_form.html", done="The link has been added.",
        save=lambda action, data: progress.add_link(action, request.user, **data),  # type: ignore[arg-type]
    )  # fmt: skip


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
            public=data["public"],
        )

    return _owner_form(
        request, force, pk, FileForm, "actions/file_form.html", done="The file has been added.", save=save, files=True
    )


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def add_milestone(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return _owner_form(
        request, force, pk, MilestoneForm, "actions/milestone_form.html", done="The milestone has been added.",
        save=lambda action, data: progress.add_milestone(action, **data),
    )  # fmt: skip


@role_required(Role.ACTION_OWNER, force="force")
@require_POST
def milestone_done(request: HttpRequest, force: str, pk: int, milestone_pk: int) -> HttpResponse:
    action = action_in(force, pk)
    require_owner(request, action)
    milestone = pages.milestone(action, milestone_pk)
    progress.mark_milestone_done(milestone)
    messages.success(request, f"“{milestone.title}” is marked as done.")
    return redirect("actions:action", force=force, pk=action.pk)


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def add_measure(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return _owner_form(
        request, force, pk, MeasureForm, "actions/measure_form.html", done="The measure has been added.",
        save=lambda action, data: progress.add_measure(action, request.user, **data),  # type: ignore[arg-type]
    )  # fmt: skip


@role_required(Role.ACTION_OWNER, force="force")
@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return _owner_form(
        request, force, pk, SignOffForm, "actions/sign_off.html",
        done="You have asked the board to sign {reference} off as complete.",
        save=lambda action, data: progress.request_completion(action, request.user, note=data["note"]),  # type: ignore[arg-type]
    )  # fmt: skip


@role_required(*BOARD, force="force")
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    action = _loaded(force, pk)
    return form_page(
        request,
        DecisionForm(posted(request)),
        lambda data: progress.decide(action, request.user, **data),  # type: ignore[arg-type]
        done=lambda decision: f"{action.reference}: {decision.get_kind_display().lower()}.",
        then=lambda _: redirect("actions:action", force=force, pk=action.pk),
        template="actions/decide.html",
        context={"action": action, "force": action.force, "s": standing(action)},
    )


@role_required(*READERS, force="force")
@require_safe
def history(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    action = action_in(force, pk)
    page = history_page(action, request.GET.get("page"))
    return render(request, "actions/history.html", {"action": action, "force": action.force, "page": page})


def file_response(evidence: Evidence) -> HttpResponse:
    if evidence.kind != EvidenceKind.FILE:
        raise Http404("not a file")
    try:
        content = evidence_files.read(evidence)
    except FileNotFoundError:
        raise Http404("the file is no longer there") from None
    # Decided again from the content: rows stored before the type was Parity's own may hold
    # the uploader's.
    response = HttpResponse(content, content_type=evidence_files.content_type(evidence.file_name, content))
    response["Content-Disposition"] = f'attachment; filename="{evidence.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*READERS, force="force")
@require_safe
def evidence_file(request: HttpRequest, force: str, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = pages.evidence(force, pk, evidence_pk)
    return file_response(evidence)
