"""Section 163 Road Traffic Act vehicle stops by ethnicity (METHODS.md §2.3).

A section 163 stop needs no suspicion and has no national recording standard, so Parity
records every person in the vehicle. This module turns those records into the figures the
platform publishes:

- stops by the driver's ethnicity, and passengers by theirs (`stop_counts`);
- rates per 1,000 residents and the ratio to a reference group, labelled as a weak benchmark,
  because the people who live in a force area are not the people who drive in it;
- the share ratio, (share of stops in group g) / (share of residents in group g), the form of
  the Metropolitan Police's 2021 pilot figure (16.5% of stopped drivers Black against 13.5% of
  residents, 1.22);
- what followed the stop (search, arrest and each recorded outcome) by the driver's
  ethnicity, as proportions of stops with intervals and a ratio to the reference group
  (`stop_outcomes`).

Inputs are plain: a sequence of `VehicleStop` records, or the equivalent pandas DataFrame
with one row per person (`occupants_frame` documents its columns and builds it). Census
populations are passed in as a mapping, so nothing here touches the database or warehouse;
`parity.warehouse.queries.populations(census_year, "5+1", [force])[force]` gives one.

Small numbers are protected inside the results (METHODS.md §3.2, `Rules`): counts from 1 to
the disclosure threshold are hidden, with further cells hidden so that totals cannot give
them back, and everything derived from a hidden count is hidden with it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

import pandas as pd

from parity.analysis import intervals, statements
from parity.analysis.groups import Basis, Classification, Reference, Scheme, scheme
from parity.analysis.protection import Cells, Status
from parity.analysis.rates import GroupRate
from parity.analysis.results import Context, Exclusion, Proportion, clean, find_group
from parity.analysis.rules import Rules
from parity.reference import ethnicity

Role = Literal["driver", "passenger"]
ROLES: tuple[Role, ...] = ("driver", "passenger")
ALL = "all"

WEAK_BENCHMARK = (
    "Weak benchmark: these rates divide stops by the people who live in the force area (census "
    "usual residents), but the people who drive there are not the same people. Who holds a licence, "
    "has the use of a vehicle, how much, when and where they drive, and who drives through the area "
    "from elsewhere all differ between ethnic groups. A higher rate can reflect those differences as "
    "well as whom officers choose to stop, so it is a starting point for questions, not a measure of "
    "bias. The veil-of-darkness test compares stops with each other and needs no population figures."
)
PASSENGER_NOTE = (
    "Passengers are counted as people, not stops: a car with three passengers adds three. Officers "
    "stop vehicles, usually without choosing the passengers, so passenger figures describe who was in "
    "the vehicles stopped rather than whom officers chose to stop."
)
OUTCOME_CAVEAT = (
    "Outcomes are recorded for the stop, not for each person, and are shown by the driver's "
    "ethnicity. A difference between groups says what followed stops of drivers in each group; it "
    "does not say why, and a search or arrest may concern a passenger."
)
_HIDDEN = "Suppressed: too few stops to show without risk of identifying someone."
_NOT_STATED_WORDS = {"ns", "not stated", "not_stated", "prefer not to say", "prefer_not_to_say"}

# --- records --------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupant:
    """One person in a stopped vehicle.

    `self_defined` is a 2021 census 19+1 code (W1 ... O9) or "NS" for "prefer not to say";
    `officer_defined` is the officer's perception, a 5+1 group ("white", "black", ...). None
    means not recorded. The two are never mixed in one figure.
    """

    role: Role
    self_defined: str | None = None
    officer_defined: str | None = None
    age_band: str | None = None
    gender: str | None = None


@dataclass(frozen=True)
class VehicleStop:
    """One section 163 stop and everyone in the vehicle.

    `stopped_at` is an aware datetime (or naive local clock time); `area` is the force or
    area slug used for reference points and area effects; `outcome` is the recorded outcome
    category ("no further action", "traffic offence report", "arrest" ...); `searched` and
    `arrested` say whether a search or an arrest followed (None: not recorded).
    """

    reference: str
    stopped_at: datetime | None
    occupants: tuple[Occupant, ...]
    latitude: float | None = None
    longitude: float | None = None
    area: str | None = None
    reason: str | None = None
    outcome: str | None = None
    searched: bool | None = None
    arrested: bool | None = None


OCCUPANT_COLUMNS = (
    "stop",  # the stop's reference; every person in one vehicle shares it
    "role",  # "driver" or "passenger"
    "self_defined",  # 19+1 code, "NS", or None
    "officer_defined",  # 5+1 group value, or None
    "age_band",
    "gender",
    "stopped_at",
    "latitude",
    "longitude",
    "area",
    "reason",
    "outcome",
    "searched",
    "arrested",
)
_REQUIRED = ("stop", "role")


def occupants_frame(stops: Iterable[VehicleStop]) -> pd.DataFrame:
    """One row per person in a stopped vehicle, with the stop's fields repeated on each row.

    This is the DataFrame every function here also accepts (columns `OCCUPANT_COLUMNS`;
    only `stop`, `role` and the ethnicity column in use are required). A stop recorded with
    nobody in it still gets one row, with role None, so that it is counted as a stop.
    """
    rows: list[tuple[Any, ...]] = []
    for stop in stops:
        fields = (
            stop.stopped_at,
            stop.latitude,
            stop.longitude,
            stop.area,
            stop.reason,
            stop.outcome,
            stop.searched,
            stop.arrested,
        )
        people = stop.occupants or (None,)
        for person in people:
            if person is None:
                rows.append((stop.reference, None, None, None, None, None, *fields))
            else:
                rows.append(
                    (
                        stop.reference,
                        person.role,
                        person.self_defined,
                        person.officer_defined,
                        person.age_band,
                        person.gender,
                        *fields,
                    )
                )
    frame = pd.DataFrame(rows, columns=list(OCCUPANT_COLUMNS))
    for name in ("searched", "arrested"):
        frame[name] = frame[name].astype("boolean")
    return frame


Stops = Sequence[VehicleStop] | pd.DataFrame


def as_occupants(stops: Stops) -> pd.DataFrame:
    """The occupant frame for records or a frame, checking the required columns."""
    if isinstance(stops, pd.DataFrame):
        missing = [c for c in _REQUIRED if c not in stops.columns]
        if missing:
            raise ValueError(
                f"the vehicle-stop frame has no column {', '.join(missing)}; it needs one row per person "
                f"with at least {', '.join(_REQUIRED)} (see parity.analysis.vehicle_stops.OCCUPANT_COLUMNS)"
            )
        bad = sorted({str(r) for r in stops["role"].dropna().unique()} - set(ROLES))
        if bad:
            raise ValueError(f"column role must be driver or passenger; found {', '.join(bad)}")
        return stops
    return occupants_frame(stops)


def driver_frame(stops: Stops, *, basis: Basis = "self-defined") -> pd.DataFrame:
    """One row per stop: its fields and the driver's ethnicity (column `ethnicity`).

    The input to the veil-of-darkness test. A stop without a recorded driver keeps its row,
    with ethnicity None (not recorded); a stop with two rows marked driver is an error.
    """
    frame = as_occupants(stops)
    column = _ethnicity_column(basis)
    if column not in frame.columns:
        raise ValueError(f"the vehicle-stop frame has no column {column} for {basis} ethnicity")
    drivers = frame[frame["role"] == "driver"]
    doubled = drivers["stop"][drivers["stop"].duplicated()]
    if len(doubled):
        raise ValueError(f"stop {doubled.iloc[0]!r} has more than one driver")
    stop_fields = [c for c in OCCUPANT_COLUMNS[6:] if c in frame.columns]
    per_stop = frame.drop_duplicates("stop")[["stop", *stop_fields]]
    merged = per_stop.merge(drivers[["stop", column]], on="stop", how="left")
    return merged.rename(columns={column: "ethnicity"}).reset_index(drop=True)


def _ethnicity_column(basis: Basis) -> str:
    if basis == "self-defined":
        return "self_defined"
    if basis == "officer-defined":
        return "officer_defined"
    raise ValueError(f"ethnicity must be self-defined or officer-defined, not {basis!r}")


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def classify(value: object, groups: Scheme) -> tuple[str | None, bool]:
    """The table row for one recorded ethnicity, and whether the value was recognised.

    Row None is "not recorded" (blank, or a value that is not recognised; the flag tells
    them apart so that unrecognised values can be counted and reported).
    """
    if _missing(value):
        return None, True
    text = str(value).strip()
    if text.lower() in _NOT_STATED_WORDS:
        return groups.not_stated, True
    if groups.basis == "officer-defined":
        found = ethnicity.officer_defined_group(text)
        if found is None:
            return None, False
        return (groups.not_stated if found is ethnicity.Group.NOT_STATED else found.value), True
    code = ethnicity.self_defined_code(text)
    if code == "NS":
        return groups.not_stated, True
    if code is not None:
        return (code if groups.classification == "detailed" else ethnicity.group_of(code).value), True
    if groups.classification == "5+1":
        key = text.lower()
        for group in ethnicity.GROUPS_STATED:
            if key in {group.value, group.label.lower()}:
                return group.value, True
    return None, False


def _rows(groups: Scheme) -> list[str | None]:
    return [*groups.stated, groups.not_stated, None]


def _classified(frame: pd.DataFrame, groups: Scheme) -> tuple[pd.Series, int]:
    column = _ethnicity_column(groups.basis)
    if column not in frame.columns:
        raise ValueError(f"the vehicle-stop frame has no column {column} for {groups.basis} ethnicity")
    return _classify_values(frame[column], groups)


def _classify_values(values: pd.Series, groups: Scheme) -> tuple[pd.Series, int]:
    """Rows for a column of recorded ethnicities (each distinct value classified once)."""
    plain = values.astype("object").where(values.notna(), None).tolist()
    lookup = {v: classify(v, groups) for v in set(plain)}
    pairs = [lookup[v] for v in plain]
    codes = pd.Series([p[0] for p in pairs], index=values.index, dtype="object")
    return codes, sum(1 for p in pairs if not p[1])


def _unrecognised_warning(count: int, groups: Scheme) -> list[str]:
    if not count:
        return []
    return [f"{count:,} {groups.basis} ethnicity value(s) were not recognised and are counted as not recorded."]


# --- stops by ethnicity, rates and share ratios -----------------------------------------


T = TypeVar("T")


class _FromRate(Generic[T]):
    """A vehicle-stop row's published name for a field of its rate row (read only)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, row: GroupStops, owner: type | None = None) -> T:
        return getattr(row.rate, self.name)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class GroupStops:
    """One group's stops (or passengers): a rate row of `analysis.rates`, plus the shares.

    The count, rate per 1,000 residents, ratio to the reference group, reliability and
    suppression are a `GroupRate` (`rate`), built and protected as for searches; what only a
    vehicle stop publishes is held beside it: the share of stops against the share of
    residents (the Metropolitan Police's pilot figure) with its interval. The published
    field names (`count`, `rate_ratio` ...) are those of the vehicle-stop JSON, which is
    older than this shape and must not change (decision 8), so they read through to it here.
    """

    rate: GroupRate  # count in `searches`, share of stated in `share_of_stated`
    share_ci_low: float | None
    share_ci_high: float | None
    population_share: float | None  # of all residents
    share_ratio: float | None
    share_ratio_ci_low: float | None
    share_ratio_ci_high: float | None
    unit: str = field(default="stops", repr=False)

    group = _FromRate[str]("group")
    code = _FromRate[str]("code")
    count = _FromRate[int | None]("searches")
    share = _FromRate[float | None]("share_of_stated")  # of everyone whose ethnicity is stated
    population = _FromRate[int | None]("population")
    rate_per_1000 = _FromRate[float | None]("rate_per_1000")
    rate_ci_low = _FromRate[float | None]("rate_ci_low")
    rate_ci_high = _FromRate[float | None]("rate_ci_high")
    rate_ratio = _FromRate[float | None]("ratio")
    rate_ratio_ci_low = _FromRate[float | None]("ratio_ci_low")
    rate_ratio_ci_high = _FromRate[float | None]("ratio_ci_high")
    rate_ratio_method = _FromRate[str | None]("ratio_method")
    p_value = _FromRate[float | None]("p_value")
    reference = _FromRate[bool]("reference")
    unreliable = _FromRate[bool]("unreliable")
    suppressed = _FromRate[bool]("suppressed")
    warnings = _FromRate[tuple[str, ...]]("warnings")

    @property
    def statement(self) -> str:
        """The share ratio and rate ratio in words, or why they are not given."""
        rate = self.rate
        if rate.suppressed:
            return f"{rate.group}: not shown, to protect the identity of the few people involved."
        if rate.code == ALL:
            return f"{rate.searches:,} {self.unit} in all." if rate.searches is not None else ""
        who = statements.people(rate.group, rate.basis)  # type: ignore[arg-type]
        who = who[0].upper() + who[1:]
        parts: list[str] = []
        if rate.share_of_stated is not None:
            text = f"{who} were {statements.percent(rate.share_of_stated)} of {self.unit} where ethnicity was stated"
            if self.population_share is not None and self.share_ratio is not None:
                text += (
                    f", against {statements.percent(self.population_share)} of residents: a share ratio of "
                    f"{statements.one_dp(self.share_ratio)}"
                )
                if self.share_ratio_ci_low is not None and self.share_ratio_ci_high is not None:
                    text += (
                        f" ({rate.confidence:.0%} interval {statements.one_dp(self.share_ratio_ci_low)} to "
                        f"{statements.one_dp(self.share_ratio_ci_high)})"
                    )
            parts.append(text + ".")
        if rate.ratio is not None and not rate.reference:
            parts.append(
                f"Per resident, that is {statements.one_dp(rate.ratio)} times the rate for "
                f"{statements.people(rate.reference_label, rate.basis)}."  # type: ignore[arg-type]
            )
        if rate.unreliable:
            parts.append("It rests on few stops, so treat it with caution.")
        return " ".join(parts) or f"{rate.group}: no figures can be given."

    def as_dict(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "group": rate.group,
            "code": rate.code,
            "count": rate.searches,
            "share": rate.share_of_stated,
            "share_ci_low": self.share_ci_low,
            "share_ci_high": self.share_ci_high,
            "population": rate.population,
            "population_share": self.population_share,
            "share_ratio": self.share_ratio,
            "share_ratio_ci_low": self.share_ratio_ci_low,
            "share_ratio_ci_high": self.share_ratio_ci_high,
            "rate_per_1000": rate.rate_per_1000,
            "rate_ci_low": rate.rate_ci_low,
            "rate_ci_high": rate.rate_ci_high,
            "rate_ratio": rate.ratio,
            "rate_ratio_ci_low": rate.ratio_ci_low,
            "rate_ratio_ci_high": rate.ratio_ci_high,
            "rate_ratio_method": rate.ratio_method,
            "p_value": rate.p_value,
            "reference": rate.reference,
            "unreliable": rate.unreliable,
            "suppressed": rate.suppressed,
            "statement": self.statement,
            "warnings": list(rate.warnings),
        }


