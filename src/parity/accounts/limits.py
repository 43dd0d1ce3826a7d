"""Hourly limits per address, counted from rows the database already keeps (audit events,
receipt look-ups), so they hold across workers and restarts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

HOUR = timedelta(hours=1)


def since_an_hour_ago(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.filter(at__gte=timezone.now() - HOUR)


def lifts_at(rows: QuerySet[Any], limit: int) -> datetime | None:
    """When the limit lifts, if `rows` (with an `at` time) reach it within the hour; else None."""
    recent = list(since_an_hour_ago(rows).order_by("-at").values_list("at", flat=True)[:limit])
    return recent[-1] + HOUR if recent and len(recent) >= limit else None
