"""Retention of victims' and complaints' records: a month is erased whole once its last day is
PARITY_VICTIMS_RETENTION_DAYS past, by the scheduled job, audited by force, month and count
only; a file cannot bring an erased month back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from parity.accounts.models import AuditEvent
from parity.jobs import registry, runner
from parity.victims import retention
from parity.victims.importing.detect import ingest
from parity.victims.models import Allegation, Complaint, ComplaintUnit, Victim, VictimUnit
from tests.victims.extracts import complaints_sample, sample, write, write_complaints

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(tmp_path: Path) -> None:
    """Kent's sample: victims of March (4) and April (4) 2024; complaints of March (2) and April (1)."""
    report = ingest([write(tmp_path / "v.csv", sample()), write_complaints(tmp_path / "c.csv", complaints_sample())])
    assert not report.refused, report


def test_the_default_is_six_years_after_the_month() -> None:
    assert django_settings.PARITY_VICTIMS_RETENTION_DAYS == 2190
    # 31 March 2024 + 2,190 days is 30 March 2030 (29 February 2028 falls between): kept that day, gone the next
    assert retention.past_retention(date(2024, 3, 1), today=date(2030, 3, 30)) is False
    assert retention.past_retention(date(2024, 3, 1), today=date(2030, 3, 31)) is True


def test_a_month_is_kept_until_its_last_day_is_past_retention(settings: Any) -> None:
    settings.PARITY_VICTIMS_RETENTION_DAYS = 30
    # 31 March + 30 days is 30 April: March is kept on that day and erased the day after
    assert not retention.past_retention(date(2024, 3, 1), today=date(2024, 4, 30))
    assert retention.past_retention(date(2024, 3, 1), today=date(2024, 5, 1))
    assert not retention.past_retention(date(2024, 4, 1), today=date(2024, 5, 1))


def test_the_job_erases_the_months_past_retention_and_audits_each(held: None, settings: Any) -> None:
    settings.PARITY_VICTIMS_RETENTION_DAYS = 30
    assert retention.erase_expired(today=date(2024, 5, 1)) == 4 + 2  # March's victims and complaints
    assert set(VictimUnit.objects.values_list("month", flat=True)) == {date(2024, 4, 1)}
    assert Victim.objects.count() == 4 and not Victim.objects.filter(date_reported__month=3).exists()
    assert set(ComplaintUnit.objects.values_list("month", flat=True)) == {date(2024, 4, 1)}
    assert list(Complaint.objects.values_list("case_reference", flat=True)) == ["CO/3"]
    assert set(Allegation.objects.values_list("complaint__case_reference", flat=True)) == {"CO/3"}
    events = AuditEvent.objects.filter(action="delete").order_by("pk")
    summaries = [e.summary for e in events]
    assert summaries == [
        "Retention period ended: 4 victims' records of Kent reported in March 2024 erased (kept 30 days after the "
        "month)",
        "Retention period ended: 2 complaints (with their allegations) of Kent received in March 2024 erased (kept "
        "30 days after the month)",
    ]
    assert [e.object_id for e in events] == ["kent 2024-03", "kent 2024-03"]
    assert not any("KT/" in s or "CO/" in s for s in summaries)  # no crime or case reference
    assert retention.erase_expired(today=date(2024, 5, 1)) == 0  # nothing more is due


def test_the_scheduled_job_runs_it_as_the_job(held: None, settings: Any) -> None:
    settings.PARITY_VICTIMS_RETENTION_DAYS = 1
    job = registry.find("erase-victims-records")
    assert job.target == "parity.victims.retention.erase_expired" and job.every_minutes == registry.DAILY
    assert runner.run("erase-victims-records") == "11"  # every month of 2024 is long past a day
    assert not VictimUnit.objects.exists() and not ComplaintUnit.objects.exists()
    assert set(AuditEvent.objects.filter(action="delete").values_list("actor_label", flat=True)) == {
        "scheduled job (erase-victims-records)"
    }


def test_a_file_cannot_bring_back_a_month_past_retention(tmp_path: Path, settings: Any) -> None:
    settings.PARITY_VICTIMS_RETENTION_DAYS = 30
    report = ingest([write(tmp_path / "v.csv", sample())])
    assert report.refused and "past the retention period (30 days after the month)" in report.files[0].message
    assert not Victim.objects.exists() and not VictimUnit.objects.exists()
