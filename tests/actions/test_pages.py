"""A month's cycle through the pages, as the secretary, an owner and the board do it, and
what the public then sees. Every page fetched is page-checked (tests/pagecheck.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parity.actions import register
from parity.actions.example import register_csv
from parity.actions.models import Action, Evidence, Report, Snapshot, Status
from tests.actions.helpers import Plan
from tests.pagecheck import CheckedClient, text
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db


def _messages(page: object) -> str:
    return " ".join(text(b) for b in page.select(".govuk-notification-banner"))  # type: ignore[attr-defined]


def test_the_board_imports_a_register_from_the_page(role_world: RoleWorld) -> None:
    board = role_world.client("board-member")
    owner = role_world.user("action-owner")
    assert owner is not None
    upload = SimpleUploadedFile("plan.csv", register_csv(date(2026, 7, 1), [owner.email]).encode(), "text/csv")
    page = board.post(f"/actions/{role_world.home.slug}/import", {"file": upload}).page
    assert "Actions: 35 added, 0 changed." in text(page)
    assert Action.objects.filter(force=role_world.home).count() == 35
    register = board.get(f"/actions/{role_world.home.slug}/").page
    assert "Illustrative example." in text(register.select_one(".govuk-warning-text"))
    assert len(register.select("tbody tr")) >= 35


def test_a_refused_import_lists_the_problems_and_keeps_nothing(role_world: RoleWorld) -> None:
    board = role_world.client("board-member")
    bad = "source_reference,recommendation_reference,action_title,due_on\nRES,R1,Brief,tomorrow\n"
    response = board.post(
        f"/actions/{role_world.home.slug}/import", {"file": SimpleUploadedFile("bad.csv", bad.encode())}
    )
    page = response.page
    assert response.status_code == 200 and page.title.string.startswith("Error: Import a register")
    problems = text(page.select_one("main"))
    assert "bad.csv, line 2, due_on 'tomorrow': is not a date" in problems
    assert "bad.csv, line 2: A new source needs" not in problems  # checked before saving: reading problems only
    assert not Action.objects.filter(force=role_world.home).exists()


def test_the_board_adds_a_source_recommendation_and_action(role_world: RoleWorld) -> None:
    board = role_world.client("board-member")
    owner = role_world.user("action-owner")
    assert owner is not None
    f = role_world.home.slug
    response = board.post(
        f"/actions/{f}/sources/add",
        {"kind": "hmicfrs", "title": "Disproportionate use of police powers", "reference": "HMI-2021"},
    )
    source = role_world.home.action_sources.get()
    assert response["Location"] == f"/actions/{f}/sources/{source.pk}/recommendations/add"
    again = board.post(f"/actions/{f}/sources/add", {"kind": "iopc", "title": "Other", "reference": "hmi-2021"})
    assert "West Midlands already has a source called hmi-2021" in text(again.page.select_one(".govuk-error-summary"))
    board.post(
        f"/actions/{f}/sources/{source.pk}/recommendations/add",
        {"reference": "4", "text": "Forces should explain disproportionality.", "theme": "stop-and-search"},
    )
    rec = source.recommendations.get()
    response = board.post(
        f"/actions/{f}/recommendations/{rec.pk}/actions/add",
        {
            "title": "Publish an explanation of our ratio",
            "owner": str(owner.pk),
            "due_on-day": "31",
            "due_on-month": "3",
            "due_on-year": "2027",
        },
    )
    action = rec.actions.get()
    assert response["Location"] == f"/actions/{f}/actions/{action.pk}/"
    assert action.reference == "4.1" and action.owner == owner and action.due_on == date(2027, 3, 31)
    assert not action.published


def test_only_action_owners_can_be_chosen_as_owners(role_world: RoleWorld, plan: Plan) -> None:
    board = role_world.client("board-member")
    analyst = role_world.user("analyst")
    assert analyst is not None
    page = board.get(f"/actions/{role_world.home.slug}/actions/{plan.action.pk}/edit").page
    options = {o.get("value") for o in page.select("select#id_owner option")}
    assert str(plan.owner.pk) in options and str(analyst.pk) not in options


def test_an_owner_writes_an_update_adds_a_file_and_asks_for_sign_off(role_world: RoleWorld, plan: Plan) -> None:
    owner = role_world.client("action-owner")
    base = f"/actions/{role_world.home.slug}/actions/{plan.action.pk}"
    blank = owner.post(f"{base}/update", {"status": "on-track", "note": ""})
    assert "Write what has happened since the last update" in text(blank.page.select_one(".govuk-error-summary"))
    done = owner.post(f"{base}/update", {"status": "at-risk", "note": "Two teams left to brief.", "public": "on"})
    assert done.status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.status == Status.AT_RISK
    update = plan.action.updates.get()
    assert update.public and update.written_on == timezone.localdate() and update.author == plan.owner
    upload = SimpleUploadedFile("briefing.pdf", b"%PDF-1.4 briefing record", "application/pdf")
    owner.post(f"{base}/evidence/file", {"title": "Briefing record", "file": upload})
    evidence = Evidence.objects.get(action=plan.action)
    assert evidence.file_name == "briefing.pdf" and evidence.file_size == 24 and len(evidence.sha256) == 64
    wrong = owner.post(f"{base}/evidence/file", {"file": SimpleUploadedFile("run.exe", b"MZ")})
    assert "The file must be one of" in text(wrong.page.select_one(".govuk-error-summary"))
    owner.post(f"{base}/sign-off", {"note": "Every team briefed; record attached."})
    page = owner.get(f"{base}/").page
    assert "Asked for on" in text(page) and "waiting for the board" in text(page)
    download = role_world.client("board-member").get(f"{base}/evidence/{evidence.pk}")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 briefing record"
    assert download["Content-Disposition"] == 'attachment; filename="briefing.pdf"'


def test_the_board_approves_and_the_public_sees_it(role_world: RoleWorld, plan: Plan) -> None:
    owner = role_world.client("action-owner")
    base = f"/actions/{role_world.home.slug}/actions/{plan.action.pk}"
    owner.post(f"{base}/evidence/link", {"title": "Minutes", "url": "https://example.org/minutes", "public": "on"})
    owner.post(f"{base}/update", {"status": "on-track", "note": "Internal detail only.", "public": ""})
    owner.post(f"{base}/sign-off", {"note": "Done."})
    board = role_world.client("board-member")
    unsaid = board.post(f"{base}/decide", {"kind": ""})
    assert "Choose the board's decision" in text(unsaid.page.select_one(".govuk-error-summary"))
    assert board.post(f"{base}/decide", {"kind": "approved", "note": "Minutes seen."}).status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.status == Status.COMPLETE and plan.action.completed_on == timezone.localdate()
    signed_off = text(board.get(f"{base}/").page)
    assert "decided: complete" in signed_off and "waiting for the board" not in signed_off
    public = CheckedClient().get(f"/actions/public/{role_world.home.slug}/actions/{plan.action.pk}/").page
    shown = text(public)
    assert "Complete, signed off on" in shown and "Minutes" in shown
    assert "Internal detail only." not in shown and str(plan.owner) not in shown
    listing = text(CheckedClient().get(f"/actions/public/{role_world.home.slug}/").page)
    assert plan.action.title in listing and plan.other_action.title not in listing


def test_a_month_end_snapshot_and_reports_from_the_pages(role_world: RoleWorld, plan: Plan) -> None:
    board = role_world.client("board-member")
    f = role_world.home.slug
    month = timezone.localdate().strftime("%Y-%m")
    wrong = board.post(f"/actions/{f}/snapshots/take", {"month": "September"})
    assert "Enter the month like 2026-09" in text(wrong.page.select_one(".govuk-error-summary"))
    assert board.post(f"/actions/{f}/snapshots/take", {"month": month}).status_code == 302
    snapshot = Snapshot.objects.get(force=role_world.home, month=month)
    assert [r["reference"] for r in snapshot.data["rows"]] == ["R1.1", "R1.2"]
    page = board.get(f"/actions/{f}/snapshots/{month}/").page
    assert "This is the first monthly snapshot" in text(page)
    made = board.post(f"/actions/{f}/reports/make", {"kind": "steering-group", "period": month})
    pack = Report.objects.get(force=role_world.home, kind="steering-group")
    assert made["Location"] == f"/actions/{f}/reports/{pack.pk}/" and pack.snapshot == snapshot
    shown = board.get(f"/actions/{f}/reports/{pack.pk}/").page
    assert "What changed since last month" in text(shown)
    pdf = board.get(f"/actions/{f}/reports/{pack.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    bad = board.post(f"/actions/{f}/reports/make", {"kind": "public", "period": month})
    assert "The public report is for a quarter" in text(bad.page.select_one(".govuk-error-summary"))
    quarter = f"{timezone.localdate().year}-Q{(timezone.localdate().month - 1) // 3 + 1}"
    board.post(f"/actions/{f}/reports/make", {"kind": "public", "period": quarter})
    public = Report.objects.get(force=role_world.home, kind="public")
    assert CheckedClient().get(f"/actions/public/{f}/reports/{public.pk}/").status_code == 404
    board.post(f"/actions/{f}/reports/{public.pk}/publish")
    seen = CheckedClient().get(f"/actions/public/{f}/reports/{public.pk}/").page
    assert plan.action.title in text(seen) and plan.other_action.title not in text(seen)
    assert CheckedClient().get(f"/actions/public/{f}/reports/{public.pk}.pdf").content.startswith(b"%PDF")


def test_the_register_filters_by_rating_and_owner(role_world: RoleWorld, plan: Plan) -> None:
    owner = role_world.client("action-owner")
    f = role_world.home.slug
    mine = text(owner.get(f"/actions/{f}/?mine=1").page)
    assert plan.action.title in mine and plan.other_action.title not in mine
    green = text(owner.get(f"/actions/{f}/?rating=red").page)
    assert "No action matches." in green


def test_the_register_is_searched_filtered_by_any_owner_and_sorted_by_due_date(
    role_world: RoleWorld, plan: Plan
) -> None:
    board = role_world.client("board-member")
    f = role_world.home.slug
    later = register.add_action(plan.recommendation, title="Publish the findings", owner=None, due_on=date(2028, 1, 31))
    soon = register.add_action(plan.recommendation, title="Train the supervisors", owner=None, due_on=date(2026, 1, 15))
    undated = register.add_action(plan.recommendation, title="Review the forms", owner=None, due_on=None)

    found = text(board.get(f"/actions/{f}/?q=CHECK+records").page)
    assert plan.other_action.title in found and plan.action.title not in found and "Showing 1 of 5 actions." in found
    by_recommendation = text(board.get(f"/actions/{f}/?q=explain+search").page)  # words of the recommendation
    assert "Showing 5 of 5 actions." in by_recommendation
    assert "No action matches." in text(board.get(f"/actions/{f}/?q=firearms").page)

    page = board.get(f"/actions/{f}/?owner={plan.other_owner.pk}").page
    assert [o.get_text() for o in page.select("#filter-owner option[selected]")] == ["Other Owner"]
    assert plan.other_action.title in text(page) and plan.action.title not in text(page)
    nobody = text(board.get(f"/actions/{f}/?owner=none").page)
    assert later.title in nobody and plan.action.title not in nobody and plan.other_action.title not in nobody

    page = board.get(f"/actions/{f}/?sort=due").page
    (table,) = [t for t in page.select("table") if "by due date" in text(t.caption)]
    everything = (soon, plan.action, plan.other_action, later, undated)
    order = [next(a for a in everything if a.title in text(r)) for r in table.select("tbody th[scope=row]")]
    assert order == [soon, plan.action, plan.other_action, later, undated]


def test_the_export_downloads_the_whole_register(role_world: RoleWorld, plan: Plan) -> None:
    response = role_world.client("action-owner").get(f"/actions/{role_world.home.slug}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert len(lines) == 3 and lines[1].startswith("RES,local-research,")


def test_an_action_shows_the_trend_of_its_measure_with_a_table(role_world: RoleWorld, plan: Plan, loaded: Path) -> None:
    owner = role_world.client("action-owner")
    base = f"/actions/{role_world.home.slug}/actions/{plan.action.pk}"
    white = owner.post(f"{base}/measures/add", {"kind": "stop-search-ratio", "group": "White"})
    assert "choose another group" in text(white.page.select_one(".govuk-error-summary"))
    owner.post(f"{base}/measures/add", {"kind": "stop-search-ratio", "group": "Black"})
    page = owner.get(f"{base}/").page
    figure = page.select_one("figure.parity-chart")
    assert figure is not None
    assert "How many times more often Black people were stopped and searched than White people" in text(figure)
    assert "Parity holds records for West Midlands up to March 2021." in text(figure)
    rows = figure.select("table tbody tr")  # records from January 2019: windows end December 2019 onwards
    assert len(rows) == 16 and text(rows[0].select_one("th")) == "12 months to December 2019"
    assert text(rows[-1].select_one("th")) == "12 months to March 2021"