@dataclass(frozen=True)
class VehicleStopCounts:
    """Stops by driver ethnicity, or passengers by theirs, with rates against residents."""

    role: Role
    unit: str  # "stops" (one per driver) or "passengers"
    basis: str
    classification: str
    census_year: int | None
    reference_group: str
    groups: tuple[GroupStops, ...]
    total: GroupStops
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    rules: Rules
    context: Context | None = None
    benchmark_caveat: str = WEAK_BENCHMARK

    def group(self, code_or_label: str) -> GroupStops:
        return find_group(self.groups, code_or_label)

    @property
    def method(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "share": "count / everyone whose ethnicity is stated; Wilson score interval "
            f"(Clopper-Pearson where a count is below {self.rules.exact_below})",
            "share_ratio": "share of stops / share of residents; the census share is treated as known, so "
            "the interval is the share's interval divided by it",
            "rate": "count per 1,000 census residents; Byar's approximation, exact (Garwood) below 10",
            "rate_ratio": "rate / reference group's rate; Poisson log-Wald, exact conditional where a count "
            f"is below {self.rules.exact_below}",
            "benchmark": "census usual residents of the area (weak: not the driving population)",
            "confidence": self.rules.confidence,
            "protection": self.rules.describe(),
        }

    def as_dict(self) -> dict[str, Any]:
        head = self.context.head() if self.context else {}
        return {
            **head,
            "analysis": "vehicle-stops-by-ethnicity",
            "role": self.role,
            "unit": self.unit,
            "ethnicity": self.basis,
            "classification": self.classification,
            "census_year": self.census_year,
            "reference_group": self.reference_group,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "exclusions": [e.as_dict() for e in self.exclusions],
            "warnings": list(self.warnings),
            "benchmark_caveat": self.benchmark_caveat,
            "method": self.method,
            "rules": self.rules.as_dict(),
        }


