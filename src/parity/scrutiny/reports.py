"""Panel reports, per meeting and per quarter: what the panel reviewed, what it found, and
how the force answered. The same content feeds the HTML page, the PDF and publication.

Counts of people are protected as every published figure is (parity.analysis.protection):
the table of cases by ethnic group and verdict, with its totals, gets primary and
secondary suppression; themes and the body-worn-video log, primary suppression with their
totals. Findings and the force's answers are the panel's and the force's own words, written
to be published, and are shown in full; they never carry a person's ethnicity or age.
A report shows a protected count as None, which pages print as "not published".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from parity.analysis.protection import Cells, Status, grid_lines, suppress
from parity.presentation.formatting import govuk_date
from parity.reference.ethnicity import Group
from parity.scrutiny import questions
from parity.scrutiny.models import BwvRequest, Case, Finding, Meeting, Panel, Review

GROUPS = [g.label for g in Group]  # Asian ... Other, Not stated
QUARTER_MONTHS = {1: "January to March", 2: "April to June", 3: "July to September", 4: "October to December"}


def quarter_of(day: dt.date) -> dt.date:
    """The first day of the calendar quarter holding `day`."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(start: dt.date) -> dt.date:
    month = start.month + 3
    year = start.year + (month > 12)
    return dt.date(year, (month - 1) % 12 + 1, 1) - dt.timedelta(days=1)


def quarter_label(start: dt.date) -> str:
    return f"{QUARTER_MONTHS[(start.month - 1) // 3 + 1]} {start.year}"


def quarter_slug(start: dt.date) -> str:
    return f"{start.year}-q{(start.month - 1) // 3 + 1}"


def parse_quarter(slug: str) -> dt.date:
    """'2026-q3' -> 1 July 2026. Raises ValueError for anything else."""
    year, _, number = slug.lower().partition("-q")
    if not (year.isdigit() and len(year) == 4 and number in {"1", "2", "3", "4"}):
        raise ValueError(f"not a quarter: {slug!r}; expected YYYY-qN, such as 2026-q3")
    return dt.date(int(year), 3 * (int(number) - 1) + 1, 1)


def meeting_title(meeting: Meeting) -> str:
    return f"{meeting.panel.name}, {meeting.panel.force.name}: meeting of {govuk_date(meeting.held_on)}"


def quarter_title(panel: Panel, start: dt.date) -> str:
    return f"{panel.name}, {panel.force.name}: {quarter_label(start)}"


def threshold() -> int:
    """Counts of people from 1 to below this are hidden (PARITY_DISCLOSURE_THRESHOLD)."""
    return int(settings.PARITY_DISCLOSURE_THRESHOLD)


_threshold = threshold


def _shown(value: int, status: Status) -> int | None:
    return None if status != Status.SHOWN else value


def _count(value: int) -> int | None:
    """A count of people on its own: None (not published) from 1 to below the threshold."""
    return None if 0 < value < _threshold() else value


def _verdict_grid(panel: Panel, cases: list[Case]) -> dict[str, Any]:
    """Cases by ethnic group (rows) and verdict (columns), with totals, protected together.

    With fewer decided cases than the threshold there is no table at all: every count in it
    would be hidden, yet the groups and verdicts it lists (only those present) would say
    which groups the few people were in and what the panel decided about them.
    """
    verdicts = list(panel.verdict_scale) + sorted({c.verdict for c in cases} - set(panel.verdict_scale))
    counts = Counter((c.snapshot.get("ethnic_group", "Not stated"), c.verdict) for c in cases)
    groups = [g for g in GROUPS if any(counts[(g, v)] for v in verdicts)]
    too_few = 0 < len(cases) < _threshold()
    if not groups or too_few:
        return {
            "verdicts": [] if too_few else verdicts,
            "groups": [],
            "rows": [],
            "totals": None,
            "by_verdict": [],
            "suppressed": too_few,
            "too_few": too_few,
        }
    rows, columns = len(groups) + 1, len(verdicts) + 1
    values: list[int] = []
    for group in groups:
        line = [counts[(group, v)] for v in verdicts]
        values += [*line, sum(line)]
    totals = [sum(counts[(g, v)] for g in groups) for v in verdicts]
    values += [*totals, sum(totals)]
    status = suppress(values, grid_lines(rows, columns), _threshold())
    cells = [_shown(v, Status(int(s))) for v, s in zip(values, status, strict=True)]
    table = [cells[r * columns : (r + 1) * columns] for r in range(rows)]
    return {
        "verdicts": verdicts,
        "groups": groups,
        "rows": [{"group": g, "cells": table[i][:-1], "total": table[i][-1]} for i, g in enumerate(groups)],
        "totals": {"cells": table[-1][:-1], "total": table[-1][-1]},
        "by_verdict": [{"verdict": v, "count": table[-1][i]} for i, v in enumerate(verdicts)],
        "suppressed": any(int(s) != Status.SHOWN for s in status),
        "too_few": False,
    }


