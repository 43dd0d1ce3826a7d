"""Advisory-group pages: the engagement officer's (groups, vetting, members), the pages an
engagement officer and a group's chair share (the group, its meetings), a chair's own list,
and the public ones (how to join, the application and its confirmation link)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.permissions import role_required
from parity.engagement import group_pages, groups, moderation, network
from parity.engagement.access import CHAIRS, OFFICERS
from parity.engagement.group_forms import (
    ActionForm,
    ApplyForm,
    ConsentForm,
    DecideForm,
    DeclarationForm,
    GroupForm,
    MeetingForm,
    MembershipForm,
    RecordMeetingForm,
)
from parity.engagement.models import GroupApplication, Moderation
from parity.web.form_pages import form_page, posted

# --- the engagement officer's ----------------------------------------------------------------


@role_required(*OFFICERS, force="force")
@require_safe
def group_list(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/groups/list.html", group_pages.groups_page(force))


@role_required(*OFFICERS, force="force")
@require_http_methods(["GET", "POST"])
def group_add(request: HttpRequest, force: str) -> HttpResponse:
    found = group_pages.force(force)
    return form_page(
        request,
        GroupForm(posted(request)),
        lambda data: groups.add_group(found, **data),
        done=lambda group: f"The group “{group.name}” has been added.",
        then=lambda group: redirect("engagement:group", force=force, pk=group.pk),
        template="engagement/groups/group_form.html",
        context={"force": found},
    )


@role_required(*OFFICERS, force="force")
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.application(force, pk)
    return form_page(
        request,
        DecideForm(posted(request)),
        lambda data: groups.decide(
            found,
            accept=data["decision"] == "accept",
            reason=data["reason"],
            by=request.user,  # type: ignore[arg-type]
        ),
        done=lambda a: (
            "Accepted: they are a member now." if a.status == "accepted" else "Declined: they have been told."
        ),
        then=lambda a: redirect("engagement:group", force=force, pk=a.group_id),
        template="engagement/groups/application.html",
        context={**_application(found), "consent": ConsentForm()},
    )


def _application(found: GroupApplication) -> dict[str, object]:
    """What the application page shows whichever form is on it; why they want to join is
    checked before it is read (`parity.engagement.moderation`)."""
    return {
        "force": found.group.force,
        "group": found.group,
        "application": found,
        "why": moderation.shown(found),
        "waiting": found.moderation == Moderation.PENDING,
    }


@role_required(*OFFICERS, force="force")
@require_http_methods(["POST"])
def application_consent(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.application(force, pk)
    return form_page(
        request,
        ConsentForm(posted(request)),
        lambda data: groups.record_consent(found, **data),
        done="The parent's or guardian's consent has been recorded.",
        then=lambda a: redirect("engagement:group-application", force=force, pk=a.pk),
        template="engagement/groups/application.html",
        context={**_application(found), "decide": DecideForm()},
    )


@role_required(*OFFICERS, force="force")
@require_http_methods(["GET", "POST"])
def membership(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.membership(force, pk)
    initial = {"role": found.role, "starts_on": found.starts_on, "ends_on": found.ends_on}
    return form_page(
        request,
        MembershipForm(posted(request), initial=initial),
        lambda data: groups.set_membership(found, **data),
        done="The role and term have been changed.",
        then=lambda m: redirect("engagement:group", force=force, pk=m.group_id),
        template="engagement/groups/membership.html",
        context={"force": found.group.force, "group": found.group, "membership": found, "declare": DeclarationForm()},
    )


@role_required(*OFFICERS, force="force")
@require_http_methods(["POST"])
def declare(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.membership(force, pk)
    return form_page(
        request,
        DeclarationForm(posted(request)),
        lambda data: groups.declare(found, **data),
        done="The declaration of interest has been recorded.",
        then=lambda _: redirect("engagement:group-membership", force=force, pk=found.pk),
        template="engagement/groups/membership.html",
        context={"force": found.group.force, "group": found.group, "membership": found, "change": MembershipForm()},
    )


# --- shared by the engagement officer and the group's chair -------------------------------------


@role_required(*OFFICERS, *CHAIRS, force="force")
@require_safe
def group(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/groups/group.html", group_pages.group_page(request, force, pk))


@role_required(*OFFICERS, *CHAIRS, force="force")
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.group_for(request, force, pk)
    return form_page(
        request,
        MeetingForm(posted(request)),
        lambda data: groups.add_meeting(found, by=request.user, **data),  # type: ignore[arg-type]
        done="The meeting and its agenda have been saved.",
        then=lambda m: redirect("engagement:group-meeting", force=force, pk=m.pk),
        template="engagement/groups/meeting_form.html",
        context={"force": found.force, "group": found},
    )


@role_required(*OFFICERS, *CHAIRS, force="force")
@require_safe
def meeting(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    return render(request, "engagement/groups/meeting.html", group_pages.meeting_page(request, force, pk))


@role_required(*OFFICERS, *CHAIRS, force="force")
@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.meeting_for(request, force, pk)
    initial = {"present": list(found.present.all()), "agenda": found.agenda, "minutes": found.minutes}
    return form_page(
        request,
        RecordMeetingForm(posted(request), initial=initial, group=found.group),
        lambda data: groups.record_meeting(found, **data),
        done="Attendance and minutes have been saved.",
        then=lambda m: redirect("engagement:group-meeting", force=force, pk=m.pk),
        template="engagement/groups/meeting_record.html",
        context={"force": found.group.force, "group": found.group, "meeting": found},
    )


@role_required(*OFFICERS, *CHAIRS, force="force")
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.meeting_for(request, force, pk)
    return form_page(
        request,
        ActionForm(posted(request)),
        lambda data: groups.add_action(found, **data),
        done="The action has been added.",
        then=lambda _: redirect("engagement:group-meeting", force=force, pk=found.pk),
        template="engagement/groups/action_form.html",
        context={"force": found.group.force, "group": found.group, "meeting": found},
    )


@role_required(*OFFICERS, *CHAIRS, force="force")
@require_http_methods(["POST"])
def action_done(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = groups.set_action_done(group_pages.action_for(request, force, pk), request.POST.get("done") == "yes")
    return redirect("engagement:group-meeting", force=force, pk=found.meeting_id)


@role_required(*CHAIRS)
@require_safe
def chair_home(request: HttpRequest) -> HttpResponse:
    return render(request, "engagement/groups/chair.html", group_pages.chair_page(request.user))  # type: ignore[arg-type]


# --- public ------------------------------------------------------------------------------------


@require_safe
def public_groups(request: HttpRequest, force: str) -> HttpResponse:
    return render(request, "engagement/groups/public.html", group_pages.public_groups(force))


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    """Public (rate-limited per address like every signed-out page). The answer is the same
    whether or not the address is in the network, so it tells no one who is."""
    found = group_pages.public_group(force, pk)
    return form_page(
        request,
        ApplyForm(posted(request)),
        lambda data: groups.apply(found, **data),
        done="Check your e-mail: if the address is in our community network, we have sent a link to confirm.",
        then=lambda _: redirect("engagement:group-apply-sent", force=force, pk=found.pk),
        template="engagement/groups/apply.html",
        context={"force": found.force, "group": found},
    )


@require_safe
def apply_sent(request: HttpRequest, force: str, pk: int) -> HttpResponse:
    found = group_pages.public_group(force, pk)
    return render(request, "engagement/groups/apply_sent.html", {"force": found.force, "group": found})


@require_http_methods(["GET", "POST"])
def apply_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Confirming needs a press of a button (a POST), so a mail scanner confirms nothing."""
    try:
        found = groups.confirm(token) if request.method == "POST" else groups.application_for(token)
    except network.BadLink as problem:
        return render(request, "engagement/network_bad_link.html", {"problem": str(problem)}, status=400)
    context = {"force": found.group.force, "group": found.group, "done": request.method == "POST"}
    return render(request, "engagement/groups/apply_confirm.html", context)
