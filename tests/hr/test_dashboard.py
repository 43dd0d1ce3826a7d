"""The workforce dashboard: force analysts and administrators only, every view audited, only
counts shown (never a pseudonym), the fictional extract labelled, targets added by admins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from parity.accounts.models import AuditEvent
from parity.hr.dashboard import add_target, dashboard
from parity.workforce.hr_example import load_example
from parity.workforce.models import HrExtract, HrPerson, WorkforceTarget
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db

PAGES = RoleTable(
    routes={
        "home": "/hr/",
        "dashboard": lambda w: f"/hr/{w.home.slug}/",
        "add-target": lambda w: f"/hr/{w.home.slug}/targets/add",
        "save-target": Route(lambda w: f"/hr/{w.home.slug}/targets/add", method="post"),
    },
    table="""
        persona                  home     dashboard  add-target  save-target
        anonymous                sign-in  sign-in    sign-in     sign-in
        no-role                  403      403        403         403
        analyst                  302      200        403         403
        analyst/unverified       2fa      2fa        2fa         2fa
        analyst@other-force      302      403        403         403
        force-admin              302      200        200         200
        force-admin@other-force  302      403        403         403
        officer                  403      403        403         403
        panel-member             403      403        403         403
        board-member             403      403        403         403
    """,
)


@PAGES.parametrize
def test_who_sees_the_workforce_dashboard(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def test_the_dashboard_shows_figures_never_people_and_every_view_is_audited(
    role_world: RoleWorld, tmp_path: Path
) -> None:
    force = role_world.home
    assert not load_example(tmp_path, force.slug).refused
    client = role_world.client("force-admin")
    saved = client.post(
        f"/hr/{force.slug}/targets/add",
        {
            "title": "12% of officers from minority ethnic groups by 2030 (fictional)",
            "kind": "share", "group": "minority", "worker_type": "officer", "value": "12%",
            "start-day": "31", "start-month": "3", "start-year": "2023",
            "deadline-day": "31", "deadline-month": "3", "deadline-year": "2030",
        },
    )  # fmt: skip
    assert saved.status_code == 302
    target = WorkforceTarget.objects.get(force=force)
    assert float(target.value) == 0.12
    assert AuditEvent.objects.filter(object_type__icontains="workforcetarget", action="create").exists()
    before = AuditEvent.objects.filter(action="view", force=force).count()
    page = client.get(f"/hr/{force.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert AuditEvent.objects.filter(action="view", force=force).count() == before + 1
    assert "Fictional figures" in html
    for heading in ("Who works here", "Recruitment", "Who leaves and who is promoted", "Targets"):
        assert heading in html
    assert "Projected at the present rate" in html and "Passed the assessment" in html
    assert "still in the process after each stage" in html  # the funnel chart and its table
    assert not any(p in html for p in HrPerson.objects.values_list("pseudonym", flat=True)[:200])
    assert "FICT" not in html


def test_a_bad_target_is_refused_on_the_form(role_world: RoleWorld) -> None:
    client = role_world.client("force-admin")
    page = client.post(
        f"/hr/{role_world.home.slug}/targets/add",
        {
            "title": "Everyone", "kind": "share", "group": "black", "worker_type": "officer", "value": "150%",
            "start-day": "1", "start-month": "4", "start-year": "2030",
            "deadline-day": "1", "deadline-month": "4", "deadline-year": "2026",
        },
    )  # fmt: skip
    assert page.status_code == 200
    html = page.content.decode()
    assert "Enter a share above 0% and below 100%" in html and "The deadline must be after" in html
    assert not WorkforceTarget.objects.exists()


def test_the_dashboard_is_worked_out_once_until_a_target_or_an_extract_changes(
    role_world: RoleWorld, tmp_path: Path
) -> None:
    force = role_world.home
    assert not load_example(tmp_path, force.slug).refused
    first = dashboard(force)
    assert dashboard(force) is first and first.targets == []  # kept: the same answer, not worked out again
    add_target(
        force,
        {"title": "12% by 2030 (fictional)", "kind": "share", "group": "minority", "worker_type": "officer",
         "value": "12%", "start": date(2023, 3, 31), "deadline": date(2030, 3, 31)},
    )  # fmt: skip
    with_target = dashboard(force)
    assert with_target is not first and len(with_target.targets) == 1
    HrPerson.objects.filter(force=force).delete()  # what an import replacing the people would change ...
    HrExtract.objects.filter(force=force, layout="people").update(sha256="0" * 64)  # ... with its digest
    assert dashboard(force) is not with_target