def stop_counts(
    stops: Stops,
    *,
    role: Role = "driver",
    basis: Basis = "self-defined",
    classification: Classification = "5+1",
    reference: str = "White",
    populations: Mapping[str, int] | None = None,
    census_year: int | None = None,
    context: Context | None = None,
    rules: Rules | None = None,
) -> VehicleStopCounts:
    """Stops by the driver's ethnicity (role "driver") or passengers by theirs ("passenger").

    `populations` maps group codes (and "all") to census usual residents of the area; without
    it, counts and shares are given and rates, share ratios and rate ratios are not.
    """
    rules = rules or Rules()
    if role not in ROLES:
        raise ValueError(f"role must be driver or passenger, not {role!r}")
    groups = scheme(basis, classification)
    ref = groups.reference(reference)
    frame = as_occupants(stops)
    people = frame[frame["role"] == role]
    codes, unrecognised = _classified(people, groups)
    rows = _rows(groups)
    counts: dict[str | None, int] = dict.fromkeys(rows, 0)
    for code, n in codes.value_counts(dropna=False).items():
        counts[None if _missing(code) else str(code)] += int(n)
    status = _protect_counts(groups, counts, rules.disclosure_threshold)
    unit = "stops" if role == "driver" else "passengers"
    warnings = _unrecognised_warning(unrecognised, groups)
    if role == "passenger":
        warnings.append(PASSENGER_NOTE)
    if populations is None:
        warnings.append("No census populations were given, so there are no rates or share ratios.")
    table = _Table(groups, ref, counts, status, populations, rules, unit)
    built = tuple(_group_row(table, code) for code in [*groups.stated, ALL])
    exclusions = []
    for row, reason in (
        (groups.not_stated, "Ethnicity not stated (prefer not to say)"),
        (None, "Ethnicity not recorded"),
    ):
        hidden = status[row] is not Status.SHOWN
        exclusions.append(Exclusion(reason, None if hidden else counts[row], hidden))
    if role == "driver":
        no_driver = int(frame.loc[~frame["stop"].isin(people["stop"]), "stop"].nunique())
        if no_driver:
            exclusions.append(Exclusion("Stops recorded without a driver", no_driver))
    return VehicleStopCounts(
        role=role,
        unit=unit,
        basis=basis,
        classification=classification,
        census_year=census_year,
        reference_group=ref.label,
        groups=built[:-1],
        total=built[-1],
        exclusions=tuple(exclusions),
        warnings=tuple(dict.fromkeys(warnings)),
        rules=rules,
        context=context,
    )


