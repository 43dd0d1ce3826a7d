"""England and Wales: Parity's own figure from the forces it holds, beside the Home Office's
published series (METHODS.md §1; docs/methodology/england-and-wales.md).

Parity's figure for a financial year adds up the searches of every force held for the whole
year and divides by the census residents of those same forces: it describes those forces,
never all 43, and says which they are. The published series is the Home Office's own, as
printed. Where the published table gives every one of the same forces for the same year,
the same sum of the published figures is made beside Parity's, so the two can be compared
like for like.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from parity.analysis.rates import RateTable

FORCES_IN_ENGLAND_AND_WALES = 43
GROUPS = ("all", "asian", "black", "mixed", "white", "other")  # as the Home Office publishes them
REFERENCE = "white"


@dataclass(frozen=True)
class PublishedFigure:
    """One group's figure as published: searches, census residents, rate per 1,000."""

    searches: int | None
    population: int | None
    rate_per_1000: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"searches": self.searches, "population": self.population, "rate_per_1000": self.rate_per_1000}


@dataclass(frozen=True)
class PublishedYear:
    """England and Wales (the 43 force areas, British Transport Police left out) in one
    financial year, as the Home Office published it."""

    period: str
    census_year: int
    groups: Mapping[str, PublishedFigure]  # group code ("all", "black" ...) -> figure
    sources: tuple[str, ...]  # the published tables the figures were read from

    def rate(self, group: str) -> float | None:
        figure = self.groups.get(group)
        return figure.rate_per_1000 if figure else None

    def ratio(self, group: str, reference: str = REFERENCE) -> float | None:
        """The group's published rate over the reference group's (as printed, so rounded where
        the table rounds them)."""
        rate, ref = self.rate(group), self.rate(reference)
        return None if rate is None or not ref else rate / ref

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "census_year": self.census_year,
            "groups": {code: f.as_dict() for code, f in self.groups.items()},
            "black_white_ratio": self.ratio("black"),
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class LeftOut:
    """A force Parity holds records for that the year's figure does not count, and why."""

    force: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"force": self.force, "reason": self.reason}


@dataclass(frozen=True)
class NationalFigure:
    """Parity's figure for the forces held for a whole financial year, and what it covers."""

    period: str
    table: RateTable
    forces: tuple[str, ...]  # names of the forces counted
    left_out: tuple[LeftOut, ...]
    same_forces_published: Mapping[str, PublishedFigure] | None  # the published figures summed the same way

    @property
    def coverage(self) -> str:
        n = len(self.forces)
        return f"{n} of {FORCES_IN_ENGLAND_AND_WALES} forces held"

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "coverage": self.coverage,
            "forces": list(self.forces),
            "left_out": [f.as_dict() for f in self.left_out],
            "table": self.table.as_dict(),
            "same_forces_published": (
                {code: f.as_dict() for code, f in self.same_forces_published.items()}
                if self.same_forces_published is not None
                else None
            ),
        }


@dataclass(frozen=True)
class NationalSeries:
    """The published series from 2006/07 and Parity's figures, year by year."""

    published: tuple[PublishedYear, ...]
    parity: tuple[NationalFigure, ...]
    notes: tuple[str, ...]

    @property
    def years(self) -> tuple[str, ...]:
        """Every financial year from the first held to the last, those with no figure included,
        so a gap shows as a gap."""
        held = {y.period for y in self.published} | {f.period for f in self.parity}
        if not held:
            return ()
        first, last = int(min(held)[:4]), int(max(held)[:4])
        return tuple(f"{year}/{(year + 1) % 100:02d}" for year in range(first, last + 1))

    def published_for(self, period: str) -> PublishedYear | None:
        return next((y for y in self.published if y.period == period), None)

    def parity_for(self, period: str) -> NationalFigure | None:
        return next((f for f in self.parity if f.period == period), None)

    @property
    def latest(self) -> NationalFigure | None:
        return self.parity[-1] if self.parity else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "published": [y.as_dict() for y in self.published],
            "parity": [f.as_dict() for f in self.parity],
            "notes": list(self.notes),
        }


def same_forces(
    published: Mapping[str, Mapping[str, PublishedFigure]], forces: Sequence[str]
) -> dict[str, PublishedFigure] | None:
    """The published figures of `forces` (force -> group -> figure) added up as Parity adds up
    its own: searches over residents. None unless every force has a count and a population
    for a group ("all" at least), since a sum missing a force is not the same forces."""
    if not forces or any(f not in published for f in forces):
        return None
    out: dict[str, PublishedFigure] = {}
    for group in GROUPS:
        figures = [published[f].get(group) for f in forces]
        if any(f is None or f.searches is None or not f.population for f in figures):
            continue
        searches = sum(f.searches or 0 for f in figures if f)
        population = sum(f.population or 0 for f in figures if f)
        out[group] = PublishedFigure(searches, population, 1000 * searches / population)
    return out if "all" in out else None
