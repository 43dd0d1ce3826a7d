"""Who may open each action plan page: board members and owners read the force's plan;
owners change their own actions only; the board changes the plan and decides; everyone
else, signed in or not, sees published items only. Every refusal is audited (tests/roles.py)."""

from __future__ import annotations

from datetime import date

import pytest

from parity.actions import snapshots
from parity.actions.models import Evidence, Report, ReportKind
from tests.actions.helpers import Plan
from tests.roles import Case, RoleTable, RoleWorld, Route


def _p(w: RoleWorld) -> Plan:
    return w.plan  # type: ignore[attr-defined, no-any-return]


def _a(w: RoleWorld) -> str:
    return f"/actions/{w.home.slug}/actions/{_p(w).action.pk}"


def _other(w: RoleWorld) -> str:
    return f"/actions/{w.home.slug}/actions/{_p(w).other_action.pk}"


def _f(w: RoleWorld) -> str:
    return f"/actions/{w.home.slug}"


@pytest.fixture
def extras(plan: Plan, role_world: RoleWorld) -> None:
    """A snapshot, a report, a milestone and an evidence file, for the routes that need them."""
    snapshots.take(plan.force, "2026-10", on=date(2026, 10, 31))
    report = Report.objects.create(
        force=plan.force,
        kind=ReportKind.PUBLIC,
        period="2026/27-Q2",
        period_label="July to September 2026",
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        version=1,
        as_of=date(2026, 9, 30),
        title="Test report",
        html='<p class="govuk-body">Test</p>',
        pdf=b"%PDF-1.7 test",
        pdf_sha256="0" * 64,
    )
    milestone = plan.action.milestones.create(title="Plan agreed", due_on=date(2027, 1, 31))
    evidence = Evidence.objects.create(action=plan.action, kind="link", title="Minutes", url="https://example.org/m")
    role_world.extras = {"report": report, "milestone": milestone, "evidence": evidence}  # type: ignore[attr-defined]


def _x(w: RoleWorld, name: str) -> int:
    return w.extras[name].pk  # type: ignore[attr-defined, no-any-return]


READING = RoleTable(
    routes={
        "home": "/actions/",
        "plan": lambda w: f"{_f(w)}/",
        "recommendation": lambda w: f"{_f(w)}/recommendations/{_p(w).recommendation.pk}/",
        "action": lambda w: f"{_a(w)}/",
        "history": lambda w: f"{_a(w)}/history",
        "export": lambda w: f"{_f(w)}/export.csv",
    },
    table="""
        persona                  home     plan     recommendation  action   history  export
        anonymous                sign-in  sign-in  sign-in         sign-in  sign-in  sign-in
        no-role                  403      403      403             403      403      403
        analyst                  403      403      403             403      403      403
        analyst/unverified       2fa      2fa      2fa             2fa      2fa      2fa
        panel-member             403      403      403             403      403      403
        force-admin              403      403      403             403      403      403
        action-owner             200      200      200             200      200      200
        action-owner@other-force 200      403      403             403      403      403
        board-member             200      200      200             200      200      200
        board-member@other-force 200      403      403             403      403      403
    """,
)


@READING.parametrize
def test_reading_the_plan(case: Case, role_world: RoleWorld, extras: None) -> None:
    case.check(role_world)


CYCLE = RoleTable(
    routes={
        "snapshots": lambda w: f"{_f(w)}/snapshots/",
        "snapshot": lambda w: f"{_f(w)}/snapshots/2026-10/",
        "reports": lambda w: f"{_f(w)}/reports/",
        "report": lambda w: f"{_f(w)}/reports/{_x(w, 'report')}/",
        "pdf": lambda w: f"{_f(w)}/reports/{_x(w, 'report')}.pdf",
    },
    table="""
        persona                  snapshots  snapshot  reports  report   pdf
        anonymous                sign-in    sign-in   sign-in  sign-in  sign-in
        no-role                  403        403       403      403      403
        analyst                  403        403       403      403      403
        panel-member             403        403       403      403      403
        action-owner             200        200       200      200      200
        action-owner@other-force 403        403       403      403      403
        board-member             200        200       200      200      200
        board-member@other-force 403        403       403      403      403
    """,
)


@CYCLE.parametrize
def test_reading_snapshots_and_reports(case: Case, role_world: RoleWorld, extras: None) -> None:
    case.check(role_world)


