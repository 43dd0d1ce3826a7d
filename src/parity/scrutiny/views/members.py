"""A panel's members: who is on it, their role, vetting, training, term and declared interests.

Run by the chair and the force's administrator. Adding a member gives them access to the
panel; ending their membership takes it away (services.members keeps roles in step).
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts import services as accounts
from parity.accounts.models import User
from parity.scrutiny import access, pages
from parity.scrutiny.forms import DeclarationForm, MemberAddForm, MemberDatesForm
from parity.scrutiny.models import Member, Panel
from parity.scrutiny.services import members as services
from parity.web import notify
from parity.web.form_pages import add_errors


def _dates(data: dict[str, object]) -> services.MemberDates:
    return services.MemberDates(
        joined_on=data.get("joined_on"),  # type: ignore[arg-type]
        term_ends_on=data.get("term_ends_on"),  # type: ignore[arg-type]
        vetted_on=data.get("vetted_on"),  # type: ignore[arg-type]
        vetting_expires_on=data.get("vetting_expires_on"),  # type: ignore[arg-type]
        trained_on=data.get("trained_on"),  # type: ignore[arg-type]
    )


def _initial(member: Member) -> dict[str, object]:
    return {
        "role": member.role,
        "joined_on": member.joined_on,
        "term_ends_on": member.term_ends_on,
        "vetted_on": member.vetted_on,
        "vetting_expires_on": member.vetting_expires_on,
        "trained_on": member.trained_on,
    }


@access.panel_view(*access.RUNNERS, panel=access.panel_arg())
@require_safe
def members(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    context = pages.members_page(panel, timezone.localdate())
    return render(request, "scrutiny/members.html", context)


@access.panel_view(*access.RUNNERS, panel=access.panel_arg())
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel: Panel = request.panel  # type: ignore[attr-defined]
    form = MemberAddForm(data=request.POST if request.method == "POST" else None, initial={"role": "member"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member, _ = services.add_member(
                panel,
                data["email"],
                data["role"],
                full_name=data["full_name"],
                dates=_dates(data),
                by=cast(User, request.user),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if not member.user.has_usable_password():
                accounts.send_set_password(member.user)
            # The same words either way: adding an address must not tell whether it had an account.
            messages.success(
                request,
                notify.kept(
                    f"{member.user.email} has been added to the panel. "
                    "If they are new to Parity, we have e-mailed them a link to set a password."
                ),
            )
            return redirect("scrutiny:members", panel_id=panel.pk)
    return render(
        request, "scrutiny/member_add.html", {"panel": panel, "form": form, "hints": MemberDatesForm.ROLE_HINTS}
    )


@access.panel_view(*access.RUNNERS, panel=access.panel_of(Member, "member_id"))
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    member = pages.member(member_id)
    form = MemberDatesForm(data=request.POST if request.method == "POST" else None, initial=_initial(member))
    if request.method == "POST" and form.is_valid():
        services.update_member(
            member, form.cleaned_data["role"], _dates(form.cleaned_data), by=cast(User, request.user)
        )
        messages.success(request, f"{member.user}'s details have been saved.")
        return redirect("scrutiny:members", panel_id=member.panel_id)
    return _member_page(request, member, form, DeclarationForm())


def _member_page(
    request: HttpRequest, member: Member, edit_form: MemberDatesForm, declaration_form: DeclarationForm
) -> HttpResponse:
    context = {
        "member": member,
        "panel": member.panel,
        "edit_form": edit_form,
        "declaration_form": declaration_form,
        # The layout's error summary shows the errors of `form`: the one that was sent.
        "form": declaration_form if declaration_form.is_bound else edit_form,
        "hints": MemberDatesForm.ROLE_HINTS,
    }
    return render(request, "scrutiny/member.html", context)


@access.panel_view(*access.RUNNERS, panel=access.panel_of(Member, "member_id"))
@require_POST
def member_end(request: HttpRequest, member_id: int) -> HttpResponse:
    member = pages.member(member_id)
    services.end_membership(member, by=cast(User, request.user))
    messages.success(request, f"{member.user} has left the panel and can no longer see its cases.")
    return redirect("scrutiny:members", panel_id=member.panel_id)


@access.panel_view(*access.RUNNERS, panel=access.panel_of(Member, "member_id"))
@require_POST
def declaration_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = pages.member(member_id)
    form = DeclarationForm(data=request.POST)
    if form.is_valid():
        services.declare_interest(member, form.cleaned_data["interest"], form.cleaned_data["declared_on"])
        messages.success(request, "The declaration has been recorded.")
        return redirect("scrutiny:member", member_id=member.pk)
    return _member_page(request, member, MemberDatesForm(initial=_initial(member)), form)
