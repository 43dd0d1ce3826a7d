"""How far a ratio could move if we knew the ethnicity of the searches where it is unknown.

"Not stated" and unrecorded searches are left out of every group's count (the Home Office
rule), so when they are many the published ratio depends on who they were. METHODS.md §1.4
gives the bounds published beside each ratio, with U the unknown searches:

- low  L = (a/N_g) / ((b+U)/N_r): every unknown was of the reference group;
- high H = ((a+U)/N_g) / (b/N_r): every unknown was of the compared group;
- q = [N_g(b+U) - N_r a] / [U (N_r+N_g)]: the share of unknowns that would have to be of
  the compared group for the two rates to be equal (parity);
- proportional reallocation: unknowns shared out like the known searches within each
  stratum (power or legislation), which assumes they are missing at random.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from parity.analysis import statements


@dataclass(frozen=True)
class Sensitivity:
    unknown: int
    rate_upper_per_1000: float  # the group's rate if every unknown were of this group
    ratio_if_unknown_all_reference: float | None  # L
    ratio_if_unknown_all_group: float | None  # H
    share_for_parity: float | None  # q
    ratio_reallocated: float | None = None
    group: str = ""
    reference: str = ""
    basis: str = "self-defined"

    @classmethod
    def of(
        cls, *, a: int, n_g: float, b: int, n_r: float, unknown: int, group: str, reference: str, basis: str
    ) -> Sensitivity:
        low = (a / n_g) / ((b + unknown) / n_r) if b + unknown > 0 else None
        high = ((a + unknown) / n_g) / (b / n_r) if b > 0 else None
        q = (n_g * (b + unknown) - n_r * a) / (unknown * (n_r + n_g)) if unknown > 0 else None
        return cls(unknown, 1000 * (a + unknown) / n_g, low, high, q, None, group, reference, basis)

    def with_reallocation(self, ratio: float) -> Sensitivity:
        return replace(self, ratio_reallocated=ratio)

    @property
    def statement(self) -> str:
        if self.unknown == 0:
            return "Ethnicity was stated in every search, so the ratio does not depend on unknowns."
        g = statements.people(self.group, self.basis)  # type: ignore[arg-type]
        r = statements.people(self.reference, self.basis)  # type: ignore[arg-type]
        parts = []
        if self.ratio_if_unknown_all_reference is not None and self.ratio_if_unknown_all_group is not None:
            parts.append(
                f"If all {statements.count(self.unknown)} searches with unknown ethnicity were of {r}, the ratio "
                f"would be {statements.one_dp(self.ratio_if_unknown_all_reference)}; if all were of {g}, "
                f"{statements.one_dp(self.ratio_if_unknown_all_group)}."
            )
        q = self.share_for_parity
        if q is not None:
            if q < 0:
                parts.append(f"Even if every one were of {r}, {g} would still be searched at a higher rate.")
            elif q > 1:
                parts.append(f"Even if every one were of {g}, they would still be searched at a lower rate.")
            else:
                parts.append(f"For the two rates to be equal, {statements.percent(q)} of them would have to be of {g}.")
        if self.ratio_reallocated is not None:
            parts.append(
                "Shared out like the known searches within each reason for the search (what the officer was "
                f"looking for), the ratio would be {statements.one_dp(self.ratio_reallocated)}."
            )
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unknown": self.unknown,
            "rate_upper_per_1000": self.rate_upper_per_1000,
            "ratio_if_unknown_all_reference": self.ratio_if_unknown_all_reference,
            "ratio_if_unknown_all_group": self.ratio_if_unknown_all_group,
            "share_for_parity": self.share_for_parity,
            "ratio_reallocated": self.ratio_reallocated,
            "statement": self.statement,
        }


def reallocate(
    strata: Mapping[tuple[str | None, str | None], int], *, known: Iterable[str], unknown: Iterable[str | None]
) -> dict[str, float]:
    """Each known group's count plus its share of the unknowns in each stratum.

    `strata` maps (group, stratum) to searches. Within a stratum with no known searches the
    unknowns cannot be shared out and stay unallocated.
    """
    known_set, unknown_set = set(known), set(unknown)
    by_stratum: dict[str | None, dict[str | None, int]] = {}
    # A fixed order, whatever order the counts came in: sums of floats depend on it, and the
    # same figure must come out to the last digit on every page, download and command.
    for (group, stratum), n in sorted(strata.items(), key=lambda item: (item[0][1] or "", item[0][0] or "")):
        by_stratum.setdefault(stratum, {})
        by_stratum[stratum][group] = by_stratum[stratum].get(group, 0) + n
    out: dict[str, float] = {}
    for cells in by_stratum.values():
        stated = sum(n for g, n in cells.items() if g in known_set)
        missing = sum(n for g, n in cells.items() if g in unknown_set)
        factor = 1 + missing / stated if stated else 1.0
        for g, n in cells.items():
            if g in known_set:
                assert g is not None
                out[g] = out.get(g, 0.0) + n * factor
    return out