STATED = "stated"


def _protect_counts(groups: Scheme, counts: Mapping[str | None, int], threshold: int) -> dict[Any, Status]:
    """Protect each group's count, with the stated total as its own line.

    Shares are of the stated total, so a share reveals that total; it must therefore be a
    line of its own, or one hidden group could be recovered from the shown ones.
    """
    cells = Cells()
    for row in _rows(groups):
        cells.add(row, counts[row])
    cells.add(STATED, sum(counts[c] for c in groups.stated))
    cells.add(ALL, sum(counts.values()))
    cells.line(STATED, list(groups.stated))
    cells.line(ALL, [STATED, groups.not_stated, None])
    return cells.protect(threshold)


def _members_total(values: Mapping[Any, int], ref: Reference) -> int:
    return sum(int(values.get(m, 0)) for m in ref.members)


@dataclass(frozen=True)
class _Table:
    """What every row of a counts table is computed from."""

    groups: Scheme
    ref: Reference
    counts: Mapping[str | None, int]
    status: Mapping[Any, Status]
    populations: Mapping[str, int] | None
    rules: Rules
    unit: str

    @property
    def stated_total(self) -> int | None:
        """Everyone with a stated ethnicity; None when protection hides that total."""
        if self.status[STATED] is not Status.SHOWN:
            return None
        return sum(self.counts[c] for c in self.groups.stated)

    @property
    def residents(self) -> int | None:
        pops = self.populations or {}
        return pops.get(ALL) or sum(pops.get(c, 0) for c in self.groups.stated) or None

    def population(self, code: str) -> int | None:
        if self.populations is None:
            return None
        return self.residents if code == ALL else self.populations.get(code)