def _themes(panel: Panel, cases: list[Case]) -> dict[str, Any]:
    if 0 < len(cases) < _threshold():  # as the grid: which themes a few people's cases had
        return {"rows": [], "suppressed": True, "too_few": True}
    counts = Counter(theme for c in cases for theme in c.themes)
    themes = [t for t in panel.themes if counts[t]] + sorted(t for t in counts if t not in panel.themes)
    status = suppress([counts[t] for t in themes], [], _threshold())
    rows = [{"theme": t, "count": _shown(counts[t], Status(int(s)))} for t, s in zip(themes, status, strict=True)]
    return {"rows": rows, "suppressed": any(int(s) != Status.SHOWN for s in status), "too_few": False}


def _bwv(cases: list[Case]) -> dict[str, Any]:
    logs = list(BwvRequest.objects.filter(case__in=cases).prefetch_related("viewings"))
    cells = Cells()
    parts = {
        "available": sum(b.status == BwvRequest.Status.AVAILABLE for b in logs),
        "not-switched-on": sum(b.reason == BwvRequest.Reason.NOT_SWITCHED_ON for b in logs),
        "deleted": sum(b.reason == BwvRequest.Reason.DELETED for b in logs),
        "other-reason": sum(
            b.status == BwvRequest.Status.NOT_AVAILABLE
            and b.reason not in (BwvRequest.Reason.NOT_SWITCHED_ON, BwvRequest.Reason.DELETED)
            for b in logs
        ),
        "waiting": sum(b.status == BwvRequest.Status.REQUESTED for b in logs),
    }
    cells.add("requested", len(logs))
    for key, value in parts.items():
        cells.add(key, value)
    cells.line("requested", list(parts))
    cells.add("watched", sum(1 for b in logs if b.viewings.all()))
    status = cells.protect(_threshold())
    shown: dict[str, int | None] = {str(key): _shown(cells.value(key), s) for key, s in status.items()}
    return {**shown, "suppressed": any(s != Status.SHOWN for s in status.values())}


def _by_kind(panel: Panel, cases: list[Case], decided: list[Case]) -> list[dict[str, Any]]:
    """For each kind of record the panel reviewed (stop and search, use of force), the panel's
    verdicts on its cases and members' answers to its own questions, each line protected with
    its total: a use-of-force case is never counted under a stop-and-search question."""
    reviews: dict[int, list[Review]] = {}
    for review in Review.objects.filter(case__in=cases).order_by("pk"):
        reviews.setdefault(review.case_id, []).append(review)
    kinds = []
    for dataset, asked in questions.SETS.items():
        mine = [c for c in cases if questions.dataset_of(c) == dataset]
        if not mine:
            continue
        verdicts = Counter(c.verdict for c in decided if questions.dataset_of(c) == dataset)
        scale = list(panel.verdict_scale) + sorted(set(verdicts) - set(panel.verdict_scale))
        cells = Cells()
        for verdict in scale:
            cells.add(("verdict", verdict), verdicts[verdict])
        cells.add("decided", sum(verdicts.values()))
        cells.line("decided", [("verdict", v) for v in scale])
        tallies = questions.tally([r for c in mine for r in reviews.get(c.pk, [])], asked)
        for i, row in enumerate(tallies):
            for label, count in row["counts"]:
                cells.add((i, label), count)
            cells.add((i, "all"), row["total"])
            cells.line((i, "all"), [(i, label) for label, _ in row["counts"]])
        status = cells.protect(_threshold())

        def shown(key: Any) -> int | None:
            return _shown(cells.value(key), status[key])  # noqa: B023 - used within this iteration

        kinds.append(
            {
                "name": asked.name,
                "cases": len(mine),
                "verdict_question": asked.verdict,
                "verdicts": [{"verdict": v, "count": shown(("verdict", v))} for v in scale],
                "decided": shown("decided"),
                "answers": [label for label, _ in tallies[0]["counts"]] if tallies else [],
                "questions": [
                    {
                        "question": row["question"].label,
                        "counts": [shown((i, label)) for label, _ in row["counts"]],
                        "total": shown((i, "all")),
                    }
                    for i, row in enumerate(tallies)
                ],
                "suppressed": any(s != Status.SHOWN for s in status.values()),
            }
        )
    return kinds


