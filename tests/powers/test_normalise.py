"""Reading a unit column-wise gives exactly what checking it row by row gives.

`Normaliser.row` is the specification; `Normaliser.normalise` codes plain rows column-wise
and sends every other row through `row`. These tests compare the two on every shared file
and on rows built to be awkward, and check the plain-CSV reader against the csv module.
"""

from __future__ import annotations

import math
import pickle
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parity.powers.importing.adapters import (
    POLICE_UK_HEADER,
    PoliceUkCsv,
    adapter_for,
    csv_rows,
    decode,
    plain_csv_batch,
)
from parity.powers.importing.errors import InputRefused
from parity.powers.importing.normalise import COLUMNS, Normaliser, Record
from parity.powers.importing.prepare import read
from parity.powers.importing.units import Unit, discover
from parity.powers.importing.worker import Worker
from parity.warehouse.stop_search import to_table
from tests.conftest import POLICE_UK, SHARED
from tests.powers.helpers import real_file, real_lines

HEADER = ",".join(POLICE_UK_HEADER)
GOOD = real_lines("bedfordshire", "2020-06", 1)[1]


def _unit(path: Path) -> Unit:
    [unit] = discover([path])
    assert isinstance(unit, Unit)
    return unit


def _by_row(unit: Unit, text: str) -> tuple[list[Record], Normaliser]:
    adapter = adapter_for(unit, text)
    normaliser = Normaliser(adapter.width)
    records = [r for line, raw, fields in adapter.rows(unit, text) if (r := normaliser.row(line, raw, fields))]
    return records, normaliser


def _column_wise(unit: Unit, text: str) -> tuple[list[Record], Normaliser]:
    adapter = adapter_for(unit, text)
    normaliser = Normaliser(adapter.width)
    table = normaliser.normalise(adapter.batch(unit, text))
    assert table.column_names == list(COLUMNS)
    return [tuple(row[c] for c in COLUMNS) for row in table.to_pylist()], normaliser


def _same(value: object, other: object) -> bool:
    if isinstance(value, float) and isinstance(other, float) and math.isnan(value):
        return math.isnan(other)
    return type(value) is type(other) and value == other


def assert_same_reading(path: Path | Unit) -> None:
    unit = path if isinstance(path, Unit) else _unit(path)
    text = decode(unit, unit.read())
    expected, by_row = _by_row(unit, text)
    found, column_wise = _column_wise(unit, text)
    if found != expected or {tuple(map(type, r)) for r in found} != {tuple(map(type, r)) for r in expected}:
        assert len(found) == len(expected)
        for got, want in zip(found, expected, strict=True):
            assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (got, want)
    assert column_wise.problems == by_row.problems
    assert (column_wise.flagged, column_wise.rejected) == (by_row.flagged, by_row.rejected)


@pytest.mark.slow
def test_every_shared_file_reads_the_same_column_wise_as_row_by_row() -> None:
    paths = sorted(POLICE_UK.glob("*/*.csv"))
    assert len(paths) == 319
    for path in paths:
        assert_same_reading(path)


def _row(**changes: str) -> str:
    """The good row with fields changed, named as in the header with "_" for " " or "-"."""
    names = [h.replace("-", " ").lower() for h in POLICE_UK_HEADER]
    cells = GOOD.split(",")
    for name, value in changes.items():
        cells[names.index(name.replace("_", " ").lower())] = value
    return ",".join(cells)


AWKWARD = [
    _row(Date=""),
    _row(Date="31/06/2020 10:00"),
    _row(Date="2020-06-31T10:00:00+00:00"),  # no such day
    _row(Date="2020-06-01T24:00:00+00:00"),  # no such hour
    _row(Date="2020-06-01T10:60:00+00:00"),
    _row(Date="2020-06-01T10:5\u0663:00+00:00"),  # an Arabic-Indic digit
    _row(Date="2020-06-01T10:00:00"),  # no offset: read as UTC, flagged
    _row(Date="2020-06-01T10:00:00Z"),
    _row(Date="2020-06-01T10:00:00+01:00"),
    _row(Date="2020-03-29T00:59:00+00:00"),  # the spring clock change
    _row(Date="2020-03-29T01:00:00+00:00"),
    _row(Date="2020-10-25T00:30:00+00:00"),  # the autumn one
    _row(Date="2020-03-31T23:30:00+00:00"),  # London's 1 April, a new financial year
    _row(Latitude="", Longitude="-0.4"),
    _row(Latitude="51.5", Longitude=""),
    _row(Latitude="40.7128", Longitude="-74.0060"),
    _row(Latitude="51.5x", Longitude="-0.4"),
    _row(Latitude=" 51.5", Longitude="-0.4"),
    _row(Latitude="+51.5", Longitude="-0.4"),
    _row(Latitude="5.15e1", Longitude="-0.4"),
    _row(Latitude="51.500000000000000000001", Longitude="-0.4"),
    _row(Latitude="61.5", Longitude="2.0"),  # the corner of the box is inside
    _row(Type=""),
    _row(Type="Hovercraft search"),
    _row(Type=" Person search "),
    _row(Gender="Unknown gender"),
    _row(Age_range="over 99"),
    _row(Self_defined_ethnicity="White - White British (W1)"),
    _row(Self_defined_ethnicity="Martian"),
    _row(Officer_defined_ethnicity="Purple"),
    _row(Legislation="Witchcraft Act 1735 (section 1)"),
    _row(Object_of_search="Unicorns"),
    _row(Outcome="Suspect arrested"),
    _row(Outcome="Transported"),
    _row(Part_of_a_policing_operation="yes"),
    _row(Part_of_a_policing_operation="TRUE"),
    _row(Outcome_linked_to_object_of_search="false"),
    _row(Removal_of_more_than_just_outer_clothing="Maybe"),
    _row(Type="Hovercraft search", Gender="Unknown gender", Date="2020-06-01T10:00:00"),
    _row(Policing_operation="Operation \u2603\x1f"),
    _row() + ",extra",
    ",".join(GOOD.split(",")[:14]),
    " ",
]