def _blank(
    table: _Table, code: str, *, notes: tuple[str, ...], suppressed: bool, count: int | None = None
) -> GroupRate:
    """The rate row with the count alone; `_group_row` adds what the rules allow."""
    return GroupRate(
        group="All" if code == ALL else table.groups.label(code),
        code=code,
        searches=count,
        population=None,
        rate_per_1000=None,
        rate_ci_low=None,
        rate_ci_high=None,
        share_of_stated=None,
        ratio=None,
        ratio_ci_low=None,
        ratio_ci_high=None,
        ratio_method=None,
        p_value=None,
        reference=code == table.ref.code,
        unreliable=False,
        suppressed=suppressed,
        sensitivity=None,
        warnings=notes,
        reference_label=table.ref.label,
        basis=table.groups.basis,
        confidence=table.rules.confidence,
    )


_NO_SHARES: dict[str, Any] = dict.fromkeys(
    (
        "share_ci_low",
        "share_ci_high",
        "population_share",
        "share_ratio",
        "share_ratio_ci_low",
        "share_ratio_ci_high",
    )
)


def _group_row(table: _Table, code: str) -> GroupStops:
    """One row: count, share of stated, share ratio, rate and rate ratio, as the rules allow."""
    rules, unit = table.rules, table.unit
    if table.status[code] is not Status.SHOWN:
        return GroupStops(rate=_blank(table, code, notes=(_HIDDEN,), suppressed=True), unit=unit, **_NO_SHARES)
    k = sum(table.counts.values()) if code == ALL else table.counts[code]
    notes: list[str] = []
    rate: dict[str, Any] = {}  # changes to the rate row
    shares: dict[str, Any] = dict(_NO_SHARES)
    stated = table.stated_total
    if code != ALL and stated:
        low, high, _ = intervals.proportion_limits(
            [k], [stated], exact_below=rules.exact_below, confidence=rules.confidence
        )
        rate["share_of_stated"] = k / stated
        shares.update(share_ci_low=clean(low[0]), share_ci_high=clean(high[0]))
    population, residents = table.population(code), table.residents
    if table.populations is not None and not population:
        notes.append("No census population for this group, so there is no rate.")
    elif population and residents:
        rate["population"] = population
        shares["population_share"] = None if code == ALL else population / residents
        if k < rules.min_events_for_rate:
            notes.append(f"Fewer than {rules.min_events_for_rate} {unit}: no rate or ratio is given.")
        else:
            rate.update(_rates(table, code, k=k, population=population, notes=notes))
            shares.update(_share_ratio(rate.get("share_of_stated"), shares))
    if code != ALL and k < rules.unreliable_below:
        rate["unreliable"] = True
        notes.append(f"Fewer than {rules.unreliable_below} {unit} behind this figure: treat it as unreliable.")
    row = replace(_blank(table, code, notes=tuple(notes), suppressed=False, count=k), **rate)
    return GroupStops(rate=row, unit=unit, **shares)


