"""Building a panel's workflow records for tests, from real stop-and-search records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from parity.accounts.models import User
from parity.powers.models import StopSearch
from parity.scrutiny.models import BwvRequest, Case, Finding, Meeting, Member, Panel, Report, Sample
from parity.scrutiny.redaction import record_key, snapshot
from parity.scrutiny.services import publishing


@dataclass
class PanelRecords:
    """One of everything a panel's pages show: a meeting, its sample and case, a finding, a report."""

    panel: Panel
    meeting: Meeting
    sample: Sample
    case: Case
    finding: Finding
    report: Report
    member: Member


def first_records(panel: Panel, count: int) -> list[StopSearch]:
    """The panel force's first real records in 2021 (the shared data holds 2019 to 2021)."""
    records = StopSearch.objects.filter(force=panel.force, local_date__gte=dt.date(2021, 1, 1)).order_by("pk")
    found = list(records.select_related("source_file")[:count])
    assert len(found) == count, f"{panel.force} holds fewer than {count} records in 2021"
    return found


def make_case(sample: Sample, record: StopSearch, number: int) -> Case:
    return Case.objects.create(
        sample=sample,
        panel=sample.meeting.panel,
        number=number,
        record=record,
        record_key=record_key(record, None),
        snapshot=snapshot(record),
    )


def build(panel: Panel, *, member_user: User | None = None) -> PanelRecords:
    """A meeting with one sampled case, referred to the force as a finding, and a published report.

    Made directly rather than through the pages, so role tables stay quick; the pages that
    make these records are tested in test_cycle.py."""
    meeting = Meeting.objects.create(panel=panel, held_on=dt.date(2026, 11, 3), agenda="Cases from the summer")
    record = first_records(panel, 1)[0]
    sample = Sample.objects.create(
        meeting=meeting,
        rule_key="random",
        rule_label="Simple random sample",
        size=1,
        seed=1,
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        records_in_period=1,
        left_out=0,
        selected=1,
        makeup={},
    )
    case = make_case(sample, record, 1)
    BwvRequest.objects.create(
        case=case, retention_ends_on=dt.date(2021, 2, 1), status=BwvRequest.Status.AVAILABLE, answered_at=timezone.now()
    )
    finding = Finding.objects.create(
        panel=panel, meeting=meeting, case=case, summary="The grounds were not recorded.", due_on=dt.date(2026, 12, 1)
    )
    report = publishing.publish_meeting(meeting)
    user = member_user or User.objects.create_user(f"member-{panel.pk}@panel.test")
    member = Member.objects.create(panel=panel, user=user, role=Member.Role.MEMBER)
    return PanelRecords(panel, meeting, sample, case, finding, report, member)
