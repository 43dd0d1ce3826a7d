"""The scheduled jobs: one line each. Add a job here and `parity worker` schedules it.

A job names a service function that takes no arguments and does the whole piece of work
(safe to run again at any time: each finds what is due and does only that).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

HOURLY = 60
DAILY = 24 * 60


@dataclass(frozen=True)
class Job:
    name: str
    target: str  # dotted path of the service function
    every_minutes: int
    summary: str
    at: dt.time | None = None  # daily jobs: the local time of day they run


JOBS: list[Job] = [
    Job(
        "send-receipts",
        "parity.recording.delivery.send_pending",
        5,
        "Send receipts not sent yet, erasing each contact address once sent.",
    ),
    Job(
        "erase-contact-details",
        "parity.recording.delivery.purge_expired",
        HOURLY,
        "Erase receipt contact details held longer than PARITY_CONTACT_RETENTION_DAYS.",
    ),
    Job(
        "forget-receipt-viewers",
        "parity.recording.retention.forget_receipt_viewers",
        HOURLY,
        "Forget who opened a receipt (look-ups; addresses in the audit trail) after the guessing limit's hour.",
    ),
    Job(
        "send-network-updates",
        "parity.engagement.updates.send_queued",
        5,
        "Send queued updates to community network members, each with its unsubscribe link.",
    ),
    Job(
        "erase-network-members",
        "parity.engagement.network.erase_expired",
        DAILY,
        "Erase community network members held longer than PARITY_NETWORK_RETENTION_DAYS, and unconfirmed sign-ups.",
        at=dt.time(0, 15),
    ),
    Job(
        "erase-victims-records",
        "parity.victims.retention.erase_expired",
        DAILY,
        "Erase months of victims' and complaints' records held longer than PARITY_VICTIMS_RETENTION_DAYS.",
        at=dt.time(0, 25),
    ),
    Job(
        "erase-conversation-registrations",
        "parity.engagement.conversations.erase_expired",
        DAILY,
        "Erase names, addresses and access needs of those registered for a conversation 30 days after it.",
        at=dt.time(0, 20),
    ),
    Job(
        "erase-group-applications",
        "parity.engagement.groups.erase_unconfirmed",
        DAILY,
        "Erase applications to advisory groups that were never confirmed by the e-mailed link.",
        at=dt.time(0, 20),
    ),
    Job(
        "end-panel-terms",
        "parity.scrutiny.services.members.expire_memberships",
        DAILY,
        "Take panel roles from members whose term has ended or who have left.",
        at=dt.time(0, 5),
    ),
    Job(
        "send-notices",
        "parity.accounts.notices.send_pending",
        5,
        "E-mail each notice of what needs someone, to those who want one as each happens.",
    ),
    Job(
        "remind-answers-due",
        "parity.scrutiny.services.notices.remind",
        DAILY,
        "Tell force staff of findings whose answer is due within a week or overdue, and video soon deleted.",
        at=dt.time(6, 30),
    ),
    Job(
        "send-notice-digests",
        "parity.accounts.notices.send_digests",
        DAILY,
        "E-mail each person who chose a daily digest one list of their notices since the last.",
        at=dt.time(7, 0),
    ),
    Job(
        "update-from-police-uk",
        "parity.powers.fetch.fetch_new_months",
        DAILY,
        "Fetch and import each held force's months that data.police.uk has published since.",
        at=dt.time(3, 0),
    ),
    Job(
        "update-warehouse",
        "parity.powers.partitions.sync_pending",
        HOURLY,
        "Write warehouse partitions an interrupted import left unwritten.",
    ),
]


def find(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(f"no scheduled job is called {name!r}; the jobs are: {', '.join(j.name for j in JOBS)}")