def _referrals(findings: QuerySet[Finding], today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for finding in findings.select_related("response", "case").order_by("raised_at", "pk"):
        response = getattr(finding, "response", None)
        rows.append(
            {
                "number": finding.pk,
                "case": finding.case.number if finding.case else None,
                "summary": finding.summary,
                "theme": finding.theme,
                "raised_on": timezone.localtime(finding.raised_at).date().isoformat(),
                "due_on": finding.due_on.isoformat(),
                "overdue": finding.is_overdue(today),
                "answer": response.get_answer_display() if response else None,
                "action_taken": response.action_taken if response else "",
                "officer_learning": response.officer_learning if response else "",
                "answered_on": timezone.localtime(response.answered_at).date().isoformat() if response else None,
                "due_text": govuk_date(finding.due_on),
                "answered_text": govuk_date(timezone.localtime(response.answered_at).date()) if response else "",
            }
        )
    return rows


def _content(
    panel: Panel, title: str, period: str, cases: QuerySet[Case], findings: QuerySet[Finding]
) -> dict[str, Any]:
    everything = list(cases.select_related("sample__meeting"))
    decided = [c for c in everything if c.decided_at is not None and c.verdict]
    grid = _verdict_grid(panel, decided)
    themes = _themes(panel, decided)
    bwv = _bwv(everything)
    # With too few decided cases there is nothing to break down; each kind's own count of
    # cases is a count of people, protected like the rest.
    kinds = [] if grid.get("too_few") else _by_kind(panel, everything, decided)
    for kind in kinds:
        kind["cases"] = _count(kind["cases"])
    return {
        "title": title,
        "panel": panel.name,
        "force": panel.force.name,
        "period": period,
        "threshold": _threshold(),
        "cases_sampled": _count(len(everything)),
        "cases_decided": _count(len(decided)),
        "grid": grid,
        "themes": themes,
        "bwv": bwv,
        "kinds": kinds,
        "referrals": _referrals(findings, timezone.localdate()),
        "suppressed": grid["suppressed"]
        or themes["suppressed"]
        or bwv["suppressed"]
        or 0 < len(everything) < _threshold()
        or any(k["suppressed"] for k in kinds),
        "summaries": [],
        "made_at": timezone.now().isoformat(timespec="seconds"),
    }


def meeting_report(meeting: Meeting) -> dict[str, Any]:
    """The meeting's report, small numbers protected, ready to show or publish."""
    panel = meeting.panel
    content = _content(
        panel,
        meeting_title(meeting),
        f"the panel’s meeting of {govuk_date(meeting.held_on)}",
        Case.objects.filter(sample__meeting=meeting),
        Finding.objects.filter(meeting=meeting),
    )
    if meeting.public_summary:
        content["summaries"] = [{"meeting": govuk_date(meeting.held_on), "text": meeting.public_summary}]
    return content


def quarter_report(panel: Panel, start: dt.date) -> dict[str, Any]:
    """The quarter's report: every meeting held in it, small numbers protected."""
    end = quarter_end(start)
    meetings = Meeting.objects.filter(panel=panel, held_on__gte=start, held_on__lte=end).order_by("held_on")
    content = _content(
        panel,
        quarter_title(panel, start),
        f"the panel’s meetings from {quarter_label(start)}",
        Case.objects.filter(sample__meeting__in=meetings),
        Finding.objects.filter(meeting__in=meetings),
    )
    content["summaries"] = [
        {"meeting": govuk_date(m.held_on), "text": m.public_summary} for m in meetings if m.public_summary
    ]
    content["meetings"] = [govuk_date(m.held_on) for m in meetings]
    return content
