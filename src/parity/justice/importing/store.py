"""Storing counts supplied by a source, one unit in one transaction, idempotently.

Every importer of counts (the Home Office arrests tables, Ethnicity facts and figures,
a partner's stage-counts file) turns its rows into `CountRow`s and hands them here by unit.
The same rows again change nothing (the unit's hash is held); changed rows replace the cells
they name, inside the unit's one transaction, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from parity.justice.models import JusticeUnit, StageCount
from parity.reference.models import Force


@dataclass(frozen=True)
class CountRow:
    """One cell: area x period x stage x group x offence group, and the line it came from."""

    source: str
    area: str  # force slug, or england-and-wales / england / wales
    period: str
    stage: str
    group: str
    count: int | None
    line: int
    raw: dict[str, Any]
    offence_group: str = "all"
    published_rate: float | None = None
    breakdown: str = "all"

    @property
    def key(self) -> tuple[str, str, str, str, str, str, str]:
        return (self.source, self.area, self.period, self.stage, self.group, self.offence_group, self.breakdown)

    @property
    def values(self) -> tuple[int | None, float | None]:
        return (self.count, self.published_rate)


def digest(rows: Sequence[CountRow]) -> str:
    hashed = hashlib.sha256()
    for row in rows:
        hashed.update(json.dumps([row.key, row.values, row.raw], sort_keys=True, default=str).encode() + b"\x1e")
    return hashed.hexdigest()


def store_unit(kind: str, key: str, name: str, rows: Sequence[CountRow], forces: dict[str, Force]) -> tuple[int, int]:
    """Store one unit's cells in one transaction; (imported, unchanged). Same rows again: no write."""
    sha = digest(rows)
    same = JusticeUnit.objects.filter(kind=kind, key=key, sha256=sha).first()
    keys = {r.key for r in rows}
    if (
        same is not None
        and not StageCount.objects.filter(unit_id__gt=same.pk, source__in={r.source for r in rows})
        .filter(area__in={r.area for r in rows}, period__in={r.period for r in rows})
        .exists()
    ):
        return 0, len(rows)
    with transaction.atomic():
        unit = same or JusticeUnit.objects.create(kind=kind, key=key, name=name[-500:], sha256=sha, rows_read=len(rows))
        held = {
            (c.source, c.area, c.period, c.stage, c.group, c.offence_group, c.breakdown): c
            for c in StageCount.objects.filter(
                source__in={k[0] for k in keys},
                area__in={k[1] for k in keys},
                period__in={k[2] for k in keys},
            )
        }
        new, changed = [], 0
        for row in rows:
            cell = held.get(row.key)
            if cell is None:
                new.append(
                    StageCount(
                        unit=unit,
                        source=row.source,
                        area=row.area,
                        force=forces.get(row.area),
                        period=row.period,
                        stage=row.stage,
                        group=row.group,
                        offence_group=row.offence_group,
                        breakdown=row.breakdown,
                        count=row.count,
                        published_rate=row.published_rate,
                        line=row.line,
                        raw=row.raw,
                    )
                )
            elif (cell.count, cell.published_rate) != row.values:
                changed += StageCount.objects.filter(pk=cell.pk).update(
                    unit=unit, count=row.count, published_rate=row.published_rate, line=row.line, raw=row.raw
                )
        StageCount.objects.bulk_create(new, batch_size=2000)
        imported = len(new) + changed
        JusticeUnit.objects.filter(pk=unit.pk).update(rows_imported=imported, rows_unchanged=len(rows) - imported)
    return imported, len(rows) - imported
