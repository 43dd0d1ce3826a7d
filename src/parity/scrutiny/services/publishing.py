"""Publishing a panel report: its protected content is frozen, and the public can read it."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from parity.accounts.models import User
from parity.scrutiny import reports
from parity.scrutiny.models import Meeting, Panel, Report


@transaction.atomic
def publish_meeting(meeting: Meeting, *, by: User | None = None) -> Report:
    content = reports.meeting_report(meeting)
    report = Report.objects.filter(panel=meeting.panel, kind=Report.Kind.MEETING, meeting=meeting).first()
    return _save(report or Report(panel=meeting.panel, kind=Report.Kind.MEETING, meeting=meeting), content, by)


@transaction.atomic
def publish_quarter(panel: Panel, start: dt.date, *, by: User | None = None) -> Report:
    start = reports.quarter_of(start)
    content = reports.quarter_report(panel, start)
    report = Report.objects.filter(panel=panel, kind=Report.Kind.QUARTER, quarter_start=start).first()
    return _save(report or Report(panel=panel, kind=Report.Kind.QUARTER, quarter_start=start), content, by)


def _save(report: Report, content: dict[str, object], by: User | None) -> Report:
    """Publishing again replaces the published version (the audit trail keeps when and by whom)."""
    report.title = str(content["title"])
    report.content = content
    report.published_at = timezone.now()
    report.published_by = by
    report.save()
    return report


def published() -> list[Report]:
    return list(Report.objects.select_related("panel__force").order_by("panel__force__name", "-published_at"))


def published_by_force() -> list[tuple[str, list[Report]]]:
    """Every published report, grouped by force name (the public list of reports)."""
    return [(force, list(rows)) for force, rows in groupby(published(), key=lambda r: r.panel.force.name)]


def published_report(report_id: int) -> Report:
    """One published report, with its panel and force; Http404 when there is none."""
    return get_object_or_404(Report.objects.select_related("panel__force"), pk=report_id)
