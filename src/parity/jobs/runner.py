"""What the task queue calls: look the job up, run its service as a scheduled job."""

from __future__ import annotations

from django.utils.module_loading import import_string

from parity.accounts.audit import acting_as
from parity.jobs.registry import find


def run(name: str) -> str:
    """Run one scheduled job; its audit events are attributed to "scheduled job (NAME)".

    Returns a short account of the result, which the queue keeps with the task."""
    job = find(name)
    service = import_string(job.target)
    with acting_as(label=f"scheduled job ({name})"):
        result = service()
    return repr(result)[:1000]
