"""The workforce dashboard's tables as CSV and JSON, and its API: force analysts and
administrators only, every download and call audited like the page, the same protected
figures, never a pseudonym."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parity.accounts.models import AuditEvent
from parity.accounts.tokens import issue_token
from parity.analysis.rules import Rules
from parity.hr import page
from parity.hr.dashboard import state
from parity.hr.page import dashboard_body
from parity.hr.tables import figures_json
from parity.workforce.hr_example import load_example
from parity.workforce.models import HrPerson, WorkforceTarget
from tests import attacker
from tests.pagecheck import CheckedClient
from tests.roles import Case, RoleTable, RoleWorld

pytestmark = pytest.mark.django_db

TABLES = RoleTable(
    routes={
        "targets-csv": lambda w: f"/hr/{w.home.slug}/tables/targets.csv",
        "targets-json": lambda w: f"/hr/{w.home.slug}/tables/targets.json",
        "not-held": lambda w: f"/hr/{w.home.slug}/tables/retention.json",
        "other-force": lambda w: f"/hr/{w.other.slug}/tables/targets.csv",
    },
    table="""
        persona                  targets-csv  targets-json  not-held  other-force
        anonymous                sign-in      sign-in       sign-in   sign-in
        no-role                  403          403           403       403
        analyst                  200          200           404       403
        analyst/unverified       2fa          2fa           2fa       2fa
        analyst@other-force      403          403           403       200
        force-admin              200          200           404       403
        force-admin@other-force  403          403           403       200
        officer                  403          403           403       403
        supervisor               403          403           403       403
        panel-member             403          403           403       403
        board-member             403          403           403       403
        action-owner             403          403           403       403
    """,
)
API = RoleTable(
    routes={
        "api": lambda w: f"/api/hr/forces/{w.home.slug}/dashboard",
        "api-other": lambda w: f"/api/hr/forces/{w.other.slug}/dashboard",
    },
    table="""
        persona                  api  api-other
        anonymous                401  401
        no-role                  403  403
        analyst                  200  403
        analyst@other-force      403  200
        force-admin              200  403
        force-admin@other-force  403  200
        officer                  403  403
        supervisor               403  403
        panel-member             403  403
        board-member             403  403
        action-owner             403  403
    """,
)


@pytest.fixture
def targets(role_world: RoleWorld) -> None:
    for force in (role_world.home, role_world.other):
        WorkforceTarget.objects.create(
            force=force, title="12% of officers by 2030 (fictional)", kind="share", value="0.12",
            start=date(2023, 3, 31), deadline=date(2030, 3, 31),
        )  # fmt: skip


@TABLES.parametrize
def test_who_may_download_the_dashboard_s_tables(case: Case, role_world: RoleWorld, targets: None) -> None:
    case.check(role_world)


@API.parametrize
def test_who_may_call_the_dashboard_s_api(case: Case, role_world: RoleWorld, targets: None) -> None:
    case.check(role_world)


def _csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode())))


def test_every_table_as_csv_and_json_with_the_dashboard_s_figures(role_world: RoleWorld, tmp_path: Path) -> None:
    force = role_world.home
    assert not load_example(tmp_path, force.slug).refused
    client = role_world.client("analyst")
    pseudonyms = list(HrPerson.objects.values_list("pseudonym", flat=True)[:500])
    for table in ("representation", "recruitment", "positive-action", "retention"):
        before = AuditEvent.objects.filter(action="view", force=force).count()
        as_json = client.get(f"/hr/{force.slug}/tables/{table}.json")
        as_csv = client.get(f"/hr/{force.slug}/tables/{table}.csv")
        assert as_json.status_code == as_csv.status_code == 200, table
        assert AuditEvent.objects.filter(action="view", force=force).count() == before + 2  # each audited
        assert "no-store" in as_csv["Cache-Control"]
        assert as_csv["Content-Disposition"] == f'attachment; filename="{force.slug}-workforce-{table}-fictional.csv"'
        assert as_json.json()["fictional"] is True
        text = as_csv.content.decode() + as_json.content.decode()
        assert not any(p in text for p in pseudonyms)
    retention = client.get(f"/hr/{force.slug}/tables/retention.json").json()
    rows = _csv(client.get(f"/hr/{force.slug}/tables/retention.csv").content)
    white = next(g for g in retention["leaving"]["groups"] if g["code"] == "white")
    row = next(r for r in rows if r["event"] == "left" and r["code"] == "white")
    assert (int(row["events"]), int(row["people"]), float(row["rate"])) == (
        white["events"],
        white["people"],
        white["rate"],
    )
    assert {r["event"] for r in rows} >= {"left", "left from constable", "promoted from constable"}
    hidden = [r for r in rows if r["suppressed"] == "True"]
    assert hidden and all(r["events"] == r["people"] == r["rate"] == "" for r in hidden)
    # what the downloads publish gives no hidden count back
    assert attacker.recovered(attacker.retention_table(retention), Rules().disclosure_threshold) == []
    funnel = _csv(client.get(f"/hr/{force.slug}/tables/recruitment.csv").content)
    assert {"stage", "group", "selection_rate", "against_white_ratio", "against_white_fisher_p"} <= set(funnel[0])
    assert client.get(f"/hr/{force.slug}/tables/nothing.csv").status_code == 404


def test_the_api_answers_by_token_and_is_audited(role_world: RoleWorld, tmp_path: Path) -> None:
    force = role_world.home
    assert not load_example(tmp_path, force.slug).refused
    _, raw = issue_token(role_world.user("force-admin"), "Workforce reports")
    before = AuditEvent.objects.filter(action="view", force=force).count()
    response = CheckedClient().get(f"/api/hr/forces/{force.slug}/dashboard", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    body = response.json()
    assert AuditEvent.objects.filter(action="view", force=force).count() == before + 1
    assert body["force"] == force.slug and body["fictional"] is True and body["as_at"] == "2025-03-31"
    assert {t["part"] for t in body["representation"]["tables"]} >= {"Police officers", "Constable"}
    assert body["retention"]["leaving_by_rank"] and body["recruitment"]["steps"]
    assert body["targets"] is None and body["missing"] == []
    assert not any(p in response.content.decode() for p in HrPerson.objects.values_list("pseudonym", flat=True)[:500])


def test_the_dashboard_is_serialised_once_per_state_and_each_call_audited_with_one_insert(
    role_world: RoleWorld, tmp_path: Path
) -> None:
    force = role_world.home
    assert not load_example(tmp_path, force.slug).refused
    kept = figures_json(force)
    assert figures_json(force) is kept  # the JSON is kept, not made again
    assert page._body(force.pk, state(force)) is page._body(force.pk, state(force))
    _, raw = issue_token(role_world.user("analyst"), "Workforce reports")
    client = CheckedClient()
    path = f"/api/hr/forces/{force.slug}/dashboard"
    client.get(path, headers={"Authorization": f"Bearer {raw}"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.content == kept
    written = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "BEGIN", "SAVEPOINT", "RELEASE"))
    ]
    assert len(written) == 1 and AuditEvent._meta.db_table in written[0], written  # the audit row, nothing else
    WorkforceTarget.objects.create(
        force=force, title="12% by 2030 (fictional)", kind="share", group="minority", worker_type="officer",
        value=Decimal("0.12"), start=date(2023, 3, 31), deadline=date(2030, 3, 31),
    )  # fmt: skip
    assert b"12% by 2030 (fictional)" in figures_json(force)  # a new target: made again
    assert "12% by 2030 (fictional)" in dashboard_body(force)
