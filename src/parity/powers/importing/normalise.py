"""Check and code each raw row: the canonical stop-and-search schema, declared once.

A row is rejected only when it cannot be placed in time (no usable `Date`, or one outside
the plausible range: before 2000 or after tomorrow) or its shape is wrong (too many or too
few fields). Any other value Parity does not recognise is kept raw,
its code left empty, and the row flagged, so nothing is silently dropped or guessed.

`Normaliser.row` is the specification, one row at a time. `Normaliser.normalise` gives the
same result for a whole unit at once: rows with nothing to report (nearly all) are coded
column by column from each field's distinct values, and every other row goes through
`row`, so problems are found and worded by one piece of code.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

import pyarrow as pa
import pyarrow.compute as pc

from parity.powers.importing.adapters import POLICE_UK_HEADER, Batch, RawRow, Row
from parity.reference import ethnicity, vocab
from parity.reference.calendar import has_offset, local_hour, localise_fields
from parity.warehouse.record_fields import carried_schema

# Order of the normalised values each row becomes; the store and warehouse pick from it.
COLUMNS: tuple[str, ...] = (
    "line",
    "raw",
    "occurred_at",
    "local_date",
    "local_month",
    "financial_year",
    "local_minute",
    "latitude",
    "longitude",
    # the coded fields, in the order _resolve returns them
    "type",
    "part_of_operation",
    "gender",
    "age_band",
    "sde_code",
    "sde_group",
    "ode_group",
    "legislation",
    "object_of_search",
    "outcome",
    "outcome_linked",
    "removal_more_than_outer",
    "flags",
)
# Fields only a force extract carries, kept beside the record when any is given.
DETAIL_COLUMNS: tuple[str, ...] = (
    "force_reference",
    "grounds",
    "officer_pseudonym",
    "bwv_recorded",
    "neighbourhood",
)
Record = tuple[object, ...]
# The Arrow type of each of COLUMNS (declared in record_fields): a unit's records travel as one table of them.
RECORD_SCHEMA = carried_schema(COLUMNS)


def records_table(records: Sequence[Record]) -> pa.Table:
    """Records (tuples in COLUMNS order) as a table."""
    columns = list(zip(*records, strict=True)) if records else [() for _ in COLUMNS]
    return pa.table([pa.array(c, f.type) for c, f in zip(columns, RECORD_SCHEMA, strict=True)], schema=RECORD_SCHEMA)


# Completeness that `parity status` reports: shown name -> (normalised column, source field).
COMPLETENESS_FIELDS: dict[str, tuple[str, str]] = {
    "self-defined ethnicity": ("sde_code", "Self-defined ethnicity"),
    "officer-defined ethnicity": ("ode_group", "Officer-defined ethnicity"),
    "gender": ("gender", "Gender"),
    "age": ("age_band", "Age range"),
    "location": ("latitude", "Latitude"),
    "legislation": ("legislation", "Legislation"),
    "object of search": ("object_of_search", "Object of search"),
    "outcome": ("outcome", "Outcome"),
    "outcome linked": ("outcome_linked", "Outcome linked to object of search"),
    "removal of clothing": ("removal_more_than_outer", "Removal of more than just outer clothing"),
}

# Records dated before this, or after tomorrow, are typing or system errors (a year of 1900
# or 2099), never stops and searches: counting them would put searches in empty periods.
EARLIEST_PLAUSIBLE = "2000-01-01"


def latest_plausible() -> str:
    """Tomorrow in UTC, as YYYY-MM-DD: a record cannot be dated later than that."""
    return (datetime.now(UTC) + timedelta(days=1)).date().isoformat()


def plausible(utc_date: str, latest: str) -> bool:
    """Whether a UTC date (YYYY-MM-DD...) lies in the plausible range for a record."""
    return EARLIEST_PLAUSIBLE <= utc_date[:10] <= latest


UK_LATITUDE = (49.0, 61.5)
UK_LONGITUDE = (-8.8, 2.0)


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    field: str
    value: str
    reason: str
    rejected: bool


Lookup = Callable[[str], str | None]
_MISS = object()  # cached: the vocabulary does not know this value
_UNSEEN = object()


class _Field:
    """One coded field: a raw-to-code cache in front of the vocabulary's own lookup.

    Blank maps to None without a flag; a value the vocabulary does not know maps to None
    and flags the row. The cache makes the common case one dictionary look-up.
    """

    __slots__ = ("cache", "lookup", "name", "what")

    def __init__(self, name: str, what: str, lookup: Lookup) -> None:
        self.name, self.what, self.lookup = name, what, lookup
        self.cache: dict[str, object] = {"": None}

    def resolve(self, raw: str) -> str | None:
        code = self.lookup(raw)
        self.cache[raw] = code if code is not None else _MISS
        return code

    def decide(self, raw: str) -> tuple[str | None, bool]:
        """(code, recognised) for one distinct value; blank is recognised and codes to None."""
        code = self.cache.get(raw, _UNSEEN)
        if code is _UNSEEN:
            code = self.resolve(raw)
        if code is _MISS or (code is None and raw):
            return None, False
        return code, True  # type: ignore[return-value]


def _term(table: dict[str, vocab.Term]) -> Lookup:
    return lambda raw: t.code if (t := table.get(raw.strip())) else None


_GROUP = {d.code: d.group.value for d in ethnicity.DETAILED}
_BOOLS = {"": None, "True": True, "False": False, "true": True, "false": False, "TRUE": True, "FALSE": False}


def _fields() -> tuple[_Field, ...]:
    return (
        _Field("Gender", "gender", _term(vocab.GENDERS)),
        _Field("Age range", "age range", _term(vocab.AGE_BANDS)),
        _Field("Self-defined ethnicity", "self-defined ethnicity", ethnicity.self_defined_code),
        _Field(
            "Officer-defined ethnicity",
            "officer-defined ethnicity",
            lambda raw: g.value if (g := ethnicity.officer_defined_group(raw)) else None,
        ),
        _Field(
            "Legislation",
            "power",
            lambda raw: t.code if (t := vocab.LEGISLATION_BY_LABEL.get(raw.strip())) else None,
        ),
        _Field(
            "Object of search",
            "object of search",
            lambda raw: t.code if (t := vocab.OBJECT_BY_LABEL.get(raw.strip())) else None,
        ),
        _Field("Outcome", "outcome", lambda raw: o.value if (o := vocab.OUTCOMES.get(raw.strip())) else None),
    )


# Coded values and problems, by the raw values that decide them. Rows repeat the same
# combinations (32 thousand in 305 thousand data.police.uk rows), so most rows cost one
# look-up. Shared across units; cleared if it grows past the bound.
Coded = tuple[tuple[object, ...], tuple[tuple[str, str, str], ...]]
_COMBOS: dict[tuple[str, ...], Coded] = {}
_COMBOS_BOUND = 500_000


class Normaliser:
    """Normalises the rows of one unit, collecting problems and counting flagged rows."""

    def __init__(self, width: int = 15) -> None:
        self.width = width  # fields a row of this source must have: 15, or 20 for extracts
        self.kept = 0
        self.problems: list[Problem] = []
        self.flagged = 0
        self.rejected = 0
        self._type = _Field("Type", "search type", _term(vocab.SEARCH_TYPES))
        self._fields = _fields()
        # Force-extract fields, by the position of their record among those kept.
        self.details: dict[int, tuple[object, ...]] = {}
        self.latest = latest_plausible()

    def _reject(self, line: int, field: str, value: str, reason: str) -> None:
        self.rejected += 1
        self.problems.append(Problem(line, field, value, reason, True))

    def _code(self, field: _Field, raw: str, issues: list[tuple[str, str, str]]) -> str | None:
        code = field.cache.get(raw, _UNSEEN)
        if code is _UNSEEN:
            code = field.resolve(raw)
        if code is _MISS or (code is None and raw):
            issues.append((field.name, raw, f"not a {field.what} Parity recognises; kept as given"))
            return None
        return code  # type: ignore[return-value]

    @staticmethod
    def _bool(field: str, raw: str, issues: list[tuple[str, str, str]]) -> bool | None:
        value = _BOOLS.get(raw, _MISS)
        if value is _MISS:
            issues.append((field, raw, "expected True or False"))
            return None
        return value  # type: ignore[return-value]

    def _resolve(self, key: tuple[str, ...]) -> Coded:
        (
            type_raw,
            op_raw,
            gender_raw,
            age_raw,
            sde_raw,
            ode_raw,
            leg_raw,
            obj_raw,
            outcome_raw,
            linked_raw,
            removal_raw,
        ) = key
        issues: list[tuple[str, str, str]] = []
        if type_raw:
            search_type = self._code(self._type, type_raw, issues)
        else:
            search_type = None
            issues.append(("Type", "", "no search type"))
        gender, age, sde, ode, legislation, obj, outcome = self._fields
        sde_code = self._code(sde, sde_raw, issues)
        codes = (
            search_type,
            self._bool("Part of a policing operation", op_raw, issues),
            self._code(gender, gender_raw, issues),
            self._code(age, age_raw, issues),
            sde_code,
            _GROUP[sde_code] if sde_code else None,
            self._code(ode, ode_raw, issues),
            self._code(legislation, leg_raw, issues),
            self._code(obj, obj_raw, issues),
            self._code(outcome, outcome_raw, issues),
            self._bool("Outcome linked to object of search", linked_raw, issues),
            self._bool("Removal of more than just outer clothing", removal_raw, issues),
        )
        return codes, tuple(issues)

    def _coded(self, key: tuple[str, ...]) -> Coded:
        coded = _COMBOS.get(key)
        if coded is None:
            if len(_COMBOS) > _COMBOS_BOUND:
                _COMBOS.clear()
            coded = _COMBOS[key] = self._resolve(key)
        return coded

    def row(self, line: int, raw: str, fields: RawRow) -> Record | None:
        """The normalised record, or None when the row is rejected."""
        width = len(fields)
        if width != self.width:
            self._reject(line, "(row)", raw[:200], f"expected {self.width} fields, found {width}")
            return None
        date_raw = fields[1]
        if not date_raw:
            self._reject(
                line,
                "Date",
                "",
                "no date: a record that cannot be placed in time cannot be counted in any period",
            )
            return None
        try:
            when = localise_fields(date_raw)
        except ValueError:
            self._reject(line, "Date", date_raw, "not an ISO 8601 date and time, such as 2019-04-01T12:30:00+00:00")
            return None
        if not plausible(when[0], self.latest):
            self._reject(
                line,
                "Date",
                date_raw,
                f"not a plausible date for a record: before {EARLIEST_PLAUSIBLE[:4]} or after tomorrow",
            )
            return None
        codes, cached_issues = self._coded((fields[0], fields[2], *fields[6:15]))
        issues = list(cached_issues) if cached_issues else []
        if not has_offset(date_raw):
            issues.append(("Date", date_raw, "no time zone given; read as UTC, as data.police.uk writes"))
        latitude = longitude = None
        lat_raw, lon_raw = fields[4], fields[5]
        if lat_raw or lon_raw:
            try:
                latitude, longitude = float(lat_raw), float(lon_raw)
            except ValueError:
                issues.append(("Latitude", f"{lat_raw},{lon_raw}", "latitude and longitude must both be numbers"))
                latitude = longitude = None
            else:
                if not (
                    UK_LATITUDE[0] <= latitude <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= longitude <= UK_LONGITUDE[1]
                ):
                    issues.append(("Latitude", f"{lat_raw},{lon_raw}", "location is outside Great Britain; not used"))
                    latitude = longitude = None
        if width == 20:
            reference, grounds, officer, bwv_raw, neighbourhood = fields[15:]
            self.details[self.kept] = (
                reference,
                grounds,
                officer,
                self._bool("Body-worn video", bwv_raw, issues),
                neighbourhood,
            )
        flags = ""
        if issues:
            self.flagged += 1
            self.problems.extend(Problem(line, f, v, r, False) for f, v, r in issues)
            flags = ",".join(dict.fromkeys(f for f, _, _ in issues))
        self.kept += 1
        return (line, raw, *when, latitude, longitude, *codes, flags)

    def normalise(self, batch: Batch) -> pa.Table:
        """Every row of a unit, as a table of COLUMNS in line order; rejected rows left out.

        A row is coded column-wise only when nothing about it needs reporting: its date is
        in data.police.uk's own form (YYYY-MM-DDTHH:MM:SS+00:00, a real hour), every coded
        field is blank or recognised, the search type is given, and the location is blank
        or two plain decimals inside Great Britain. Every other row, and every misfit, goes
        through `row` in line order, so the problems and counts are exactly row by row.
        """
        if self.width != len(POLICE_UK_HEADER) or not len(batch.lines):
            return self._by_row(_rows_of(batch, None), batch.misfits)
        table, ok = _plain(batch)
        if ok is None and not batch.misfits:
            return table
        awkward: list[Row] = []
        if ok is not None:
            awkward = _rows_of(batch, pc.indices_nonzero(pc.invert(ok)))
            table = table.filter(ok)
        return pa.concat_tables([table, self._by_row(awkward, batch.misfits)]).sort_by("line")

    def _by_row(self, rows: list[Row], misfits: list[Row]) -> pa.Table:
        ordered = sorted([*rows, *misfits], key=lambda row: row[0]) if misfits else rows
        records = [record for row in ordered if (record := self.row(*row)) is not None]
        return records_table(records)

    def blank_counts(self, table: pa.Table) -> dict[str, int]:
        """Blank source values per completeness field: empty codes less unrecognised ones."""
        unrecognised = Counter(p.field for p in self.problems if not p.rejected)
        return {
            name: table.column(column).null_count - unrecognised[source]
            for name, (column, source) in COMPLETENESS_FIELDS.items()
        }


def _rows_of(batch: Batch, indices: pa.Array | None) -> list[Row]:
    """Rows of a batch as (line, raw, fields): all of them, or those at `indices`."""
    columns = [batch.lines, batch.raw, *batch.fields]
    if indices is not None:
        columns = [column.take(indices) for column in columns]
    values = [column.to_pylist() for column in columns]
    return [(line, raw, list(fields)) for line, raw, *fields in zip(*values, strict=True)]


# Where each coded column comes from in a data.police.uk row, with how `row` codes it.
_CODED = {
    "gender": 6,
    "age_band": 7,
    "sde_code": 8,
    "ode_group": 9,
    "legislation": 10,
    "object_of_search": 11,
    "outcome": 12,
}  # in _fields() order
_FLAGS = {"part_of_operation": 2, "outcome_linked": 13, "removal_more_than_outer": 14}
# The Date form data.police.uk writes, with minutes and seconds checked; the hour is
# checked by converting it. Any other form is read by `localise_fields`, row by row.
_PLAIN_DATE = r"^\d{4}-\d{2}-\d{2}T\d{2}:[0-5]\d:[0-5]\d\+00:00$"
# A coordinate as data.police.uk writes it, which Python's float() and Arrow's cast read
# identically (both round correctly); any other spelling is read by `row`.
_PLAIN_NUMBER = r"^-?\d{1,3}(\.\d{1,17})?$"
_HOURS = pa.schema(
    [("local_date", pa.string()), ("local_month", pa.string()), ("financial_year", pa.string()), ("hour", pa.int16())]
)


Decide = Callable[[str], tuple[tuple[object, ...], bool]]  # raw -> (outputs, recognised)


class _Codebook:
    """One field's raw values seen so far, each with what `row`'s look-ups make of it.

    Held as Arrow arrays, so a column is coded with two calls: find each value among those
    seen, and take its outputs. A value not seen before is decided once and added. The
    coded fields' codebooks are shared by every unit (the look-ups never change; a bound
    keeps them small); the hours' are a unit's own, as a unit has few hours and all units
    many.
    """

    def __init__(self, schema: pa.Schema, decide: Decide) -> None:
        self.schema, self.decide = schema, decide
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self.raws: list[str] = []
        self.decided: list[tuple[tuple[object, ...], bool]] = []
        self._arrays()

    def _arrays(self) -> None:
        self.values = pa.array(self.raws, pa.string())
        outputs = (
            zip(*(values for values, _ in self.decided), strict=True) if self.decided else [() for _ in self.schema]
        )
        arrays = [pa.array(values, f.type) for values, f in zip(outputs, self.schema, strict=True)]
        schema = self.schema
        if not all(ok for _, ok in self.decided):
            arrays.append(pa.array([not ok for _, ok in self.decided], pa.bool_()))
            schema = schema.append(pa.field("wrong", pa.bool_()))
        self.outputs = pa.table(arrays, schema=schema)

    def spread(self, column: pa.Array) -> pa.Table:
        """The outputs for every row of a column, and `wrong` if any of its values is."""
        with self._lock:
            found = pc.index_in(column, value_set=self.values)
            if found.null_count:
                if len(self.raws) > _CODEBOOK_BOUND:
                    self._clear()
                for raw in pc.unique(column.filter(pc.is_null(found))).to_pylist():
                    self.raws.append(raw)
                    self.decided.append(self.decide(raw))
                self._arrays()
                found = pc.index_in(column, value_set=self.values)
            return self.outputs.take(found)


_CODEBOOK_BOUND = 10_000


def _hour(utc_hour: str, latest: str) -> tuple[tuple[object, ...], bool]:
    try:
        day, month, fy, hour = local_hour(utc_hour)
    except ValueError:
        return (None, None, None, None), False
    return (day, month, fy, hour * 60), plausible(utc_hour, latest)


def _bool(raw: str) -> tuple[tuple[object, ...], bool]:
    value = _BOOLS.get(raw, _MISS)
    return ((None,), False) if value is _MISS else ((value,), True)


def _codebooks() -> list[tuple[int, _Codebook]]:
    """A codebook for each key field of a data.police.uk row, by its position."""
    search_type, fields = _Field("Type", "search type", _term(vocab.SEARCH_TYPES)), _fields()
    text = pa.string()

    def code(field: _Field) -> Decide:
        def decide(raw: str) -> tuple[tuple[object, ...], bool]:
            value, ok = field.decide(raw)
            return ((value, _GROUP[value] if value else None) if field is fields[2] else (value,)), ok

        return decide

    books = [
        (0, _Codebook(pa.schema([("type", text)]), lambda raw: code(search_type)(raw) if raw else ((None,), False)))
    ]
    for (name, position), field in zip(_CODED.items(), fields, strict=True):
        names = [(name, text), ("sde_group", text)] if name == "sde_code" else [(name, text)]
        books.append((position, _Codebook(pa.schema(names), code(field))))
    for name, position in _FLAGS.items():
        books.append((position, _Codebook(pa.schema([(name, pa.bool_())]), _bool)))
    return books


def _plain(batch: Batch) -> tuple[pa.Table, pa.Array | None]:
    """Every fitting row coded column-wise, and which of them are right (None: all are).

    Each value of a coded field, and each hour, is decided once, by the same look-ups `row`
    makes (see _Codebook). Values in rows that are not right are meaningless; `normalise`
    replaces those rows with `row`'s.
    """
    fields = batch.fields
    date, lat, lon = fields[1], fields[4], fields[5]
    spread = [book.spread(fields[position]) for position, book in _CODEBOOKS]
    hours = _Codebook(_HOURS, partial(_hour, latest=latest_plausible())).spread(pc.utf8_slice_codeunits(date, 0, 13))
    plain_date = pc.match_substring_regex(date, _PLAIN_DATE)
    minute = pc.utf8_slice_codeunits(pc.if_else(plain_date, date, "0000-00-00T00:00"), 14, 16)
    numbers = pc.and_(pc.match_substring_regex(lat, _PLAIN_NUMBER), pc.match_substring_regex(lon, _PLAIN_NUMBER))
    latitude = pc.cast(pc.if_else(numbers, lat, None), pa.float64())
    longitude = pc.cast(pc.if_else(numbers, lon, None), pa.float64())
    inside = pc.and_(
        pc.and_(pc.greater_equal(latitude, UK_LATITUDE[0]), pc.less_equal(latitude, UK_LATITUDE[1])),
        pc.and_(pc.greater_equal(longitude, UK_LONGITUDE[0]), pc.less_equal(longitude, UK_LONGITUDE[1])),
    )
    ok = pc.and_(plain_date, pc.or_(pc.fill_null(inside, False), pc.and_(pc.equal(lat, ""), pc.equal(lon, ""))))
    data = {
        "line": batch.lines,
        "raw": batch.raw,
        "occurred_at": pc.replace_substring(pc.utf8_slice_codeunits(date, 0, 19), "T", " ", max_replacements=1),
        "local_minute": pc.add(hours.column("hour"), pc.cast(minute, pa.int16())),
        "latitude": latitude,
        "longitude": longitude,
        "flags": pa.repeat(pa.scalar("", pa.string()), len(date)),
    }
    for table in [*spread, hours]:
        for name in table.column_names:
            if name == "wrong":
                ok = pc.and_not(ok, table.column(name))
            elif name != "hour":
                data[name] = table.column(name)
    table = pa.table([data[name] for name in COLUMNS], schema=RECORD_SCHEMA)
    return table, (None if pc.all(ok).as_py() else ok)


_CODEBOOKS = _codebooks()
