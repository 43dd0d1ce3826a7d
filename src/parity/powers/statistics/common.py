"""What every stop-and-search analysis needs before the arithmetic: inputs checked and gathered.

The service functions in this package read counts from the warehouse (`parity.warehouse.
queries`), which force-months are held from the database (`SourceFile`, with the low-volume
rule of `parity.powers.coverage`), census populations from the warehouse and the rules from
settings, then call the pure functions of `parity.analysis`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from parity.analysis import quality as quality_
from parity.analysis.groups import Basis, Classification, Scheme, scheme
from parity.analysis.period import Period, parse_period
from parity.analysis.results import Context, Exclusion
from parity.analysis.rules import Rules
from parity.errors import ParityError
from parity.powers.coverage import low_volume_months
from parity.powers.models import SourceFile
from parity.reference import vocab
from parity.reference.calendar import financial_year
from parity.reference.forces import ForceInfo, force_by_slug
from parity.warehouse import queries

Filters = Mapping[str, str | Sequence[str]]

ETHNICITY_DIMENSION: dict[tuple[str, str], str] = {
    ("self-defined", "5+1"): "sde_group",
    ("self-defined", "detailed"): "sde_code",
    ("officer-defined", "5+1"): "ode_group",
}
QUALITY_NAME = {
    "sde_group": "self-defined ethnicity",
    "sde_code": "self-defined ethnicity",
    "ode_group": "officer-defined ethnicity",
}
FIELD_QUALITY_NAME = {
    "legislation": "legislation",
    "power": "legislation",
    "object": "object of search",
    "age": "age",
    "gender": "gender",
}
# Fields with no census population by ethnicity in Parity: no rate can be divided out for them.
NO_POPULATION_FIELDS = {"age": "age band", "gender": "gender"}
VALID: dict[str, tuple[str, ...]] = {
    "legislation": tuple(vocab.LEGISLATION_BY_CODE),
    "power": tuple(p.value for p in vocab.PowerGroup),
    "object": tuple(vocab.OBJECT_BY_CODE),
    "age": vocab.AGE_BAND_ORDER,
    "gender": tuple(t.code for t in vocab.GENDERS.values()),
}
ROMA_2011 = (
    "White: Roma was not a category in the 2011 census (Roma people were counted under "
    "White: any other White background), so there is no 2011 population to divide by."
)


class AnalysisError(ParityError, ValueError):
    """A request that cannot be analysed as asked; the message says what to change."""


class NoRecords(AnalysisError):
    """No stop-and-search month is held for the force in the period."""


def basis_of(ethnicity: str) -> Basis:
    key = ethnicity.strip().lower()
    if key in {"self", "self-defined", "sde"}:
        return "self-defined"
    if key in {"officer", "officer-defined", "ode"}:
        return "officer-defined"
    raise AnalysisError(f"ethnicity must be 'self' (self-defined) or 'officer' (officer-defined), not {ethnicity!r}")


def force_info(slug: str) -> ForceInfo:
    try:
        return force_by_slug(slug)
    except KeyError as error:
        raise AnalysisError(str(error.args[0])) from None


def period_of(period: str | Period) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return parse_period(period)
    except ValueError as error:
        raise AnalysisError(str(error)) from None


def scheme_of(basis: Basis, classification: str, reference: str) -> Scheme:
    try:
        chosen = scheme(basis, classification)  # type: ignore[arg-type]
        chosen.reference(reference)
    except ValueError as error:
        raise AnalysisError(str(error)) from None
    return chosen


class Grouping(NamedTuple):
    """Whose description of ethnicity, which groups, and the warehouse column that holds them."""

    basis: Basis
    scheme: Scheme
    dimension: str  # sde_group, sde_code or ode_group


def grouping_of(ethnicity: str, classification: str, reference: str) -> Grouping:
    """The request's ethnic grouping, checked: an unknown basis, scheme or reference is an AnalysisError."""
    basis = basis_of(ethnicity)
    chosen = scheme_of(basis, classification, reference)
    return Grouping(basis, chosen, ETHNICITY_DIMENSION[(basis, classification)])


def quality_fields(dimension: str, filters: Filters | None, *own: str) -> list[str]:
    """The fields whose blanks the quality check counts, once each: the ethnicity, the
    analysis's own fields, then each filter's (an unknown filter is refused by `prepare`)."""
    named = [FIELD_QUALITY_NAME[name] for name in filters or {} if name in FIELD_QUALITY_NAME]
    return list(dict.fromkeys([QUALITY_NAME[dimension], *own, *named]))


