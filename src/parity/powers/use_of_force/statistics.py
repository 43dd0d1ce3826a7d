"""Use-of-force statistics: gather held counts and census populations, then call the pure
functions of `parity.analysis.use_of_force` (which do the arithmetic and the protection)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from parity.analysis.results import Context
from parity.analysis.rules import Rules
from parity.analysis.use_of_force import (
    Measure,
    UseOfForceInput,
    UseOfForceRates,
    UseOfForceShares,
    use_of_force_rates,
    use_of_force_shares,
)
from parity.errors import ParityError
from parity.powers.use_of_force import tactics as terms
from parity.powers.use_of_force.home_office import NATIONAL, TOTAL_TACTICS
from parity.powers.use_of_force.models import TacticCount, UseOfForceReport
from parity.reference.calendar import financial_year_months
from parity.reference.ethnicity import Group
from parity.reference.forces import find_force, force_by_slug
from parity.reference.models import Population

SOURCES = ("home-office", "records")
CHINESE_NOTE = (
    "The {period} Home Office table shows Chinese people apart; they are counted with Asian here, "
    "as the census and later tables count them."
)
DONT_KNOW_NOTE = "Uses where the officer did not know the person's ethnicity are counted with those not reported."
NATIONAL_NAME = "England and Wales"
FICTIONAL_PREFIX = "FICTIONAL-"
FICTIONAL_NOTE = "These records are fictional, made up to show how Parity works; they describe no real person or force."


class UseOfForceError(ParityError, ValueError):
    """A question the held use-of-force data cannot answer; the message says why."""


def _context(force: str, name: str, period: str, census_year: int) -> Context:
    months = financial_year_months(period)
    return Context(
        force=force,
        force_name=name,
        period_start=f"{months[0]}-01",
        period_end=f"{months[-1]}-31",
        period_label=period,
        census_year=census_year,
        ethnicity="officer-defined",
        classification="5+1",
    )


def _check_period(period: str) -> None:
    if len(period) != 7 or period[4] != "/" or not (period[:4] + period[5:]).isdigit():
        raise UseOfForceError(f"period must be a financial year such as 2019/20, not {period!r}")


def _populations(census_year: int, forces: Iterable[str]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = defaultdict(dict)
    rows = Population.objects.filter(census_year=census_year, classification__in=("5+1", "all"), force__slug__in=forces)
    for slug, group, people in rows.values_list("force__slug", "group", "population"):
        found[slug][group] = people
    return dict(found)


def _table_counts(row: TacticCount) -> tuple[dict[str, int], list[str]]:
    notes: list[str] = []
    counts = {
        Group.WHITE.value: row.white or 0,
        Group.BLACK.value: row.black or 0,
        Group.ASIAN.value: (row.asian or 0) + (row.chinese or 0),
        Group.MIXED.value: row.mixed or 0,
        Group.OTHER.value: row.other or 0,
        Group.NOT_STATED.value: (row.not_reported or 0) + (row.dont_know or 0),
    }
    if row.chinese is not None:
        notes.append(CHINESE_NOTE.format(period=row.period))
    if row.dont_know is not None:
        notes.append(DONT_KNOW_NOTE)
    if None in (row.white, row.black, row.asian, row.mixed, row.other):
        notes.append("The Home Office table gives no count for some groups in this force (not available).")
    return counts, notes


def _input(area: str, period: str, *, census_year: int, unit: str, counts: dict[str, int], notes: list[str],
           populations: dict[str, dict[str, int]]) -> UseOfForceInput:  # fmt: skip
    if area == NATIONAL:
        name, no_rate = NATIONAL_NAME, None
        pops: dict[str, int] | None = defaultdict(int)
        assert pops is not None
        for held in populations.values():
            for group, people in held.items():
                pops[group] += people
        pops = dict(pops) or None
    else:
        info = force_by_slug(area)
        name = info.name
        pops = populations.get(area)
        no_rate = None if info.resident_population else info.rate_note
        if info.rate_note and info.resident_population:
            notes = [*notes, info.rate_note]
    if pops is None:
        no_rate = no_rate or (
            f"No {census_year} census populations are held for this area, so no rates can be given; "
            "import them with `parity ingest population`."
        )
    return UseOfForceInput(
        _context(area, name, period, census_year), unit, counts, pops, tuple(notes), no_rate_reason=no_rate
    )


def national_rates(period: str, *, rules: Rules | None = None) -> list[UseOfForceRates]:
    """Every area of the Home Office table for one year, England and Wales first, in one pass."""
    _check_period(period)
    rules = rules or Rules.from_settings()
    census_year = rules.census_year_for(period)
    rows = list(TacticCount.objects.filter(period=period, tactic=TOTAL_TACTICS).order_by("area"))
    if not rows:
        raise UseOfForceError(
            f"no Home Office use-of-force table is held for {period}; import it with `parity ingest use-of-force`"
        )
    populations = _populations(census_year, [r.area for r in rows])
    inputs = []
    for row in sorted(rows, key=lambda r: (r.area != NATIONAL, r.area)):
        counts, notes = _table_counts(row)
        inputs.append(
            _input(
                row.area,
                period,
                census_year=census_year,
                unit="tactics",
                counts=counts,
                notes=notes,
                populations=populations,
            )
        )
    return use_of_force_rates(inputs, rules)


def force_rates(force: str, period: str, *, source: str | None = None, rules: Rules | None = None) -> UseOfForceRates:
    """One force's rates and ratios: the Home Office table if held (tactics), else its records (reports)."""
    _check_period(period)
    info = find_force(force)
    if info is None or info.slug != force:
        raise UseOfForceError(f"unknown force {force!r}; see `parity forces` for the slugs")
    if source is not None and source not in SOURCES:
        raise UseOfForceError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    rules = rules or Rules.from_settings()
    census_year = rules.census_year_for(period)
    total = TacticCount.objects.filter(area=force, period=period, tactic=TOTAL_TACTICS).first()
    if source != "records" and total is not None:
        counts, notes = _table_counts(total)
        unit = "tactics"
    elif source != "home-office" and UseOfForceReport.objects.filter(force__slug=force, period=period).exists():
        counts = dict(_report_counts(force, period))
        notes, unit = _record_notes(force, period), "reports"
    else:
        held = "the Home Office table" if source == "home-office" else "any use-of-force figures"
        raise UseOfForceError(f"{force} has no {held} held for {period}; import them with `parity ingest use-of-force`")
    populations = _populations(census_year, [force])
    return use_of_force_rates(
        [
            _input(
                force, period, census_year=census_year, unit=unit, counts=counts, notes=notes, populations=populations
            )
        ],
        rules,
    )[0]


