"""Choosing a meeting's cases by a sampling rule, and a sample's make-up against the records
it was drawn from."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parity.accounts.models import User
from parity.scrutiny import access, pages
from parity.scrutiny.forms import SampleForm, default_period
from parity.scrutiny.models import Meeting, Sample
from parity.scrutiny.sampling import DIMENSIONS, USE_OF_FORCE, EmptySelection, UnknownRule, get_rule, label_order
from parity.scrutiny.services import samples as services


@access.panel_view(*access.CHAIR, panel=access.panel_of(Meeting, "meeting_id"), records=True)
@require_http_methods(["GET", "POST"])
def sample_draw(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = pages.meeting(meeting_id)
    start, end = default_period(meeting.held_on)
    data = request.POST if request.method == "POST" else None
    records = services.in_period(meeting.panel, start, end)
    form = SampleForm(data=data, records=records, initial={"period_start": start, "period_end": end, "rule": "random"})
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        wanted = services.SampleRequest(
            rule_key=cleaned["rule"],
            period_start=cleaned["period_start"],
            period_end=cleaned["period_end"],
            size=cleaned["size"],
            params=form.params(),
            seed=cleaned["seed"],
            allocation=cleaned["allocation"] or "proportional",
        )
        try:
            sample = services.draw_sample(meeting, wanted, by=cast(User, request.user))
        except (EmptySelection, services.MeetingFull) as refused:
            form.add_error(None, str(refused))
        else:
            count = sample.cases.count()
            messages.success(request, f"{count} {'case has' if count == 1 else 'cases have'} been chosen.")
            return redirect("scrutiny:sample", sample_id=sample.pk)
    context = {"meeting": meeting, "panel": meeting.panel, "form": form, "holdings": services.holdings(meeting.panel)}
    context["police_uk_only"] = services.police_uk_only(meeting.panel)
    return render(request, "scrutiny/sample_draw.html", context)


def makeup_tables(sample: Sample) -> list[dict[str, Any]]:
    """For each characteristic, its categories with counts and shares in the period, the
    rule's selection and the sample, so a chair can see whether the sample is typical."""
    tables = []
    try:
        kind = get_rule(sample.rule_key).dataset
    except UnknownRule:
        kind = None
    for key, heading in DIMENSIONS:
        if key == "legislation" and kind == USE_OF_FORCE:
            heading = "Tactics used"
        parts = sample.makeup.get(key, {})
        totals = {part: sum(parts.get(part, {}).values()) for part in ("period", "selected", "sample")}
        labels = label_order(key, sorted({label for counts in parts.values() for label in counts}))
        rows = []
        for label in labels:
            cells = []
            for part in ("period", "selected", "sample"):
                count = parts.get(part, {}).get(label, 0)
                share = 100 * count / totals[part] if totals[part] else None
                cells.append((count, share))
            rows.append((label, cells))
        tables.append({"key": key, "heading": heading, "rows": rows, "totals": totals})
    return tables


@access.panel_view(*access.READERS, panel=access.panel_of(Sample, "sample_id", "meeting__panel"), records=True)
@require_safe
def sample(request: HttpRequest, sample_id: int) -> HttpResponse:
    sample = pages.sample(sample_id)
    context = {
        "sample": sample,
        "meeting": sample.meeting,
        "panel": sample.meeting.panel,
        "cases": sample.cases.order_by("number"),
        "tables": makeup_tables(sample),
        "same_as_selection": sample.selected == sample.records_in_period,
        "is_chair": access.is_chair(cast(User, request.user), sample.meeting.panel),
        "reviewed": sample.cases.filter(reviews__isnull=False).exists(),
        "today": timezone.localdate(),
    }
    return render(request, "scrutiny/sample.html", context)


@access.panel_view(*access.CHAIR, panel=access.panel_of(Sample, "sample_id", "meeting__panel"), records=True)
@require_POST
def sample_remove(request: HttpRequest, sample_id: int) -> HttpResponse:
    sample = pages.sample(sample_id)
    meeting_id = sample.meeting_id
    try:
        services.discard_sample(sample)
    except ValueError as refused:
        messages.error(request, f"The sample was not removed: {refused}.")
        return redirect("scrutiny:sample", sample_id=sample_id)
    messages.success(request, "The sample has been removed.")
    return redirect("scrutiny:meeting", meeting_id=meeting_id)
