"""Check and code each raw row: the canonical stop-and-search schema, declared once.

A row is rejected only when it cannot be placed in time (no usable `Date`) or its shape is
wrong (too many or too few fields). Any other value Parity does not recognise is kept raw,
its code left empty, and the row flagged, so nothing is silently dropped or guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from parity.powers.importing.adapters import RawRow
from parity.reference import ethnicity, vocab
from parity.reference.calendar import has_offset, localise_fields

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
        key = (fields[0], fields[2], *fields[6:15])
        coded = _COMBOS.get(key)
        if coded is None:
            if len(_COMBOS) > _COMBOS_BOUND:
                _COMBOS.clear()
            coded = _COMBOS[key] = self._resolve(key)
        codes, cached_issues = coded
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

    def blank_counts(self, columns: list[tuple[object, ...]]) -> dict[str, int]:
        """Blank source values per completeness field: empty codes less unrecognised ones."""
        unrecognised = Counter(p.field for p in self.problems if not p.rejected)
        return {
            name: columns[COLUMNS.index(column)].count(None) - unrecognised[source]
            for name, (column, source) in COMPLETENESS_FIELDS.items()
        }
