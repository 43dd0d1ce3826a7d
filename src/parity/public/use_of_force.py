"""What the public use-of-force pages show: a force's figures and every force's, from the
result objects of `parity.powers.use_of_force.statistics` (protected there, so every page,
download and API answer inherits the same suppression)."""

from __future__ import annotations

from dataclasses import dataclass

from parity.analysis.use_of_force import UseOfForceRates, UseOfForceShares
from parity.powers.use_of_force.models import TacticCount, UseOfForceReport
from parity.powers.use_of_force.statistics import (
    UseOfForceError,
    force_rates,
    force_shares,
    national_rates,
)
from parity.public.figures import NotHeld
from parity.reference.forces import force_by_slug

TOTAL_TACTICS = "*Total Tactics"
TABLES = ("rates", "records", "shares")


@dataclass(frozen=True)
class ForceUseOfForce:
    """A force's use-of-force page: the Home Office figures by year, and its own records if held."""

    slug: str
    name: str
    tables: tuple[UseOfForceRates, ...]  # the Home Office table, latest year first
    records: UseOfForceRates | None
    shares: UseOfForceShares | None


def periods_held() -> list[str]:
    """Years of the Home Office table held, latest first."""
    held = TacticCount.objects.filter(tactic=TOTAL_TACTICS).values_list("period", flat=True).distinct()
    return sorted(set(held), reverse=True)


def forces_held() -> list[tuple[str, str]]:
    """(slug, name) of every force with use-of-force figures, by name."""
    slugs = set(TacticCount.objects.filter(tactic=TOTAL_TACTICS).values_list("area", flat=True))
    slugs |= set(UseOfForceReport.objects.values_list("force__slug", flat=True).distinct())
    slugs.discard("england-and-wales")
    return sorted(((s, force_by_slug(s).name) for s in slugs), key=lambda f: f[1])


@dataclass(frozen=True)
class OpenData:
    """What the open data page lists for use of force: the years of the Home Office table, and
    each force with the tables it has (`rates` from that table; `records` and `shares` from its
    own records)."""

    periods: list[str]
    forces: list[tuple[str, str, tuple[str, ...]]]  # (slug, name, tables)


def open_data() -> OpenData:
    table = set(TacticCount.objects.filter(tactic=TOTAL_TACTICS).values_list("area", flat=True))
    records = set(UseOfForceReport.objects.values_list("force__slug", flat=True).distinct())
    forces = [
        (slug, name, ("rates",) * (slug in table) + ("records", "shares") * (slug in records))
        for slug, name in forces_held()
    ]
    return OpenData(periods_held(), forces)


def _record_period(slug: str) -> str | None:
    held = UseOfForceReport.objects.filter(force__slug=slug).values_list("period", flat=True)
    return max(held, default=None)


def force_page(slug: str) -> ForceUseOfForce:
    """NotHeld if the force has no use-of-force figures at all."""
    name = force_by_slug(slug).name
    periods = sorted(
        set(TacticCount.objects.filter(area=slug, tactic=TOTAL_TACTICS).values_list("period", flat=True)),
        reverse=True,
    )
    tables = tuple(force_rates(slug, p, source="home-office") for p in periods)
    period = _record_period(slug)
    records = force_rates(slug, period, source="records") if period else None
    shares = force_shares(slug, period) if period else None
    if not tables and records is None:
        raise NotHeld(f"no use-of-force figures held for {slug}")
    return ForceUseOfForce(slug, name, tables, records, shares)


def national(period: str | None) -> tuple[str, list[UseOfForceRates]]:
    """Every area of the Home Office table for a year (default: the latest held)."""
    held = periods_held()
    if not held:
        raise NotHeld("no Home Office use-of-force table is held")
    chosen = period or held[0]
    if chosen not in held:
        raise NotHeld(f"no Home Office use-of-force table is held for {chosen}; held: {', '.join(held)}")
    return chosen, national_rates(chosen)


def table(slug: str, name: str, period: str | None) -> UseOfForceRates | UseOfForceShares:
    """One of a force's tables for the downloads and the API; NotHeld when there is none."""
    try:
        if name == "rates":
            chosen = period or next(iter(sorted(_ho_periods(slug), reverse=True)), None)
            if chosen is None:
                raise NotHeld(f"no Home Office use-of-force table is held for {slug}")
            return force_rates(slug, chosen, source="home-office")
        chosen = period or _record_period(slug)
        if chosen is None:
            raise NotHeld(f"no use-of-force records are held for {slug}")
        return force_rates(slug, chosen, source="records") if name == "records" else force_shares(slug, chosen)
    except UseOfForceError as error:
        raise NotHeld(str(error)) from None


def _ho_periods(slug: str) -> set[str]:
    return set(TacticCount.objects.filter(area=slug, tactic=TOTAL_TACTICS).values_list("period", flat=True))
