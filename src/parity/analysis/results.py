"""Result objects shared by the analyses: what a page, a download or the API renders.

Every number is unrounded. A figure that cannot be given is None, and the reason is among
the warnings of the row or the result. Suppressed counts are None in the object itself, so
nothing that renders a result can leak them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar


def clean(value: float | None) -> float | None:
    """None for NaN and None; infinities stay None too (JSON has neither)."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return float(value)


class Named(Protocol):
    """A row of a result: one ethnic group, known by its code and its label."""

    @property
    def code(self) -> str: ...

    @property
    def group(self) -> str: ...


G = TypeVar("G", bound=Named)


def find_group(groups: Iterable[G], code_or_label: str) -> G:
    """The group whose code or label is `code_or_label`, in any case (what `.group()` answers)."""
    rows = tuple(groups)
    key = code_or_label.lower()
    for g in rows:
        if key in {g.code.lower(), g.group.lower()}:
            return g
    raise KeyError(f"no group {code_or_label!r} in this table; it has {', '.join(g.group for g in rows)}")


@dataclass(frozen=True)
class Exclusion:
    """Records left out of a figure, and why; count is None when suppressed."""

    reason: str
    count: int | None
    suppressed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "count": self.count, "suppressed": self.suppressed}


@dataclass(frozen=True)
class Context:
    """Where and when a result is about, and on what basis."""

    force: str  # slug, or "all" for a national table
    force_name: str
    period_start: str
    period_end: str
    period_label: str
    census_year: int | None
    ethnicity: str  # "self-defined" or "officer-defined"
    classification: str  # "5+1" or "detailed"
    filters: tuple[tuple[str, str], ...] = ()  # (field, value), e.g. ("gender", "male")

    @property
    def period(self) -> dict[str, str]:
        return {"start": self.period_start, "end": self.period_end, "label": self.period_label}

    def head(self) -> dict[str, Any]:
        """The leading fields of every result's JSON, in the contract's order."""
        return {
            "force": self.force,
            "force_name": self.force_name,
            "period": self.period,
            "census_year": self.census_year,
            "ethnicity": self.ethnicity,
            "classification": self.classification,
            "filters": dict(self.filters),
        }


@dataclass(frozen=True)
class Proportion:
    """k of n with an interval, and its ratio to the reference group's proportion (Katz)."""

    count: int | None
    denominator: int | None
    share: float | None
    ci_low: float | None
    ci_high: float | None
    method: str | None
    ratio: float | None
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    unreliable: bool
    suppressed: bool
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "denominator": self.denominator,
            "share": self.share,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "method": self.method,
            "ratio": self.ratio,
            "ratio_ci_low": self.ratio_ci_low,
            "ratio_ci_high": self.ratio_ci_high,
            "ratio_method": "katz-log" if self.ratio is not None else None,
            "unreliable": self.unreliable,
            "suppressed": self.suppressed,
            "warnings": list(self.warnings),
        }
