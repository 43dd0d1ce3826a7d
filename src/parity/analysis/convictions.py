"""Conviction ratios as Ethnicity facts and figures publishes them: convictions per 100 prosecutions.

The published figure is the unrounded ratio rounded half up to one decimal place; Parity
works it out from the two counts the same way, so every published figure can be checked.
The convictions include those at the Crown Court of people prosecuted at magistrates' courts
in an earlier year, so a ratio can pass 100 for a small group.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass(frozen=True)
class ConvictionRatio:
    group: str
    prosecuted: int
    convicted: int
    ratio: Decimal | None  # convictions per 100 prosecutions, one decimal place as published
    published: Decimal | None

    @property
    def matches(self) -> bool | None:
        """Whether Parity's figure is the published one; None where nothing was published."""
        return None if self.published is None else self.ratio == self.published

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "prosecuted": self.prosecuted,
            "convicted": self.convicted,
            "ratio": None if self.ratio is None else float(self.ratio),
            "published": None if self.published is None else float(self.published),
            "matches": self.matches,
        }


def conviction_ratio(group: str, convicted: int, prosecuted: int, published: float | None = None) -> ConvictionRatio:
    ratio = None
    if prosecuted > 0:
        ratio = (Decimal(convicted) * 100 / Decimal(prosecuted)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    shown = None if published is None else Decimal(str(published)).quantize(Decimal("0.1"))
    return ConvictionRatio(group, prosecuted, convicted, ratio, shown)
