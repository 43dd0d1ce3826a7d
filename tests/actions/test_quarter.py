"""Done when: a register of 30 recommendations is imported, worked through a quarter of
updates and approvals, and both reports are made, as tagged PDFs whose text is checked.

The register is the illustrative example built by code (parity.actions.example), labelled
as made up; Nottinghamshire's real records give the measures their trend.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from parity.actions import reports
from parity.actions.example import RECOMMENDATIONS, load_example, register_csv
from parity.actions.models import Action, Decision, Recommendation, Report, ReportKind, Snapshot, Source, Status
from parity.actions.snapshots import monthly
from parity.reference.models import Force

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_a_register_worked_through_a_quarter_gives_both_reports(loaded: Path, tmp_path: Path) -> None:
    """One run of the quarter (it takes a while), checked part by part below."""
    force = Force.objects.get(slug="nottinghamshire")
    outcome = load_example(force, quarter="2026/27-Q2", today=date(2026, 10, 2))
    assert outcome.snapshots == ["2026-07", "2026-08", "2026-09"]
    assert [p.period for p in outcome.packs] == ["2026-07", "2026-08", "2026-09"]
    assert outcome.public is not None
    check_updates_and_approvals(force)
    check_snapshots(force)
    check_steering_group_pack(force, tmp_path)
    check_public_report(force, tmp_path)
    check_versions(force)


def test_the_example_register_has_30_recommendations_and_says_it_is_made_up() -> None:
    text = register_csv(date(2026, 7, 1), ["a@example.org"])
    assert len(RECOMMENDATIONS) == 30
    assert len({(source, ref) for source, ref, *_ in RECOMMENDATIONS}) == 30
    lines = text.splitlines()
    assert len(lines) == 1 + sum(len(actions) for *_, actions in RECOMMENDATIONS)
    assert all(",yes," in line and "Illustrative example" in line for line in lines[1:])


def check_updates_and_approvals(quarter: Force) -> None:
    assert Recommendation.objects.filter(force=quarter).count() == 30
    assert Source.objects.filter(force=quarter, illustrative=False).count() == 0
    actions = Action.objects.filter(force=quarter)
    assert actions.count() == 35
    assert actions.filter(added_on=date(2026, 7, 1)).count() == 35
    updated = actions.filter(updates__written_on__range=(date(2026, 7, 1), date(2026, 9, 30))).distinct()
    assert updated.count() >= 30
    approved = Decision.objects.filter(action__force=quarter, kind="approved")
    assert approved.exists() and all(d.decided_on <= date(2026, 9, 30) for d in approved)
    assert actions.filter(status=Status.COMPLETE).count() == approved.count()
    assert actions.filter(status=Status.CLOSED).get().reference == "R6.1"
    for action in actions.filter(status=Status.COMPLETE):
        assert action.evidence.exists() or action.measures.exists(), f"{action} approved without evidence"


def check_snapshots(quarter: Force) -> None:
    """Each monthly snapshot compares with the month before."""
    july, august, september = Snapshot.objects.filter(force=quarter).order_by("month")
    assert monthly(july).previous is None and monthly(july).changes == []
    view = monthly(september)
    assert view.previous == august
    assert view.changes, "a month of updates changed nothing"
    assert {r["reference"] for r in view.overdue} == {r["reference"] for r in september.data["rows"] if r["overdue"]}
    assert all(r["due_on"] < date(2026, 9, 30) for r in view.overdue)
    assert all(r["awaiting"] == "evidence" and r["evidence"] == 0 for r in view.awaiting_evidence)


def check_steering_group_pack(quarter: Force, tmp_path: Path) -> None:
    """The pack is a tagged PDF with every section, and the same body as its HTML."""
    pack = Report.objects.get(force=quarter, kind=ReportKind.STEERING_GROUP, period="2026-09")
    info = pdf_info(bytes(pack.pdf), tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Action plan steering-group pack, September 2026: Nottinghamshire"
    text = pdf_text(bytes(pack.pdf), tmp_path)
    for heading in (
        "Action plan steering-group pack, September 2026: Nottinghamshire",
        "Illustrative example.",
        "What changed since last month",
        "Overdue",
        "Waiting for evidence",
        "Waiting for the board’s decision",
        "No update in September 2026",
        "Board decisions in September 2026",
        "Progress notes in September 2026",
        "Measures the actions are meant to move",
        "You said, we did",
        "The whole register",
    ):
        assert heading in text, heading
    assert "How many times more often Black people were stopped and searched than White people" in text
    assert "Parity holds records for Nottinghamshire up to November 2021." in text
    for action in Action.objects.filter(force=quarter):  # every action is in the register section
        assert re.search(rf"\b{re.escape(action.reference)}\b", text), action.reference
        assert escape(f"{action.reference} {action.title}") in pack.html, action  # titles wrap in PDF table cells
    assert re.search(r"Page 1 of \d+", text)
    assert pack.html.count("<h2") >= 10 and "Illustrative example." in pack.html


def check_public_report(quarter: Force, tmp_path: Path) -> None:
    """The public report is a tagged PDF of published actions only, small counts withheld."""
    public = Report.objects.get(force=quarter, kind=ReportKind.PUBLIC, period="2026/27-Q2")
    assert public.published_on == date(2026, 10, 1) and public.as_of == date(2026, 9, 30)
    info = pdf_info(bytes(public.pdf), tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Action plan progress report, July to September 2026: Nottinghamshire"
    text = pdf_text(bytes(public.pdf), tmp_path)
    published = Action.objects.filter(force=quarter, published=True)
    assert 0 < published.count() < 35
    for action in Action.objects.filter(force=quarter):
        shown = f"{action.reference} {action.title}" in text  # headings: they do not wrap across cells
        assert shown == action.published, action
    assert "Illustrative owner" not in text, "the public report names no owner"
    assert "You said, we did" in text and "Officers in schools and at community events" in text
    # three comments on this theme: too few to publish the number in public, shown to the steering group
    assert "A workforce that reflects the community" in text
    assert "too few comments to publish the number" in text
    pack = Report.objects.get(force=quarter, kind=ReportKind.STEERING_GROUP, period="2026-09")
    assert "3 comments" in pdf_text(bytes(pack.pdf), tmp_path)


def check_versions(quarter: Force) -> None:
    """Making a report again adds a version and leaves the first alone."""
    first = Report.objects.get(force=quarter, kind=ReportKind.PUBLIC, period="2026/27-Q2")
    html, digest = first.html, first.pdf_sha256
    second = reports.public_report(quarter, "2026/27-Q2", on=date(2026, 10, 2))
    assert second.version == 2 and second.published_on is None
    first.refresh_from_db()
    assert first.version == 1 and first.html == html and first.pdf_sha256 == digest
    assert Report.objects.filter(force=quarter, kind=ReportKind.PUBLIC).count() == 2
