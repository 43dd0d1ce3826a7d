"""Relative rate indices across stages (METHODS.md §4): population -> search -> arrest ...

Each stage's index divides a group's rate at that stage, taken over the count at the stage
before, by the reference group's. For a linear pipeline the stage indices multiply exactly
to the population-based index at the last stage (the "telescoping" identity, test T5);
the arithmetic is done in exact fractions so that identity holds to the last digit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Stage:
    name: str  # e.g. "search", "arrest"
    counts: Mapping[str, int]  # group -> people or events reaching this stage


@dataclass(frozen=True)
class StageIndex:
    stage: str
    denominator: str  # the stage before, or "population"
    index: Fraction  # (group rate) / (reference rate)

    @property
    def value(self) -> float:
        return float(self.index)


def stage_indices(
    population: Mapping[str, int], stages: Sequence[Stage], *, group: str, reference: str
) -> list[StageIndex]:
    """The relative rate index of `group` against `reference` at each stage, exactly."""
    out = []
    before, before_name = population, "population"
    for stage in stages:
        for who in (group, reference):
            if before.get(who, 0) <= 0:
                raise ValueError(f"stage {stage.name}: {who} has no count at {before_name}, so no rate")
        ref_rate = Fraction(stage.counts.get(reference, 0), before[reference])
        if ref_rate == 0:
            raise ValueError(f"stage {stage.name}: the reference group {reference} has none, so no index")
        index = Fraction(stage.counts.get(group, 0), before[group]) / ref_rate
        out.append(StageIndex(stage.name, before_name, index))
        before, before_name = stage.counts, stage.name
    return out


def population_index(population: Mapping[str, int], stage: Stage, *, group: str, reference: str) -> Fraction:
    """The index at one stage taken straight over the population (the cumulative index)."""
    return Fraction(stage.counts[group], population[group]) / Fraction(stage.counts[reference], population[reference])
