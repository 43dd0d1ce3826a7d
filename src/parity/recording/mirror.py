"""Every recorded stop and search becomes a `powers.StopSearch` row that panels can sample.

The rows live in their own `SourceFile` per force-month, with dataset "recorded" (format
"parity-recorded"), so they never collide with a data.police.uk import of the same month
(SourceFile is unique on dataset, force and month) and are never counted with it:

- `warehouse_written` is set at once, so `parity.powers.partitions.sync_pending` never writes
  them into the published stop-search warehouse (which holds what forces published);
- the record's `raw` is the recorded fields as JSON (header empty), like API imports;
- `line` numbers records in the order they were saved; the file's `sha256` is chained
  over each record's raw text, so any later change to a stored row is detectable.

Small volumes (one record per save), so rows go through the ORM, not the bulk importer.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.db import transaction

from parity.powers.models import SourceFile, StopSearch, StopSearchDetail
from parity.recording.models import Stop
from parity.reference.calendar import localise

DATASET = "recorded"
FORMAT = "parity-recorded"
NAME = "Recorded in Parity by officers"


def _raw(stop: Stop) -> str:
    person = stop.people.first()
    record = {
        "record": f"recorded-{stop.pk}",
        "occurred_at": stop.occurred_at.astimezone(UTC).isoformat(),
        "type": stop.search_type,
        "legislation": stop.legislation,
        "object_of_search": stop.object_of_search,
        "outcome": stop.outcome,
        "outcome_linked": stop.outcome_linked,
        "removal_more_than_outer": stop.removal_more_than_outer,
        "self_defined_ethnicity": person.self_defined if person else None,
        "officer_defined_ethnicity": person.officer_defined if person else None,
        "age_band": person.age_band if person else None,
        "gender": person.gender if person else None,
        "latitude": stop.latitude,
        "longitude": stop.longitude,
        "neighbourhood": stop.neighbourhood,
        "bwv_recorded": stop.bwv_recorded,
        "officer": stop.officer_pseudonym,
    }
    return json.dumps(record, sort_keys=True)


def _source_file(stop: Stop, month: str) -> SourceFile:
    source, _ = SourceFile.objects.select_for_update().get_or_create(
        dataset=DATASET,
        force=stop.force,
        month=month,
        defaults={
            "format": FORMAT,
            "name": NAME,
            "header": "",
            "sha256": "",
            "rows_read": 0,
            "rows_imported": 0,
            "rows_rejected": 0,
            "warehouse_written": True,
        },
    )
    return source


@transaction.atomic
def mirror(stop: Stop) -> StopSearch:
    """Write the StopSearch row (and its detail) for a recorded stop and search."""
    if stop.kind != Stop.Kind.SEARCH:
        raise ValueError(f"only stops and searches become StopSearch rows, not {stop.get_kind_display()}")
    when = localise(stop.occurred_at.astimezone(UTC).isoformat())
    source = _source_file(stop, when.local_month)
    raw = _raw(stop)
    source.rows_read += 1
    source.rows_imported += 1
    source.sha256 = hashlib.sha256((source.sha256 + raw).encode()).hexdigest()
    source.save(update_fields=["rows_read", "rows_imported", "sha256"])
    person = stop.people.get()
    record = StopSearch.objects.create(
        source_file=source,
        force=stop.force,
        line=source.rows_read,
        raw=raw,
        type=stop.search_type or None,
        occurred_at=stop.occurred_at,
        local_date=when.local_date_text,
        part_of_operation=None,
        latitude=stop.latitude,
        longitude=stop.longitude,
        gender=person.gender or None,
        age_band=person.age_band or None,
        sde_code=person.self_defined or None,
        ode_group=person.officer_defined or None,
        legislation=stop.legislation or None,
        object_of_search=stop.object_of_search or None,
        outcome=stop.outcome or None,
        outcome_linked=stop.outcome_linked,
        removal_more_than_outer=stop.removal_more_than_outer,
    )
    StopSearchDetail.objects.create(
        record=record,
        force_reference=f"recorded-{stop.pk}",
        grounds=stop.grounds,
        officer_pseudonym=stop.officer_pseudonym,
        bwv_recorded=stop.bwv_recorded,
        neighbourhood=stop.neighbourhood,
    )
    Stop.objects.filter(pk=stop.pk).update(stop_search=record)
    stop.stop_search = record
    return record