def held_periods(force: str) -> list[str]:
    """Years of the Home Office table held for a force, earliest first."""
    held = TacticCount.objects.filter(area=force, tactic=TOTAL_TACTICS).values_list("period", flat=True)
    return sorted(set(held))


def _record_notes(force: str, period: str) -> list[str]:
    """The demo's made-up records say so wherever their figures show."""
    held = UseOfForceReport.objects.filter(force__slug=force, period=period)
    if held.exists() and not held.exclude(reference__startswith=FICTIONAL_PREFIX).exists():
        return [FICTIONAL_NOTE]
    return []


def _report_counts(force: str, period: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for group in UseOfForceReport.objects.filter(force__slug=force, period=period).values_list(
        "perceived_group", flat=True
    ):
        counts[group] += 1
    return counts


def force_shares(force: str, period: str, *, rules: Rules | None = None) -> UseOfForceShares:
    """Of each group's reports: the share with each tactic, with a child, with an injury."""
    _check_period(period)
    info = force_by_slug(force)
    reports = list(
        UseOfForceReport.objects.filter(force__slug=force, period=period).values_list(
            "perceived_group", "tactics", "age_band", "subject_injury"
        )
    )
    if not reports:
        raise UseOfForceError(f"{force} has no use-of-force records held for {period}")
    rules = rules or Rules.from_settings()
    asked: dict[str, int] = defaultdict(int)
    yes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    age_known: dict[str, int] = defaultdict(int)
    injury_known: dict[str, int] = defaultdict(int)
    for group, used, age, injury in reports:
        asked[group] += 1
        for key, (_, members) in terms.TACTIC_GROUPS.items():
            if members.intersection(used):
                yes[key][group] += 1
        if age != "not-known":
            age_known[group] += 1
            yes["child"][group] += age in terms.CHILD_AGE_BANDS
        if injury != "not-known":
            injury_known[group] += 1
            yes["injured"][group] += injury in {"minor", "severe"}
    measures = [
        Measure(key, label, dict(yes[key]), dict(asked), "Share of the group's reports in which this tactic was used.")
        for key, (label, _) in terms.TACTIC_GROUPS.items()
    ]
    measures.append(
        Measure("child", "A child (under 18)", dict(yes["child"]), dict(age_known), "Among reports with the age known.")
    )
    measures.append(
        Measure(
            "injured",
            "The person was injured",
            dict(yes["injured"]),
            dict(injury_known),
            "Among reports saying whether the person was injured.",
        )
    )
    context = _context(force, info.name, period, rules.census_year_for(period))
    return use_of_force_shares(context, measures, rules, warnings=_record_notes(force, period))
