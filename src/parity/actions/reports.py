"""The monthly steering-group pack and the quarterly public progress report.

Each is built once from the register, its monthly snapshot and the sections other workflows
register (`report_sections`: engagement's "you said, we did"), then
rendered from the same context twice: as the HTML shown on the page and as a tagged PDF.
Both are stored in a new version, so what the steering group or the public read is kept
exactly as it was; generating again makes version 2, 3 ... and never changes an old one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup

from parity.accounts.models import User
from parity.actions import report_sections
from parity.actions.measures import MeasureTrend, TrendCache, measure_trend
from parity.actions.models import Action, Decision, PlanTheme, Report, ReportKind, Source, Status, Update
from parity.actions.rag import Rag
from parity.actions.snapshots import monthly, take
from parity.actions.state import Standing, standing, with_progress
from parity.analysis.period import PeriodError, parse_period
from parity.presentation.charts import Chart
from parity.presentation.formatting import govuk_date, month, month_span
from parity.presentation.pdf import render_pdf
from parity.reference.models import Force

CHART_STYLE = (Path(__file__).parent / "report_chart.css").read_text()


def wide_drawing(chart: Chart) -> Markup:
    """The wide SVG alone, carrying its own styles: a printed page has one width, so the
    phone-sized copy is left out, and WeasyPrint styles an SVG only from inside it."""
    svg = str(chart.svg)
    svg = svg[: svg.find("</svg>") + len("</svg>")]
    opened = svg.find(">") + 1
    return Markup(f"{svg[:opened]}<style>{CHART_STYLE}</style>{svg[opened:]}")  # noqa: S704 - our own markup


def span_label(start: date, end: date) -> str:
    """ "July to September 2026"; the year twice only when the span crosses one."""
    if start.year == end.year and start.month != end.month:
        return f"{month(start).split()[0]} to {month(end)}"
    return month_span(start, end)


def illustrative_sources(force: Force) -> list[Source]:
    return list(Source.objects.filter(force=force, illustrative=True))


def measure_trends(force: Force, actions: Iterable[Action], prefix: str) -> list[tuple[MeasureTrend, list[Action]]]:
    """Each distinct measure followed by these actions, once, with the actions that follow it."""
    followed: dict[tuple[str, str], list[Action]] = {}
    for action in actions:
        for measure in action.measures.all():
            followed.setdefault((measure.kind, measure.group), []).append(action)
    cache = TrendCache()
    out = []
    for i, ((kind, group), acting) in enumerate(sorted(followed.items())):
        trend = measure_trend(force.slug, force.name, kind, group, chart_id=f"{prefix}-measure-{i + 1}", cache=cache)
        out.append((trend, acting))
    return out


def latest_measures(force: Force, actions: Iterable[Action]) -> dict[int, list[MeasureTrend]]:
    """Each action's linked measures with their latest values, every measure worked out once
    however many actions follow it (the trends shown beside an action on its own page)."""
    by_action: dict[int, list[MeasureTrend]] = {}
    for trend, acting in measure_trends(force, actions, "register"):
        for action in acting:
            by_action.setdefault(action.pk, []).append(trend)
    return by_action


def _next_version(force: Force, kind: str, period: str) -> int:
    last = Report.objects.filter(force=force, kind=kind, period=period).aggregate(last=Max("version"))["last"]
    return (last or 0) + 1


def _render(body: str, context: dict[str, Any]) -> tuple[str, bytes]:
    """The HTML fragment for the page, and the PDF of the same body on the print layout."""
    html = render_to_string(body, {**context, "pdf": False, "drawing": lambda c: c.svg})
    pdf = render_pdf("actions/report/print.html", {**context, "body": body, "pdf": True, "drawing": wide_drawing})
    return html, pdf


def _save(
    force: Force,
    kind: str,
    *,
    period: str,
    period_label: str,
    start: date,
    end: date,
    on: date,
    title: str,
    context: dict[str, Any],
    body: str,
    by: User | None,
    snapshot: Any = None,
) -> Report:
    version = _next_version(force, kind, period)
    context = {**context, "title": title, "version": version, "force": force, "as_of": on}
    html, pdf = _render(body, context)
    report = Report(
        force=force,
        kind=kind,
        period=period,
        period_label=period_label,
        period_start=start,
        period_end=end,
        version=version,
        as_of=on,
        title=title,
        snapshot=snapshot,
        html=html,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        created_by=by,
    )
    report.save()
    return report


# --- the monthly steering-group pack -----------------------------------------------------


def _month(value: str) -> str:
    try:
        period = parse_period(value)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    if period.kind != "month":
        raise ValidationError({"period": f"The steering-group pack is for one month, like 2026-09, not {value}"})
    return period.label


@transaction.atomic
def steering_pack(force: Force, month_code: str, *, by: User | None = None, on: date | None = None) -> Report:
    """The pack for a month: uses that month's snapshot, taking it now if there is none."""
    month_code = _month(month_code)
    snapshot = force.action_snapshots.filter(month=month_code).first() or take(force, month_code, by=by, on=on)
    view = monthly(snapshot)
    as_of = snapshot.taken_on
    period = parse_period(month_code)
    actions = list(with_progress(Action.objects.filter(force=force, added_on__lte=as_of)))
    in_month = [period.start, min(period.end, as_of)]
    context = {
        "monthly": view,
        "illustrative": illustrative_sources(force),
        "month_label": month(month_code),
        "decisions": list(
            Decision.objects.filter(action__force=force, decided_on__range=in_month)
            .select_related("action", "decided_by")
            .order_by("decided_on", "pk")
        ),
        "updates": list(
            Update.objects.filter(action__force=force, written_on__range=in_month)
            .select_related("action", "author")
            .order_by(
                "action__recommendation__source__reference",
                "action__recommendation__position",
                "action__position",
                "written_on",
                "pk",
            )
        ),
        "measures": measure_trends(force, actions, "pack"),
        **report_sections.context(force, public=False),
        "rags": list(Rag),
        "rag_of": {r.value: r for r in Rag},
        "status_label": {s.value: s.label for s in Status},
    }
    title = f"Action plan steering-group pack, {month(month_code)}: {force.name}"
    return _save(
        force,
        ReportKind.STEERING_GROUP,
        period=month_code,
        period_label=month(month_code),
        start=period.start,
        end=period.end,
        on=as_of,
        title=title,
        context=context,
        body="actions/report/steering.html",
        by=by,
        snapshot=snapshot,
    )


