"""Keep the queue's schedules in step with the registry; safe to run at every start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django_q.models import Schedule

from parity.jobs.registry import JOBS, Job

RUNNER = "parity.jobs.runner.run"
LOCK = 7_004_211  # the advisory lock PostgreSQL holds while schedules are registered


@dataclass
class Changes:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def first_run(job: Job, now: dt.datetime) -> dt.datetime:
    """Now, or for a job with a time of day the next time the local clock shows it."""
    if job.at is None:
        return now
    local = timezone.localtime(now)
    when = local.replace(hour=job.at.hour, minute=job.at.minute, second=0, microsecond=0)
    return when if when > local else when + dt.timedelta(days=1)


@transaction.atomic
def register(jobs: Sequence[Job] = JOBS, now: dt.datetime | None = None) -> Changes:
    """One schedule per job: create the missing, correct the changed (keeping when each runs
    next), and remove those of jobs no longer in the registry."""
    now = now or timezone.now()
    changes = Changes()
    if connection.vendor == "postgresql":  # workers on two machines starting together
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
    held = {s.name: s for s in Schedule.objects.select_for_update().filter(func=RUNNER)}
    for job in jobs:
        wanted = {
            "args": repr(job.name),
            "schedule_type": Schedule.MINUTES,
            "minutes": job.every_minutes,
            "repeats": -1,
        }
        schedule = held.pop(job.name, None)
        if schedule is None:
            Schedule.objects.create(name=job.name, func=RUNNER, next_run=first_run(job, now), **wanted)
            changes.created.append(job.name)
        elif any(getattr(schedule, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(schedule, key, value)
            schedule.save()
            changes.updated.append(job.name)
    for name, schedule in held.items():
        schedule.delete()
        changes.removed.append(str(name))
    return changes