OWNING = RoleTable(
    routes={
        "update": lambda w: f"{_a(w)}/update",
        "link": lambda w: f"{_a(w)}/evidence/link",
        "file": lambda w: f"{_a(w)}/evidence/file",
        "milestone": lambda w: f"{_a(w)}/milestones/add",
        "measure": lambda w: f"{_a(w)}/measures/add",
        "sign-off": lambda w: f"{_a(w)}/sign-off",
    },
    table="""
        persona                  update   link     file     milestone  measure  sign-off
        anonymous                sign-in  sign-in  sign-in  sign-in    sign-in  sign-in
        no-role                  403      403      403      403        403      403
        analyst                  403      403      403      403        403      403
        action-owner             200      200      200      200        200      200
        action-owner@other-force 403      403      403      403        403      403
        board-member             403      403      403      403        403      403
        board-member@other-force 403      403      403      403        403      403
    """,
)


@OWNING.parametrize
def test_owners_open_the_pages_for_their_own_actions(case: Case, role_world: RoleWorld, extras: None) -> None:
    case.check(role_world)


OWNER_CHANGES = RoleTable(
    routes={
        "update": Route(lambda w: f"{_a(w)}/update", "post", {"status": "on-track", "note": "Going well."}),
        "done": Route(lambda w: f"{_a(w)}/milestones/{_x(w, 'milestone')}/done", "post"),
        "others-page": lambda w: f"{_other(w)}/update",
        "others-update": Route(lambda w: f"{_other(w)}/update", "post", {"status": "on-track", "note": "Not mine."}),
    },
    table="""
        persona                  update   done     others-page  others-update
        anonymous                sign-in  sign-in  sign-in      sign-in
        no-role                  403      403      403          403
        action-owner             302      302      403          403
        action-owner@other-force 403      403      403          403
        board-member             403      403      403          403
    """,
)


@OWNER_CHANGES.parametrize
def test_owners_update_their_own_actions_only(case: Case, role_world: RoleWorld, extras: None) -> None:
    case.check(role_world)


BOARD = RoleTable(
    routes={
        "source": lambda w: f"{_f(w)}/sources/add",
        "recommendation": lambda w: f"{_f(w)}/sources/{_p(w).source.pk}/recommendations/add",
        "action": lambda w: f"{_f(w)}/recommendations/{_p(w).recommendation.pk}/actions/add",
        "edit": lambda w: f"{_a(w)}/edit",
        "decide": lambda w: f"{_a(w)}/decide",
        "import": lambda w: f"{_f(w)}/import",
        "close": Route(lambda w: f"{_a(w)}/decide", "post", {"kind": "closed", "note": "Superseded."}),
        "snapshot": Route(lambda w: f"{_f(w)}/snapshots/take", "post", {"month": "2026-09"}),
        "publish": Route(lambda w: f"{_f(w)}/reports/{_x(w, 'report')}/publish", "post"),
    },
    table="""
        persona                  source   recommendation  action   edit     decide   import   close    snapshot  publish
        anonymous                sign-in  sign-in         sign-in  sign-in  sign-in  sign-in  sign-in  sign-in   sign-in
        no-role                  403      403             403      403      403      403      403      403       403
        analyst                  403      403             403      403      403      403      403      403       403
        action-owner             403      403             403      403      403      403      403      403       403
        board-member             200      200             200      200      200      200      302      302       302
        board-member@other-force 403      403             403      403      403      403      403      403       403
    """,
)


@BOARD.parametrize
def test_the_board_changes_the_plan_and_decides(case: Case, role_world: RoleWorld, extras: None) -> None:
    case.check(role_world)


PUBLIC = RoleTable(
    routes={
        "index": "/actions/public/",
        "plan": lambda w: f"/actions/public/{w.home.slug}/",
        "published": lambda w: f"/actions/public/{w.home.slug}/actions/{_p(w).action.pk}/",
        "unpublished": lambda w: f"/actions/public/{w.home.slug}/actions/{_p(w).other_action.pk}/",
        "draft-report": lambda w: f"/actions/public/{w.home.slug}/reports/{_x(w, 'report')}/",
        "you-said": lambda w: f"/engagement/public/{w.home.slug}/",
    },
    table="""
        persona        index  plan  published  unpublished  draft-report  you-said
        anonymous      200    200   200        404          404           200
        no-role        200    200   200        404          404           200
        board-member   200    200   200        404          404           200
    """,
)


@PUBLIC.parametrize
def test_the_public_sees_published_items_only(case: Case, role_world: RoleWorld, extras: None) -> None:
    case.check(role_world)
