"""`parity worker`: run the scheduled jobs (parity.jobs) until stopped."""

from __future__ import annotations

import click

from parity.cli.db import ensure_database
from parity.cli.output import err


@click.command()
@click.option("--register-only", is_flag=True, help="Bring the schedules up to date, then stop.")
def worker(register_only: bool) -> None:
    """Run the scheduled jobs: sending receipts, erasing personal data, ending panel terms,
    the monthly update from data.police.uk and the warehouse.

    Registers each job's schedule (safe to repeat), then runs the scheduler and
    PARITY_WORKER_PROCESSES workers until stopped (SIGTERM or Ctrl-C finish the running job
    first). Run one per machine; several share the queue in PARITY_TASK_BROKER_URL.
    """
    from django.conf import settings
    from django.core.management import call_command

    from parity.jobs.schedule import register

    ensure_database()
    changes = register()
    for word, names in (("Added", changes.created), ("Changed", changes.updated), ("Removed", changes.removed)):
        if names:
            err.print(f"{word} the schedule of {', '.join(names)}.")
    if register_only:
        return
    broker = "Redis" if settings.PARITY_TASK_BROKER_URL else "the database"
    err.print(f"Running scheduled jobs from {broker} (queue {settings.PARITY_TASK_QUEUE!r}).")
    call_command("qcluster")


COMMANDS = [worker]