def _write(folder: Path, lines: list[str], ending: str = "\n") -> Path:
    path = folder / "2020-06-kent-stop-and-search.csv"
    path.write_text(ending.join(lines) + ending, encoding="utf-8")
    return path


def test_awkward_rows_among_plain_ones_read_the_same(tmp_path: Path) -> None:
    lines = [HEADER]
    for awkward in AWKWARD:
        lines += [GOOD, awkward]
    path = _write(tmp_path, lines)
    assert plain_csv_batch(_unit(path), path.read_text(), POLICE_UK_HEADER) is None  # misfits: csv module
    assert_same_reading(path)
    fitting = [line for line in lines if line.count(",") == 14]
    plain = _write(tmp_path, fitting)
    assert plain_csv_batch(_unit(plain), plain.read_text(), POLICE_UK_HEADER) is not None
    assert_same_reading(plain)
    unit = _unit(plain)
    _, normaliser = _column_wise(unit, decode(unit, unit.read()))
    assert normaliser.flagged > 10 and normaliser.rejected >= 5


@pytest.mark.parametrize(
    "change",
    [
        lambda lines: [*lines[:3], "", *lines[3:]],  # a blank line
        lambda lines: [lines[0], '"{}",{}'.format(*lines[1].split(",", 1)), *lines[2:]],  # a quoted field
        lambda lines: [lines[0], _quoted_newline(lines[1]), *lines[2:]],
    ],
)
def test_files_that_are_not_plain_are_read_by_the_csv_module_the_same(tmp_path: Path, change: object) -> None:
    lines = change(real_lines("wiltshire", "2020-06", 20))  # type: ignore[operator]
    path = _write(tmp_path, lines)
    assert plain_csv_batch(_unit(path), path.read_text(), POLICE_UK_HEADER) is None
    assert_same_reading(path)


def _quoted_newline(line: str) -> str:
    cells = line.split(",")
    cells[3] = '"Operation\nNight"'
    return ",".join(cells)


def test_windows_line_endings_read_the_same(tmp_path: Path) -> None:
    path = _write(tmp_path, real_lines("wiltshire", "2020-06", 20), "\r\n")
    assert_same_reading(path)


def test_the_plain_reader_finds_the_rows_the_csv_module_finds() -> None:
    path = real_file("metropolitan", "2021-06")
    unit = _unit(path)
    text = decode(unit, unit.read())
    batch = plain_csv_batch(unit, text, POLICE_UK_HEADER)
    assert batch is not None and not batch.misfits
    rows = list(csv_rows(unit, text, POLICE_UK_HEADER))
    assert batch.lines.to_pylist() == [line for line, _, _ in rows]
    assert batch.raw.to_pylist() == [raw for _, raw, _ in rows]
    assert [list(f) for f in zip(*(c.to_pylist() for c in batch.fields), strict=True)] == [f for _, _, f in rows]


def test_the_worker_reads_as_reading_here_would_and_writes_partitions(tmp_path: Path) -> None:
    archive = tmp_path / "2020-06.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(real_file("wiltshire", "2020-06"), "2020-06/2020-06-kent-stop-and-search.csv")
    refused = tmp_path / "2020-06-essex-stop-and-search.csv"
    refused.write_text("Crime ID,Month\n")
    units = [_unit(archive), _unit(refused), _unit(real_file("bedfordshire", "2020-07"))]
    held = {("bedfordshire", read(units[2]).digest)}
    worker = Worker(held)
    try:
        numbers = [worker.read(unit) for unit in units]
        here = read(units[0], held)
        there = worker.result()
        assert (there.force, there.digest) == (here.force, here.digest) == ("kent", here.digest)
        assert there.parsed is not None and here.parsed is not None
        assert there.parsed.records.equals(here.parsed.records)
        assert there.parsed.problems == here.parsed.problems
        with pytest.raises(InputRefused) as refusal:
            worker.result()
        assert refusal.value.name == str(refused) and "not a stop-and-search file" in refusal.value.problem
        assert worker.result().parsed is None  # looked held: hashed, not parsed
        ids = range(1000, 1000 + here.parsed.records.num_rows)
        worker.write(numbers[0], tmp_path / "partition", ids)
        assert worker.written(wait=True) == numbers[0]
        assert worker.written() is None
    finally:
        worker.close()
    assert worker.process.returncode == 0
    written = pq.read_table(tmp_path / "partition" / "part.parquet")
    assert written.equals(to_table(ids, here.parsed.records))


def test_a_refusal_survives_pickling() -> None:
    refusal = pickle.loads(pickle.dumps(InputRefused("a.csv", "empty")))
    assert (refusal.name, refusal.problem, str(refusal)) == ("a.csv", "empty", "a.csv: empty")


@pytest.mark.parametrize("name", ["stops-Jan2023.json", "avon-and-somerset_stop_search_data.csv"])
def test_api_samples_read_the_same(name: str) -> None:
    path = SHARED / "police-uk-api-samples" / name
    assert_same_reading(Unit(str(path), "city-of-london", None, path.suffix, path.read_bytes))


def test_a_header_only_file_has_no_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER])
    unit = _unit(path)
    batch = PoliceUkCsv().batch(unit, path.read_text())
    assert batch.rows_read == 0 and batch.lines.type == pa.int64()
