"""Lived-experience advisors' pages, under /victims/advisors/: a complaints-review panel, its
draws, case files, reviews and findings. The force answers findings on scrutiny's answer
page, as it answers every panel's."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from parity.accounts.models import User
from parity.accounts.permissions import role_required
from parity.scrutiny import access
from parity.scrutiny.models import Finding
from parity.victims import advisor_pages as pages
from parity.victims import advisors as services
from parity.victims.advisor_forms import AdvisorReviewForm, DrawForm
from parity.victims.models import DrawnComplaint
from parity.web.form_pages import form_page, posted

DRAWN_PANEL = access.panel_of(DrawnComplaint, "drawn_id")


@role_required(*pages.READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "victims/advisors/home.html", {"panels": pages.panels(request.user)})


@access.panel_view(*pages.READERS, panel=access.panel_arg())
@require_safe
def panel(request: HttpRequest, panel_id: int) -> HttpResponse:
    context = pages.panel_page(request.panel, cast(User, request.user), timezone.localdate())  # type: ignore[attr-defined]
    return render(request, "victims/advisors/panel.html", context)


@access.panel_view(*pages.DRAWERS, panel=access.panel_arg())
@require_http_methods(["GET", "POST"])
def draw(request: HttpRequest, panel_id: int) -> HttpResponse:
    the_panel = request.panel  # type: ignore[attr-defined]
    return form_page(
        request,
        DrawForm(data=posted(request)),
        lambda d: services.draw(
            the_panel,
            start=d["period_start"],
            end=d["period_end"],
            share_percent=d["share_percent"],
            seed=d["seed"],
            by=cast(User, request.user),
        ),
        done=lambda made: f"{made.discrimination + made.others} complaints drawn for review.",
        then=lambda made: redirect("victims:advisors-panel", panel_id=the_panel.pk),
        template="victims/advisors/draw.html",
        context={"panel": the_panel},
    )


@access.panel_view(*pages.READERS, panel=DRAWN_PANEL)
@require_safe
def case_file(request: HttpRequest, drawn_id: int) -> HttpResponse:
    return render(request, "victims/advisors/case_file.html", pages.case_file_page(request, drawn_id))


@access.panel_view(*pages.ADVISORS, panel=DRAWN_PANEL)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, drawn_id: int) -> HttpResponse:
    context = pages.review_page(drawn_id, cast(User, request.user))
    form = AdvisorReviewForm(data=posted(request), initial=context["initial"])
    return form_page(
        request,
        form,
        lambda d: services.save_review(
            context["drawn"],
            cast(User, request.user),
            services.ReviewAnswers(
                account_engaged=d["account_engaged"],
                discrimination_considered=d["discrimination_considered"],
                reply_respectful_clear=d["reply_respectful_clear"],
                learning=d["learning"],
                refer=d["refer"] == "yes",
                finding=d["finding"],
            ),
        ),
        done="Your review has been saved.",
        then=lambda saved: redirect("victims:advisors-case", drawn_id=drawn_id),
        template="victims/advisors/review.html",
        context=context,
    )


@access.panel_view(*pages.READERS, panel=access.panel_of(Finding, "finding_id"))
@require_safe
def finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    return render(request, "victims/advisors/finding.html", pages.finding_page(finding_id, cast(User, request.user)))