def _share_ratio(share: float | None, shares: Mapping[str, Any]) -> dict[str, Any]:
    """Share of stops / share of residents; the census share is taken as known, so the
    interval is the share's interval divided by it."""
    pop_share = shares.get("population_share")
    if share is None or not pop_share:
        return {}
    return {
        "share_ratio": share / pop_share,
        "share_ratio_ci_low": shares["share_ci_low"] / pop_share,
        "share_ratio_ci_high": shares["share_ci_high"] / pop_share,
    }


def _rates(table: _Table, code: str, *, k: int, population: int, notes: list[str]) -> dict[str, Any]:
    """Rate per 1,000 residents and rate ratio (as `GroupRate` fields) for a count that may be shown."""
    rules = table.rules
    low, high = intervals.rate_limits([k], confidence=rules.confidence)
    out: dict[str, Any] = {
        "rate_per_1000": 1000 * k / population,
        "rate_ci_low": clean(1000 * low[0] / population),
        "rate_ci_high": clean(1000 * high[0] / population),
    }
    if code in (ALL, table.ref.code):
        return out
    ref_count = _members_total(table.counts, table.ref)
    ref_pop = _members_total(table.populations or {}, table.ref)
    if any(table.status[m] is not Status.SHOWN for m in table.ref.members):
        notes.append("No ratio: the reference group's count is suppressed.")
    elif ref_pop <= 0 or ref_count < rules.min_events_for_rate:
        notes.append("No ratio: the reference group's rate is not available.")
    else:
        est = intervals.rate_ratio(
            k, population, ref_count, ref_pop, exact_below=rules.exact_below, confidence=rules.confidence
        )
        out.update(
            ratio=clean(est.ratio),
            ratio_ci_low=clean(est.low),
            ratio_ci_high=clean(est.high),
            ratio_method=est.method,
            p_value=clean(est.p_value),
        )
        if est.reason:
            notes.append(est.reason)
    return out


# --- what followed the stop -------------------------------------------------------------


