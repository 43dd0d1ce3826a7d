"""Each scheduled job does its domain's work, attributed to the job in the audit trail."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from django.db.models import Max

from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.roles import Role
from parity.jobs import registry, runner
from parity.powers.coverage import month_range
from parity.powers.fetch import fetch_new_months
from parity.powers.models import SourceFile
from parity.powers.police_uk_api import PoliceUkClient, TokenBucket
from parity.reference.models import Force
from parity.scrutiny.models import Member, Panel


def test_every_job_names_a_service_that_exists() -> None:
    from django.utils.module_loading import import_string

    for job in registry.JOBS:
        assert callable(import_string(job.target)), job.name
    assert len({job.name for job in registry.JOBS}) == len(registry.JOBS)
    with pytest.raises(KeyError, match="no scheduled job is called 'nope'"):
        registry.find("nope")


@pytest.mark.django_db
def test_a_job_runs_its_service_as_the_scheduled_job() -> None:
    force = Force.objects.get(slug="west-midlands")
    panel = Panel.objects.create(force=force, name="Youth panel", kind=Panel.Kind.YOUTH)
    user = User.objects.create_user("ended@jobs.test", password=None)
    Member.objects.create(panel=panel, user=user, joined_on=dt.date(2019, 1, 1), term_ends_on=dt.date(2021, 1, 1))
    RoleAssignment.objects.create(user=user, role=Role.PANEL_MEMBER, force=force, panel=panel)

    result = runner.run("end-panel-terms")

    assert result == "1 done"  # how many, never who
    assert not RoleAssignment.objects.filter(user=user).exists()
    revoked = AuditEvent.objects.get(object_type="accounts.roleassignment", action="delete")
    assert revoked.actor_label == "scheduled job (end-panel-terms)"


def _next(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


@pytest.mark.django_db
def test_the_monthly_update_asks_only_for_months_not_held(loaded: object) -> None:
    held = dict(
        SourceFile.objects.filter(dataset="stop-search").values_list("force__slug").annotate(latest=Max("month"))
    )
    newest = max(held.values())
    last = _next(newest)  # the month data.police.uk would publish next
    today = dt.date(int(_next(last)[:4]), int(_next(last)[5:]), 10)
    asked: list[tuple[str, str]] = []

    def not_published_yet(request: httpx.Request) -> httpx.Response:
        asked.append((request.url.params["force"], request.url.params["date"]))
        return httpx.Response(404)

    client = PoliceUkClient(
        transport=httpx.MockTransport(not_published_yet), sleep=lambda s: None, bucket=TokenBucket(sleep=lambda s: None)
    )
    reports = fetch_new_months(client, today=today)

    expected = [(force, month) for force, latest in sorted(held.items()) for month in month_range(latest, last)[1:]]
    assert sorted(asked) == sorted(expected)
    assert all(not r.saved and r.imported is None for r in reports.values())
    assert set(reports) == set(held)

    asked.clear()  # a month earlier, forces already holding the newest month are up to date
    fetch_new_months(client, today=dt.date(int(last[:4]), int(last[5:]), 10))
    assert {force for force, _ in asked} == {force for force, latest in held.items() if latest < newest}
