"""The half of an import that needs no database: read a unit, hash it, normalise its rows.

Nothing here touches Django, so it can run in a worker process while the importer's own
process writes the previous unit to the database (see `pipeline`). Everything it returns
can be pickled: the records travel as one Arrow table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Set
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from parity.powers.importing.adapters import adapter_for, decode
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import Normaliser, Problem
from parity.powers.importing.units import Unit, check_force


@dataclass
class Parsed:
    """A unit normalised: everything the database and the warehouse need, before either."""

    format: str
    header: str
    rows_read: int
    records: pa.Table  # normalise.COLUMNS, in line order; rejected rows left out
    month: str
    problems: list[Problem]
    flagged: int
    rejected: int
    details: dict[int, tuple[object, ...]]  # force-extract fields, by record position
    blank_counts: dict[str, int]


@dataclass
class Read:
    """A unit read and hashed; normalised too, unless a file with its hash looked held."""

    unit: Unit
    force: str
    digest: str
    parsed: Parsed | None


def read(unit: Unit, held: Set[tuple[str, str]] = frozenset()) -> Read:
    """Read a unit. `held` is the (force, sha256) pairs held when the import began: such a
    file is probably unchanged, so it is not parsed unless the database says otherwise.
    Raises InputRefused."""
    data = unit.read()
    digest = hashlib.sha256(data).hexdigest()
    force = check_force(unit)
    return Read(unit, force, digest, None if (force, digest) in held else parse(unit, data))


def parse(unit: Unit, data: bytes) -> Parsed:
    text = decode(unit, data)
    adapter = adapter_for(unit, text)
    batch = adapter.batch(unit, text)
    normaliser = Normaliser(adapter.width)
    records = normaliser.normalise(batch)
    return Parsed(
        adapter.format,
        adapter.header,
        batch.rows_read,
        records,
        _month_of(unit, records),
        normaliser.problems,
        normaliser.flagged,
        normaliser.rejected,
        normaliser.details,
        normaliser.blank_counts(records),
    )


def _month_of(unit: Unit, records: pa.Table) -> str:
    """The force-month the unit holds. A named month must be every record's: a record
    belongs to it when its date falls in that month in UTC (as data.police.uk files it)
    or in London time (as Parity counts it). Otherwise the file is refused, since storing
    it would replace the named month with another month's records."""
    if unit.month:
        _check_month(unit, unit.month, records)
        return unit.month
    months = sorted(pc.unique(records.column("local_month")).to_pylist())
    if len(months) != 1:
        found = ", ".join(months) or "none"
        raise InputRefused(
            unit.name,
            f"cannot tell which month this file is for (records fall in: "
            f"{found}); name it YYYY-MM-<force>-stop-and-search.json or pass --month",
        )
    return str(months[0])


def _check_month(unit: Unit, month: str, records: pa.Table) -> None:
    utc_month = pc.utf8_slice_codeunits(records.column("occurred_at"), 0, 7)
    outside = pc.and_(pc.not_equal(utc_month, month), pc.not_equal(records.column("local_month"), month))
    count = pc.sum(outside).as_py() or 0
    if not count:
        return
    strays = records.filter(outside)
    months = sorted(pc.unique(strays.column("local_month")).to_pylist())
    line, when = strays.column("line")[0].as_py(), strays.column("occurred_at")[0].as_py()
    raise InputRefused(
        unit.name,
        f"{count:,} of its {records.num_rows:,} records are dated outside {month}, the month its name "
        f"(or --month) gives: they fall in {', '.join(months)} (first: line {line}, Date {when} UTC). "
        "Nothing was stored; give each month its own file, named for that month",
    )