@dataclass(frozen=True)
class GroupOutcomes:
    """What followed stops of drivers in one group: each a share of stops with it recorded."""

    group: str
    code: str
    stops: int | None
    searched: Proportion | None
    arrested: Proportion | None
    outcomes: tuple[tuple[str, Proportion], ...]
    reference: bool
    suppressed: bool
    warnings: tuple[str, ...] = ()

    def outcome(self, name: str) -> Proportion:
        for key, value in self.outcomes:
            if key == name:
                return value
        raise KeyError(f"no outcome {name!r}; recorded outcomes are {', '.join(k for k, _ in self.outcomes)}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "code": self.code,
            "stops": self.stops,
            "searched": self.searched.as_dict() if self.searched else None,
            "arrested": self.arrested.as_dict() if self.arrested else None,
            "outcomes": {k: v.as_dict() for k, v in self.outcomes},
            "reference": self.reference,
            "suppressed": self.suppressed,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class VehicleStopOutcomes:
    """Search, arrest and recorded outcomes after vehicle stops, by the driver's ethnicity."""

    basis: str
    classification: str
    reference_group: str
    outcome_names: tuple[str, ...]
    groups: tuple[GroupOutcomes, ...]
    total: GroupOutcomes
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    rules: Rules
    context: Context | None = None
    caveat: str = OUTCOME_CAVEAT

    def group(self, code_or_label: str) -> GroupOutcomes:
        return find_group(self.groups, code_or_label)

    def as_dict(self) -> dict[str, Any]:
        head = self.context.head() if self.context else {}
        return {
            **head,
            "analysis": "vehicle-stop-outcomes",
            "unit": "stops, by the driver's ethnicity",
            "ethnicity": self.basis,
            "classification": self.classification,
            "reference_group": self.reference_group,
            "outcome_names": list(self.outcome_names),
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total.as_dict(),
            "exclusions": [e.as_dict() for e in self.exclusions],
            "warnings": list(self.warnings),
            "caveat": self.caveat,
            "method": {
                "proportion": "stops where it happened / stops where it was recorded",
                "proportion_interval": f"Wilson score; Clopper-Pearson where a count is below {self.rules.exact_below}",
                "ratio_interval": "Katz log method (each stop counted once)",
                "confidence": self.rules.confidence,
                "protection": self.rules.describe(),
            },
            "rules": self.rules.as_dict(),
        }


def stop_outcomes(
    stops: Stops,
    *,
    basis: Basis = "self-defined",
    classification: Classification = "5+1",
    reference: str = "White",
    context: Context | None = None,
    rules: Rules | None = None,
) -> VehicleStopOutcomes:
    """Shares of stops followed by a search, an arrest and each recorded outcome, by driver.

    A measure's denominator is the stops where it was recorded (`searched` or `arrested` not
    None; `outcome` not blank), so a blank is never read as "no".
    """
    rules = rules or Rules()
    groups = scheme(basis, classification)
    ref = groups.reference(reference)
    if ref.aggregate:
        raise ValueError("outcomes compare table rows; choose a detailed group or use the 5+1 groups")
    drivers = driver_frame(stops, basis=basis)
    tally = _tabulate(drivers, groups)
    rows = _rows(groups)
    status = _protect_outcomes(rows, tally.names, tally.table, rules.disclosure_threshold)
    table = _OutcomeTable(groups, ref, rows, tally.names, tally.table, status, rules, tally.measures)
    exclusions = []
    for row, reason in (
        (groups.not_stated, "Driver's ethnicity not stated (prefer not to say)"),
        (None, "Driver's ethnicity not recorded"),
    ):
        is_hidden = table.hidden(row, "stops")
        exclusions.append(Exclusion(reason, None if is_hidden else table.value(row, "stops"), is_hidden))
    for measure, blank in tally.blank.items():
        if blank:
            exclusions.append(Exclusion(f"Stops with {measure} not recorded (left out of the {measure} shares)", blank))
    warnings = _unrecognised_warning(tally.unrecognised, groups)
    for measure in ("searched", "arrested"):
        if measure not in tally.measures:
            warnings.append(f"Whether a stop was followed by {measure[:-2]} is not in the data, so it is not shown.")
    return VehicleStopOutcomes(
        basis=basis,
        classification=classification,
        reference_group=ref.label,
        outcome_names=tally.names,
        groups=tuple(table.group(code) for code in groups.stated),
        total=table.group(ALL),
        exclusions=tuple(exclusions),
        warnings=tuple(warnings),
        rules=rules,
        context=context,
    )


@dataclass(frozen=True)
class _Tally:
    table: dict[Hashable, int]
    names: tuple[str, ...]  # recorded outcomes, most frequent first
    measures: tuple[str, ...]  # "searched" and "arrested", where the data has them
    blank: dict[str, int]  # stops where a measure (or the outcome) is not recorded
    unrecognised: int


def _tabulate(drivers: pd.DataFrame, groups: Scheme) -> _Tally:
    """Counts of stops by driver row and by each measure: known, yes and no, and outcomes."""
    table: dict[Hashable, int] = {}

    def add(key: Hashable) -> None:
        table[key] = table.get(key, 0) + 1

    codes, unrecognised = _classify_values(drivers["ethnicity"], groups)
    raw = drivers["outcome"].tolist() if "outcome" in drivers.columns else [None] * len(drivers)
    outcome_of = [None if _missing(v) else str(v).strip() for v in raw]
    measures = tuple(m for m in ("searched", "arrested") if m in drivers.columns)
    flags = {m: [None if _missing(v) else bool(v) for v in drivers[m].tolist()] for m in measures}
    for i, row in enumerate(codes.tolist()):
        add((row, "stops"))
        for measure, values in flags.items():
            if values[i] is not None:
                add((row, measure, "known"))
                add((row, measure, "yes" if values[i] else "no"))
        if outcome_of[i] is not None:
            add((row, "outcome", "known"))
            add((row, "outcome", outcome_of[i]))
    frequency = _tally(o for o in outcome_of if o is not None)
    names = tuple(name for name, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0])))
    blank = {m: sum(1 for v in flags[m] if v is None) for m in measures}
    blank["outcome"] = sum(1 for o in outcome_of if o is None)
    return _Tally(table, names, measures, blank, unrecognised)


