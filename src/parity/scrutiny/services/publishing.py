"""Publishing a panel report: its protected content is frozen, and the public can read it."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.errors import ParityError
from parity.scrutiny import reports, small_numbers
from parity.scrutiny.models import Meeting, Panel, Report


class NumbersToConfirm(ParityError, ValueError):
    """The report's words state numbers its tables would hide; the chair has not confirmed them."""

    def __init__(self, found: list[small_numbers.SmallNumber]) -> None:
        self.found = found
        listed = "; ".join(f"“{f.said}” in {f.where.lower() if f.where.startswith('The') else f.where}" for f in found)
        super().__init__(
            f"The report was not published: its words state {len(found)} "
            f"{'number' if len(found) == 1 else 'numbers'} the tables would hide ({listed}). "
            "Change the words, or confirm that none of them counts people, then publish."
        )


@transaction.atomic
def publish_meeting(meeting: Meeting, *, by: User | None = None, numbers_confirmed: bool = False) -> Report:
    """Publish the meeting's report. Refused (NumbersToConfirm) while its words state a
    number the tables would hide and the chair has not confirmed it (`small_numbers`)."""
    content = reports.meeting_report(meeting)
    report = Report.objects.filter(panel=meeting.panel, kind=Report.Kind.MEETING, meeting=meeting).first()
    report = report or Report(panel=meeting.panel, kind=Report.Kind.MEETING, meeting=meeting)
    return _save(report, content, by, numbers_confirmed)


@transaction.atomic
def publish_quarter(panel: Panel, start: dt.date, *, by: User | None = None, numbers_confirmed: bool = False) -> Report:
    """Publish the quarter's report; refused as `publish_meeting` is."""
    start = reports.quarter_of(start)
    content = reports.quarter_report(panel, start)
    report = Report.objects.filter(panel=panel, kind=Report.Kind.QUARTER, quarter_start=start).first()
    report = report or Report(panel=panel, kind=Report.Kind.QUARTER, quarter_start=start)
    return _save(report, content, by, numbers_confirmed)


def _save(report: Report, content: dict[str, object], by: User | None, numbers_confirmed: bool) -> Report:
    """Publishing again replaces the published version (the audit trail keeps when and by whom)."""
    found = small_numbers.in_report(content)
    if found and not numbers_confirmed:
        raise NumbersToConfirm(found)
    report.title = str(content["title"])
    report.content = content
    report.published_at = timezone.now()
    report.published_by = by
    report.save()
    if found:
        audit.record(
            "report.numbers-confirmed",
            obj=report,
            actor=by,
            summary="Published with numbers in its words that the tables would hide, confirmed by the chair: "
            + "; ".join(f"{f.where}: “{f.sentence}”" for f in found)[:900],
        )
    return report


def published() -> list[Report]:
    return list(Report.objects.select_related("panel__force").order_by("panel__force__name", "-published_at"))


def published_by_force() -> list[tuple[str, list[Report]]]:
    """Every published report, grouped by force name (the public list of reports)."""
    return [(force, list(rows)) for force, rows in groupby(published(), key=lambda r: r.panel.force.name)]


def published_report(report_id: int) -> Report:
    """One published report, with its panel and force; Http404 when there is none."""
    return get_object_or_404(Report.objects.select_related("panel__force"), pk=report_id)
