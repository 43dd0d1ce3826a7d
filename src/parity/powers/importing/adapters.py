"""Source adapters: each turns one unit's bytes into raw rows in Parity's field order.

Every adapter yields (line, raw, fields): `raw` is the record's own text exactly as the
source wrote it (the CSV line, or the JSON object) and `fields` its values in RAW_FIELDS
order, "" when blank: fifteen for data.police.uk, twenty for a force extract. Nothing is
interpreted here; `normalise` does that.

Data-quality verdicts for data.police.uk (measured on 2019-2021 downloads of 11 forces):
locations are snapped to anonymous points and blank for up to 77% of rows (Nottinghamshire);
some forces give dates without times (shown as midnight); West Midlands never records gender
and its officer-defined ethnicity is mostly blank; the Metropolitan Police leaves "outcome
linked" and "removal of more than outer clothing" blank. A missing force-month file is a
missing submission, not zero searches.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, Protocol

from parity.powers.importing.errors import InputRefused
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


class Adapter(Protocol):
    format: str  # a SourceFile.Format value
    description: str
    header: str  # the header line stored with the source file; "" for JSON
    width: int  # fields in each row it yields: 15, or 20 for force extracts

    def accepts(self, unit: Unit, head: str) -> bool:
        """Whether this adapter reads this unit, judged from its name and first bytes."""

    def rows(self, unit: Unit, text: str) -> Rows:
        """Raw rows; raises InputRefused when the whole input is unusable."""


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


def csv_rows(unit: Unit, text: str, expected: tuple[str, ...]) -> Rows:
    """Rows of a CSV whose header must be `expected`, each with its own source text."""
    lines = text.split("\n")  # only newline ends a line; str.splitlines knows others
    if lines and lines[-1] == "":
        lines.pop()
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise InputRefused(unit.name, f"cannot read a CSV header ({error})") from None
    if [h.strip() for h in header] != list(expected):
        raise InputRefused(
            unit.name,
            "this is not a data.police.uk stop-and-search CSV: expected the header "
            f"'{','.join(expected)}' but found '{','.join(header)[:300]}'",
        )
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
        if not isinstance(records, list):
            raise InputRefused(
                unit.name,
                f"expected a JSON array of stop-and-search records, found a JSON {type(records).__name__}",
            )
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict) or "datetime" not in record:
                raise InputRefused(unit.name, f"record {number} is not a stop-and-search record (no 'datetime' field)")
            yield number, json.dumps(record, ensure_ascii=False), _api_row(record)


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


ADAPTERS: list[Adapter] = [PoliceUkApiFlatCsv(), PoliceUkCsv(), PoliceUkApiJson()]


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