# --- the quarterly public progress report ------------------------------------------------


@dataclass(frozen=True)
class PublicAction:
    standing: Standing
    notes: list[Update]
    milestones_done: list[Any]


@dataclass(frozen=True)
class ThemeSection:
    theme: str
    actions: list[PublicAction]


def _quarter(value: str) -> Any:
    try:
        period = parse_period(value)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    if period.kind != "quarter":
        raise ValidationError(
            {"period": f"The public report is for a quarter, like 2026/27-Q2 or 2026-Q3, not {value}"}
        )
    return period


def published_standings(force: Force, on: date) -> list[Standing]:
    actions = with_progress(Action.objects.filter(force=force, published=True, added_on__lte=on))
    return [standing(a, on) for a in actions]


@transaction.atomic
def public_report(force: Force, quarter: str, *, by: User | None = None, on: date | None = None) -> Report:
    """The quarter's report to the public: published actions only, as they stood at the
    quarter's end (or today, for a quarter still running)."""
    period = _quarter(quarter)
    as_of = min(period.end, on or timezone.localdate())
    if as_of < period.start:
        raise ValidationError({"period": f"{period.label} has not started yet"})
    standings = published_standings(force, as_of)
    sections: dict[str, list[PublicAction]] = {}
    for s in standings:
        notes = [u for u in s.action.updates.all() if u.public and period.start <= u.written_on <= as_of]
        done = [m for m in s.action.milestones.all() if m.done_on and period.start <= m.done_on <= as_of]
        sections.setdefault(s.action.recommendation.theme, []).append(PublicAction(s, notes, done))
    by_status = Counter(s.status for s in standings)
    context = {
        "illustrative": illustrative_sources(force),
        "period_label": span_label(period.start, period.end),
        "sections": [ThemeSection(PlanTheme(t).label, sections[t]) for t in PlanTheme.values if t in sections],
        "by_status": [(Status(code).label, by_status.get(code, 0)) for code in Status.values],
        "total": len(standings),
        "measures": measure_trends(force, [s.action for s in standings], "public"),
        **report_sections.context(force, public=True),
    }
    title = f"Action plan progress report, {span_label(period.start, period.end)}: {force.name}"
    return _save(
        force,
        ReportKind.PUBLIC,
        period=period.label,
        period_label=span_label(period.start, period.end),
        start=period.start,
        end=period.end,
        on=as_of,
        title=title,
        context=context,
        body="actions/report/public.html",
        by=by,
    )


def publish(report: Report, *, on: date | None = None) -> Report:
    if report.kind != ReportKind.PUBLIC:
        raise ValidationError("Only the quarterly public report is published; the steering-group pack stays internal")
    if report.published_on is None:
        report.published_on = on or timezone.localdate()
        report.save(update_fields=["published_on"])
    return report


def describe_version(report: Report) -> str:
    made = govuk_date(timezone.localtime(report.created_at))
    return f"Version {report.version}, made on {made}, showing the plan as it stood on {govuk_date(report.as_of)}"
