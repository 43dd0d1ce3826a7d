"""Write one unit (an area's rows for one year from one source) in one transaction.

A unit whose rows hash the same as the held one is not written at all, so importing the same
table again, or the cleaned CSV after the workbook, changes nothing. A changed unit replaces
the held one whole: a table's rows only make sense together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction

from parity.powers.use_of_force.home_office import NATIONAL, Row
from parity.powers.use_of_force.home_office import digest as table_digest
from parity.powers.use_of_force.models import TacticCount, UseOfForceUnit
from parity.reference.models import Force


def _unit(source: str, area: str, period: str) -> UseOfForceUnit | None:
    return UseOfForceUnit.objects.filter(source=source, area=area, period=period).first()


def store_unit(
    source: str,
    area: str,
    period: str,
    *,
    name: str,
    sha256: str,
    rows_read: int,
    write: Callable[[UseOfForceUnit], None],
    forces: dict[str, Force],
) -> tuple[int, int]:
    """(imported, unchanged): replace the held unit with these rows, or change nothing."""
    held = _unit(source, area, period)
    if held is not None and held.sha256 == sha256:
        return 0, rows_read
    with transaction.atomic():
        unit, _ = UseOfForceUnit.objects.update_or_create(
            source=source,
            area=area,
            period=period,
            defaults={
                "force": forces.get(area) if area != NATIONAL else None,
                "name": name[-500:],
                "sha256": sha256,
                "rows_read": rows_read,
                "rows_imported": rows_read,
                "rows_unchanged": 0,
            },
        )
        unit.tactic_counts.all().delete()
        unit.reports.all().delete()
        write(unit)
    return rows_read, 0


def store_table_unit(
    name: str, period: str, area: str, rows: Sequence[Row], forces: dict[str, Force]
) -> tuple[int, int]:
    """One area's Table 16 rows for one year."""

    def write(unit: UseOfForceUnit) -> None:
        TacticCount.objects.bulk_create(
            TacticCount(
                unit=unit,
                area=area,
                period=period,
                position=row.position,
                type_of_force=row.type_of_force,
                tactic=row.tactic,
                line=row.line,
                raw=row.raw,
                **row.counts,
            )
            for row in rows
        )

    digest = table_digest(rows)
    source = UseOfForceUnit.Source.HOME_OFFICE
    return store_unit(source, area, period, name=name, sha256=digest, rows_read=len(rows), write=write, forces=forces)