def checked_filters(filters: Filters | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Filters as (field, codes), each code checked against its vocabulary."""
    out = []
    for name, value in (filters or {}).items():
        if name not in VALID:
            raise AnalysisError(f"cannot filter by {name!r}; filters are {', '.join(VALID)}")
        codes = (value,) if isinstance(value, str) else tuple(value)
        wrong = [c for c in codes if c not in VALID[name]]
        if wrong or not codes:
            raise AnalysisError(
                f"{name} {', '.join(map(repr, wrong)) or '(none)'} is not known; use one of: {', '.join(VALID[name])}"
            )
        out.append((name, codes))
    return tuple(sorted(out))


def held_months(forces: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
    """Force -> month -> records imported, from the database's record of files held."""
    files = SourceFile.objects.filter(dataset="stop-search")
    if forces is not None:
        files = files.filter(force__slug__in=list(forces))
    else:  # every force's figures: the demonstration's fictional force is none of them
        files = files.filter(force__fictional=False)
    out: dict[str, dict[str, int]] = {}
    for slug, month, rows in files.values_list("force__slug", "month", "rows_imported"):
        out.setdefault(slug, {})[month] = rows
    return out


def codes_used(force: str, field: str) -> tuple[str, ...]:
    """The codes of a coded field (power, legislation) in any person search of the force's held
    records, in the vocabulary's order: what a filter over its figures should offer."""
    if field not in VALID:
        raise AnalysisError(f"{field!r} is not a coded field; use one of: {', '.join(VALID)}")
    info = force_info(force)
    found = queries.tally(queries.Selection((info.slug,)), [field]).counts("searches", [field])
    present = {key[0] for key, n in found.items() if n}
    return tuple(code for code in VALID[field] if code in present)


def census_year_for(period: Period, census_year: int | None, rules: Rules, warnings: list[str]) -> int:
    """The census to divide by: given, or the one in use for the year the period ends in."""
    if census_year is not None:
        if census_year not in (2011, 2021):
            raise AnalysisError(f"census year must be 2011 or 2021, not {census_year}")
        return census_year
    year = rules.census_year_for(period.financial_year)
    used = {rules.census_year_for(fy) for fy in period.financial_years}
    if len(used) > 1:
        warnings.append(
            f"The period spans financial years divided by different censuses; all of it is divided by the {year} "
            f"census, the one used for {period.financial_year}."
        )
    return year


def populations_for(
    census_year: int, classification: Classification, forces: Sequence[str]
) -> tuple[dict[str, dict[str, int]], str | None]:
    found = queries.populations(census_year, "detailed" if classification == "detailed" else "5+1", forces)
    if not found:
        return {}, (f"No {census_year} census populations are held, so no rates can be given.")
    return found, None


def missing_population_reasons(census_year: int, classification: str) -> dict[str, str]:
    if classification == "detailed" and census_year == 2011:
        return {"W4": ROMA_2011}
    return {}


def protected_exclusions(items: Sequence[tuple[str, int]], rules: Rules) -> tuple[Exclusion, ...]:
    """Exclusions outside any table's totals: only their own small counts need hiding."""
    out = []
    for reason, n in items:
        hidden = 0 < n < rules.disclosure_threshold
        out.append(Exclusion(reason, None if hidden else n, hidden))
    return tuple(out)


@dataclass(frozen=True)
class Prepared:
    """A request made concrete: force, period, selection and the quality of the data in it."""

    force: ForceInfo
    period: Period
    selection: queries.Selection
    quality: quality_.Quality
    searches: int


def prepare(
    force: str,
    period: str | Period,
    filters: Filters | None,
    relevant: Sequence[str],
    rules: Rules,
    *,
    held: Mapping[str, int] | None = None,
) -> Prepared:
    """Check the request, refuse a period with nothing held, and assess the data's quality."""
    info = force_info(force)
    chosen = period_of(period)
    selection = queries.Selection((info.slug,), chosen.start, chosen.end, checked_filters(filters))
    months = held if held is not None else held_months([info.slug]).get(info.slug, {})
    if not any(m in months for m in chosen.months):
        span = f"{len(months)} months between {min(months)} and {max(months)}" if months else "none"
        raise NoRecords(f"no stop-and-search records are held for {info.name} in {chosen.label} (months held: {span})")
    searches, blanks = queries.blank_counts(selection, relevant)
    inputs = quality_.QualityInputs(
        force_name=info.name,
        period_label=chosen.label,
        period_months=tuple(chosen.months),
        held=months,
        low=frozenset(low_volume_months(dict(months))),
        searches=searches,
        blanks=blanks,
        relevant=tuple(relevant),
        rate_note=rate_note_of(info),
        whole_year=len(chosen.months) == 12 and chosen.whole_months,
    )
    return Prepared(info, chosen, selection, quality_.assess(inputs, rules), searches)


def rate_note_of(info: ForceInfo) -> str:
    """Why the force's area has no meaningful rate per resident, or empty if it has one."""
    return info.rate_note or ("" if info.resident_population else f"{info.name} has no resident population.")


def context_for(
    prep: Prepared, census_year: int | None, basis: Basis, classification: str, filters: Filters | None
) -> Context:
    return Context(
        force=prep.force.slug,
        force_name=prep.force.name,
        period_start=prep.period.start.isoformat(),
        period_end=prep.period.end.isoformat(),
        period_label=prep.period.label,
        census_year=census_year,
        ethnicity=basis,
        classification=classification,
        filters=tuple((name, ",".join(codes)) for name, codes in checked_filters(filters)),
    )


def first_day(month: str) -> date:
    """The first day of a month given as YYYY-MM."""
    return date(int(month[:4]), int(month[5:]), 1)


def fy_of_month(month: str) -> str:
    return financial_year(first_day(month))
