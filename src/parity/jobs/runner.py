"""What the task queue calls: look the job up, run its service as a scheduled job."""

from __future__ import annotations

import dataclasses
from collections.abc import Sized

from django.utils.module_loading import import_string

from parity.accounts.audit import acting_as
from parity.jobs.registry import find


def run(name: str) -> str:
    """Run one scheduled job; its audit events are attributed to "scheduled job (NAME)".

    Returns how much it did, which the queue keeps with the task: numbers only, never what
    a service returned (it may name people)."""
    job = find(name)
    service = import_string(job.target)
    with acting_as(label=f"scheduled job ({name})"):
        result = service()
    return summary(result)


def summary(result: object) -> str:
    if result is None or isinstance(result, bool | int):
        return str(result)
    if isinstance(result, tuple) and all(isinstance(part, int) for part in result):
        return ", ".join(str(part) for part in result)
    if isinstance(result, Sized):
        return f"{len(result)} done"
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        counts = {k: v for k, v in dataclasses.asdict(result).items() if isinstance(v, int)}
        return ", ".join(f"{k} {v}" for k, v in counts.items()) or "done"
    return "done"
