"""Force extracts stored a force-month at a time: victims' records and complaints alike.

A unit is one force's records for one month. The same rows again change nothing; different
rows replace the month whole, in one transaction; a file that would leave fewer records in a
month than are held is refused unless the import is told to (`--replace`), so a partial
re-export cannot quietly lose records; and one reference is held for one month only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Problem
from parity.reference.models import Force
from parity.victims.importing.files import Parsed, digest
from parity.victims.retention import past_retention, retention_days


@dataclass(frozen=True)
class Monthly:
    unit: type[models.Model]  # with force, month, name, header, sha256, rows_read
    record: type[models.Model]  # with force, unit and the reference field
    reference: str  # the column and field of the pseudonym
    noun: str  # "victims"
    once: str  # why a reference is held once, in words
    references: Callable[[Sequence[Any]], dict[str, int]]  # a unit's rows -> {reference: first line}
    build: Callable[[models.Model, Force, Sequence[Any]], None]  # store a unit's rows under it


def month_of(key: Hashable) -> tuple[str, date]:
    assert isinstance(key, tuple)
    slug, month = key
    return str(slug), month


def check_held(spec: Monthly, name: str, parsed: Parsed[Any], *, replace: bool) -> None:
    """Refuse what would lose records held, hold one reference in two months, or bring back a
    month already past retention (the scheduled job would only erase it again)."""
    for key, rows in parsed.units.items():
        slug, month = month_of(key)
        if past_retention(month):
            raise InputRefused(
                name,
                f"{slug} {month:%Y-%m}: {spec.noun} of this month are past the retention period "
                f"({retention_days()} days after the month) and are not kept; leave the month out of the file",
            )
        references = spec.references(rows)
        held = spec.record.objects.filter(force__slug=slug, unit__month=month).count()  # type: ignore[attr-defined]
        if held and not replace and len(references) < held:
            raise InputRefused(
                name,
                f"{slug} {month:%Y-%m}: {held} {spec.noun} are held and this file has {len(references)}; "
                f"an import never replaces {spec.noun} with fewer unless told to (--replace)",
            )
        elsewhere = dict(
            spec.record.objects.filter(  # type: ignore[attr-defined]
                force__slug=slug, **{f"{spec.reference}__in": list(references)}
            )
            .exclude(unit__month=month)
            .values_list(spec.reference, "unit__month")
        )
        for reference, line in references.items():
            if reference in elsewhere:
                parsed.problems.append(
                    Problem(
                        line, spec.reference, reference, f"already held for {elsewhere[reference]:%Y-%m}; {spec.once}",
                        True,
                    )
                )  # fmt: skip


def store_month(spec: Monthly, name: str, parsed: Parsed[Any], key: Hashable, rows: list[Any]) -> tuple[int, int]:
    """Store one force-month in one transaction, replacing what was held; same rows: no write."""
    slug, month = month_of(key)
    force = Force.objects.get(slug=slug)
    sha = digest(r.raw for r in rows)
    if spec.unit.objects.filter(force=force, month=month, sha256=sha).exists():  # type: ignore[attr-defined]
        return 0, len(rows)
    with transaction.atomic():
        spec.unit.objects.filter(force=force, month=month).delete()  # type: ignore[attr-defined]
        unit = spec.unit.objects.create(  # type: ignore[attr-defined]
            force=force, month=month, name=name[-500:], header=parsed.header, sha256=sha, rows_read=len(rows)
        )
        spec.build(unit, force, rows)
    return len(rows), 0
