"""Source adapters: each turns one unit's bytes into raw rows in Parity's field order.

Every adapter yields (line, raw, fields): `raw` is the record's own text exactly as the
source wrote it (the CSV line, or the JSON object) and `fields` its values in RAW_FIELDS
order, "" when blank: fifteen for data.police.uk, twenty for a force extract. `batch`
gives the same rows column-wise, as `normalise` takes them; a data.police.uk CSV without
quotes (nearly all of them) is split there by Arrow's CSV reader instead of row by row.
Nothing is interpreted here; `normalise` does that.

Data-quality verdicts for data.police.uk (measured on 2019-2021 downloads of 11 forces):
locations are snapped to anonymous points and blank for up to 77% of rows (Nottinghamshire);
some forces give dates without times (shown as midnight); West Midlands never records gender
and its officer-defined ethnicity is mostly blank; the Metropolitan Police leaves "outcome
linked" and "removal of more than outer clothing" blank. A missing force-month file is a
missing submission, not zero searches.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from parity.powers.importing.errors import InputRefused
from parity.powers.importing.force_extract import ForceExtractCsv
from parity.powers.importing.units import Unit

RAW_FIELDS: tuple[str, ...] = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
    # Only force extracts carry these five.
    "Record ID",
    "Grounds",
    "Officer pseudonym",
    "Body-worn video",
    "Neighbourhood",
)
POLICE_UK_HEADER: tuple[str, ...] = RAW_FIELDS[:15]

RawRow = list[str] | tuple[str, ...]
Rows = Iterator[tuple[int, str, RawRow]]
Row = tuple[int, str, RawRow]


@dataclass(frozen=True)
class Batch:
    """A unit's rows column-wise. Rows of the adapter's width are in `lines`, `raw` and
    `fields` (one string array per field); rows of any other width, which can only be
    rejected, are kept whole in `misfits`. Both are in line order."""

    lines: pa.Array  # int64
    raw: pa.Array  # string
    fields: list[pa.Array]  # string, `width` of them
    misfits: list[Row]

    @property
    def rows_read(self) -> int:
        return len(self.lines) + len(self.misfits)

    @classmethod
    def of_rows(cls, rows: Iterable[Row], width: int) -> Batch:
        fitting: list[Row] = []
        misfits: list[Row] = []
        for row in rows:
            (fitting if len(row[2]) == width else misfits).append(row)
        lines, raws, fields = zip(*fitting, strict=True) if fitting else ((), (), ())
        columns = zip(*fields, strict=True) if fitting else [() for _ in range(width)]
        return cls(
            pa.array(lines, pa.int64()),
            pa.array(raws, pa.string()),
            [pa.array(column, pa.string()) for column in columns],
            misfits,
        )


class Adapter(Protocol):
    format: str  # a SourceFile.Format value
    description: str
    header: str  # the header line stored with the source file; "" for JSON
    width: int  # fields in each row it yields: 15, or 20 for force extracts

    def accepts(self, unit: Unit, head: str) -> bool:
        """Whether this adapter reads this unit, judged from its name and first bytes."""

    def rows(self, unit: Unit, text: str) -> Rows:
        """Raw rows; raises InputRefused when the whole input is unusable."""

    def batch(self, unit: Unit, text: str) -> Batch:
        """The same rows, column-wise; raises InputRefused as `rows` does."""


def decode(unit: Unit, data: bytes) -> str:
    """Text of a unit, refusing empty, binary and non-UTF-8 inputs with a clear reason."""
    if not data.strip():
        raise InputRefused(unit.name, "the file is empty; expected a header line and rows")
    if b"\x00" in data[:8192]:
        raise InputRefused(unit.name, "this is a binary file, not CSV or JSON text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputRefused(
            unit.name, f"line {line} is not UTF-8 text ({error.reason}); data.police.uk files are UTF-8"
        ) from None


def _lines(text: str) -> list[str]:
    lines = text.split("\n")  # only newline ends a line; str.splitlines knows others
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _check_header(unit: Unit, header: list[str], expected: tuple[str, ...]) -> None:
    if [h.strip() for h in header] != list(expected):
        raise InputRefused(
            unit.name,
            "this is not a data.police.uk stop-and-search CSV: expected the header "
            f"'{','.join(expected)}' but found '{','.join(header)[:300]}'",
        )


def csv_rows(unit: Unit, text: str, expected: tuple[str, ...]) -> Rows:
    """Rows of a CSV whose header must be `expected`, each with its own source text."""
    lines = _lines(text)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise InputRefused(unit.name, f"cannot read a CSV header ({error})") from None
    _check_header(unit, header, expected)
    previous = reader.line_num
    try:
        for row in reader:
            line = reader.line_num
            if row:
                raw = lines[line - 1] if line == previous + 1 else "\n".join(lines[previous:line])
                yield line, raw.rstrip("\r"), row
            previous = line
    except csv.Error as error:
        raise InputRefused(unit.name, f"line {reader.line_num}: the CSV is malformed ({error})") from None


def plain_csv_batch(unit: Unit, text: str, expected: tuple[str, ...]) -> Batch | None:
    """The rows of a plain CSV, split into fields by Arrow's CSV reader; None if not plain.

    A plain CSV has no quote, carriage return, NUL or blank line, and every line has the
    expected number of fields and fits the csv module's field limit. In such a file each
    line is one row and its fields are the line split at commas, exactly what `csv_rows`
    finds. Any other file is read by `csv_rows`, which reports (or refuses) what it finds.
    """
    if '"' in text or "\r" in text or "\x00" in text or "\n\n" in text:
        return None
    lines = _lines(text)
    if not lines:
        return None
    _check_header(unit, lines[0].split(","), expected)
    body = pa.array(lines[1:], pa.string())
    names = [f"f{i}" for i in range(len(expected))]
    if not len(body):
        return Batch(pa.array([], pa.int64()), body, [pa.array([], pa.string()) for _ in names], [])
    if pc.max(pc.binary_length(body)).as_py() > csv.field_size_limit():
        return None
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text[len(lines[0]) + 1 :].encode()),
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False, block_size=1 << 26),
            parse_options=pa_csv.ParseOptions(quote_char=False, escape_char=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:  # a line with too few or too many fields
        return None
    if table.num_rows != len(body):  # cannot happen in a plain file; never guess
        return None
    lines_numbers = pa.array(range(2, len(lines) + 1), pa.int64())
    return Batch(lines_numbers, body, [column.combine_chunks() for column in table.columns], [])


FLAT_HEADER = (
    "age_range",
    "outcome",
    "involved_person",
    "self_defined_ethnicity",
    "gender",
    "legislation",
    "outcome_linked_to_object_of_search",
    "datetime",
    "removal_of_more_than_outer_clothing",
    "operation",
    "officer_defined_ethnicity",
    "type",
    "operation_name",
    "object_of_search",
    "outcome_object.id",
    "outcome_object.name",
    "location.latitude",
    "location.street.id",
    "location.street.name",
    "location.longitude",
    "location",
)


class PoliceUkCsv:
    width = 15
    format = "police-uk-csv"
    description = "data.police.uk stop-and-search CSV (monthly download or archive)"
    header = ",".join(POLICE_UK_HEADER)

    def accepts(self, unit: Unit, head: str) -> bool:
        return unit.suffix == ".csv" and head.lstrip("\ufeff").startswith("Type,Date,")

    def rows(self, unit: Unit, text: str) -> Rows:
        return csv_rows(unit, text, POLICE_UK_HEADER)

    def batch(self, unit: Unit, text: str) -> Batch:
        plain = plain_csv_batch(unit, text, POLICE_UK_HEADER)
        return plain if plain is not None else Batch.of_rows(self.rows(unit, text), self.width)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "True"
    if value is False:
        return "False"
    return str(value)


def _api_row(record: dict[str, Any]) -> RawRow:
    location = record.get("location") or {}
    outcome = record.get("outcome")
    outcome_object = record.get("outcome_object") or {}
    if not outcome and outcome_object.get("name"):
        outcome = outcome_object["name"]
    return (
        _text(record.get("type")),
        _text(record.get("datetime")),
        _text(record.get("operation")),
        _text(record.get("operation_name")),
        _text(location.get("latitude")),
        _text(location.get("longitude")),
        _text(record.get("gender")),
        _text(record.get("age_range")),
        _text(record.get("self_defined_ethnicity")),
        _text(record.get("officer_defined_ethnicity")),
        _text(record.get("legislation")),
        _text(record.get("object_of_search")),
        _text(outcome),
        _text(record.get("outcome_linked_to_object_of_search")),
        _text(record.get("removal_of_more_than_outer_clothing")),
    )


class PoliceUkApiJson:
    width = 15
    format = "police-uk-api"
    description = "data.police.uk API JSON (stops-force)"
    header = ""

    def accepts(self, unit: Unit, head: str) -> bool:
        return unit.suffix == ".json" or head.lstrip().startswith("[")

    def rows(self, unit: Unit, text: str) -> Rows:
        try:
            records = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputRefused(
                unit.name,
                f"line {error.lineno}: not valid JSON ({error.msg}); expected the array the stops-force API returns",
            ) from None
        except RecursionError:
            raise InputRefused(
                unit.name,
                "the JSON is nested too deeply to read; expected the array of flat records the stops-force API returns",
            ) from None
        if not isinstance(records, list):
            raise InputRefused(
                unit.name,
                f"expected a JSON array of stop-and-search records, found a JSON {type(records).__name__}",
            )
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict) or "datetime" not in record:
                raise InputRefused(unit.name, f"record {number} is not a stop-and-search record (no 'datetime' field)")
            yield number, json.dumps(record, ensure_ascii=False), _api_row(record)

    def batch(self, unit: Unit, text: str) -> Batch:
        return Batch.of_rows(self.rows(unit, text), self.width)


class PoliceUkApiFlatCsv:
    width = 15
    format = "police-uk-api-flat"
    description = "data.police.uk API JSON flattened to CSV (pandas json_normalize)"
    header = ",".join(FLAT_HEADER)

    def accepts(self, unit: Unit, head: str) -> bool:
        first = head.lstrip("\ufeff").split("\n", 1)[0]
        return unit.suffix == ".csv" and "datetime" in first and "location.latitude" in first

    def rows(self, unit: Unit, text: str) -> Rows:
        for line, raw, row in csv_rows(unit, text, FLAT_HEADER):
            record: dict[str, Any] = {k: (v if v != "" else None) for k, v in zip(FLAT_HEADER, row, strict=False)}
            record["location"] = {
                "latitude": record.get("location.latitude"),
                "longitude": record.get("location.longitude"),
            }
            record["outcome_object"] = {"name": record.get("outcome_object.name")}
            yield line, raw, _api_row(record)

    def batch(self, unit: Unit, text: str) -> Batch:
        return Batch.of_rows(self.rows(unit, text), self.width)


ADAPTERS: list[Adapter] = [PoliceUkApiFlatCsv(), ForceExtractCsv(), PoliceUkCsv(), PoliceUkApiJson()]


def adapter_for(unit: Unit, text: str) -> Adapter:
    head = text[:4096]
    for adapter in ADAPTERS:
        if adapter.accepts(unit, head):
            return adapter
    first = head.lstrip("\ufeff").split("\n", 1)[0][:200]
    raise InputRefused(
        unit.name,
        "this is not a stop-and-search file Parity can read: expected a data.police.uk CSV "
        f"whose header is '{','.join(POLICE_UK_HEADER)}', or stops-force API JSON; "
        f"the first line is '{first}'",
    )