@dataclass(frozen=True)
class _OutcomeTable:
    groups: Scheme
    ref: Reference
    rows: list[str | None]
    names: tuple[str, ...]
    table: Mapping[Hashable, int]
    status: Mapping[Any, Status]
    rules: Rules
    measures: tuple[str, ...]

    def value(self, row: str | None, *key: str) -> int:
        if row == ALL:
            return sum(self.table.get((r, *key), 0) for r in self.rows)
        return self.table.get((row, *key), 0)

    def hidden(self, row: str | None, *key: str) -> bool:
        return self.status[(row, *key)] is not Status.SHOWN

    def proportion(
        self, row: str | None, part: tuple[str, str], whole: tuple[str, str], complement: tuple[str, str]
    ) -> Proportion:
        rules = self.rules
        if self.hidden(row, *part) or self.hidden(row, *whole) or self.hidden(row, *complement):
            return Proportion(None, None, None, None, None, None, None, None, None, False, True, (_HIDDEN,))
        k, n = self.value(row, *part), self.value(row, *whole)
        if n < rules.min_events_for_rate:
            note = f"Fewer than {rules.min_events_for_rate} stops with this recorded: no share is given."
            return Proportion(k, n, None, None, None, None, None, None, None, False, False, (note,))
        low, high, exact = intervals.proportion_limits(
            [k], [n], exact_below=rules.exact_below, confidence=rules.confidence
        )
        notes: list[str] = []
        ratio = self._ratio(row, part, whole, k=k, n=n, notes=notes)
        unreliable = k < rules.unreliable_below
        if unreliable:
            notes.append(f"Fewer than {rules.unreliable_below} behind this figure: treat it as unreliable.")
        method = "clopper-pearson" if exact[0] else "wilson"
        return Proportion(k, n, k / n, clean(low[0]), clean(high[0]), method, *ratio, unreliable, False, tuple(notes))

    def _ratio(
        self, row: str | None, part: tuple[str, str], whole: tuple[str, str], *, k: int, n: int, notes: list[str]
    ) -> tuple[float | None, float | None, float | None]:
        """The Katz ratio to the reference group's share, or why there is none."""
        ref = self.ref.code
        if row in (ref, ALL):
            return None, None, None
        rk, rn = self.value(ref, *part), self.value(ref, *whole)
        if self.hidden(ref, *part) or self.hidden(ref, *whole) or rn < self.rules.min_events_for_rate:
            notes.append("No ratio: the reference group's figure is not available.")
            return None, None, None
        if rk == 0:
            notes.append("No ratio: the reference group's share is zero.")
            return None, None, None
        rr, lo, hi = intervals.katz_log([k], [n], [rk], [rn], confidence=self.rules.confidence)
        return clean(rr[0]), clean(lo[0]), clean(hi[0])

    def group(self, row: str | None) -> GroupOutcomes:
        is_hidden = self.hidden(row, "stops")
        shares = {
            m: self.proportion(row, (m, "yes"), (m, "known"), (m, "no")) if m in self.measures else None
            for m in ("searched", "arrested")
        }
        return GroupOutcomes(
            group="All" if row == ALL else self.groups.label(row),
            code=row or "",
            stops=None if is_hidden else self.value(row, "stops"),
            searched=shares["searched"],
            arrested=shares["arrested"],
            outcomes=tuple(
                (name, self.proportion(row, ("outcome", name), ("outcome", "known"), ("outcome", f"not {name}")))
                for name in self.names
            ),
            reference=row == self.ref.code,
            suppressed=is_hidden,
            warnings=(_HIDDEN,) if is_hidden else (),
        )


def _tally(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def _protect_outcomes(
    rows: list[str | None], names: Sequence[str], table: Mapping[Hashable, int], threshold: int
) -> dict[Any, Status]:
    """Protect each count, its complement (stops where it did not happen) and the column totals.

    "97 of 100 stops had no search" must not reveal that 3 did, so each share's complement
    is a cell of the same line; how many stops lack a record is about recording, not people.
    """
    cells = Cells()
    keys: list[tuple[str, ...]] = [("stops",)]
    for measure in ("searched", "arrested"):
        keys += [(measure, "known"), (measure, "yes"), (measure, "no")]
    keys.append(("outcome", "known"))
    for name in names:
        keys += [("outcome", name), ("outcome", f"not {name}")]
    for row in [*rows, ALL]:
        for key in keys:
            if row == ALL:
                count = sum(cells.value((r, *key)) for r in rows)
            elif key[0] == "outcome" and key[1].startswith("not ") and key[1][4:] in names:
                count = table.get((row, "outcome", "known"), 0) - table.get((row, "outcome", key[1][4:]), 0)
            else:
                count = table.get((row, *key), 0)
            cells.add((row, *key), count)
        for measure in ("searched", "arrested"):
            cells.line((row, measure, "known"), [(row, measure, "yes"), (row, measure, "no")])
        for name in names:
            cells.line((row, "outcome", "known"), [(row, "outcome", name), (row, "outcome", f"not {name}")])
    for key in keys:
        cells.line((ALL, *key), [(r, *key) for r in rows])
    return cells.protect(threshold)
