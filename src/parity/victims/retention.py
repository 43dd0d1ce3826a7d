"""How long victims' and complaints' records are kept: the scheduled job that erases them.

A force's extract holds one month of records per unit (the month the crime was reported, or
the complaint received). A month is kept for PARITY_VICTIMS_RETENTION_DAYS after its last day,
then erased whole: its victims (with their survey answers), or its complaints with their
allegations, and the unit that recorded the file. Erasing whole months keeps every published
quarter either complete or gone, never a quarter missing some of its people, and moves the
data version, so pages kept in the cache are worked out again. Each month erased is written to
the audit trail by force, month and count, never by crime or case reference.

Importing a file again would bring an erased month back; the import refuses months already
past retention (`past_retention`), so the job's work cannot be undone by accident.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from parity.accounts import audit
from parity.victims.models import ComplaintUnit, VictimUnit


def retention_days() -> int:
    return int(settings.PARITY_VICTIMS_RETENTION_DAYS)


def first_month_kept(today: date) -> date:
    """The oldest month still kept: a month goes once its last day is more than the retention
    period before today, so every month before the one holding that day is gone."""
    return (today - timedelta(days=retention_days())).replace(day=1)


def past_retention(month: date, *, today: date | None = None) -> bool:
    """Whether a month's records are past retention."""
    return month < first_month_kept(today or timezone.localdate())


def erase_expired(today: date | None = None) -> int:
    """The scheduled job: erase every month of victims' and complaints' records past retention.
    Returns how many records (victims and complaints) were erased."""
    today = today or timezone.localdate()
    erased = 0
    with transaction.atomic():
        kept = first_month_kept(today)
        for unit in VictimUnit.objects.filter(month__lt=kept).select_related("force").order_by("force__slug", "month"):
            erased += _erase(unit, unit.victims.count(), "victims' records", "reported")
        old = ComplaintUnit.objects.filter(month__lt=kept).select_related("force").order_by("force__slug", "month")
        for complaint_unit in old:
            count = complaint_unit.complaints.count()
            erased += _erase(complaint_unit, count, "complaints (with their allegations)", "received")
    return erased


def _erase(unit: VictimUnit | ComplaintUnit, count: int, what: str, verb: str) -> int:
    audit.record(
        audit.Action.DELETE,
        object_type=str(unit._meta.model_name),
        object_id=f"{unit.force.slug} {unit.month:%Y-%m}",
        force=unit.force,
        summary=f"Retention period ended: {count} {what} of {unit.force.name} {verb} in {unit.month:%B %Y} erased "
        f"(kept {retention_days()} days after the month)",
    )
    unit.delete()  # its victims, or its complaints and their allegations, go with it (CASCADE)
    return count
