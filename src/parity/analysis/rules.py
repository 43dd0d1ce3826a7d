"""The rules every figure is published under: small numbers, intervals, completeness.

Defaults follow METHODS.md §3.2 (ONS practice): no rate from fewer than 3 events, a rate
from fewer than 20 events flagged unreliable, and no cell that would disclose fewer than 5
people. They are configurable (PARITY_* settings, docs/reference/settings.md), and they
travel inside every result, so a page, a download or an API response states the rules its
figures were produced under.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Rules:
    """Small-number protection and method choices for one analysis."""

    min_events_for_rate: int = 3  # no rate or ratio from fewer events than this
    unreliable_below: int = 20  # rates from fewer events are flagged unreliable
    disclosure_threshold: int = 5  # counts from 1 to this minus 1 are suppressed
    exact_below: int = 10  # exact intervals where a count is below this
    confidence: float = 0.95
    require_complete_period: bool = True  # withhold rates when a month of the period is missing
    mostly_blank_percent: float = 50.0  # warn when a field is blank in at least this share
    census_2021_from: str = "2020/21"  # first financial year divided by the 2021 census

    def __post_init__(self) -> None:
        for name in ("min_events_for_rate", "unreliable_below", "disclosure_threshold", "exact_below"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"rule {name} must be a whole number of at least 0, not {value!r}")
        if not 0 < self.confidence < 1:
            raise ValueError(f"rule confidence must be between 0 and 1, not {self.confidence!r}")
        if not 0 <= self.mostly_blank_percent <= 100:
            raise ValueError(f"rule mostly_blank_percent must be from 0 to 100, not {self.mostly_blank_percent!r}")
        fy = self.census_2021_from
        if len(fy) != 7 or fy[4] != "/" or not (fy[:4] + fy[5:]).isdigit():
            raise ValueError(f"rule census_2021_from must be a financial year such as 2020/21, not {fy!r}")

    @classmethod
    def from_settings(cls) -> Rules:
        """The rules configured for this installation (django.conf.settings, read now)."""
        from django.conf import settings

        return cls(
            min_events_for_rate=settings.PARITY_MIN_EVENTS_FOR_RATE,
            unreliable_below=settings.PARITY_UNRELIABLE_BELOW,
            disclosure_threshold=settings.PARITY_DISCLOSURE_THRESHOLD,
            exact_below=settings.PARITY_EXACT_INTERVAL_BELOW,
            require_complete_period=settings.PARITY_REQUIRE_COMPLETE_PERIOD,
            mostly_blank_percent=settings.PARITY_MOSTLY_BLANK_PERCENT,
            census_2021_from=settings.PARITY_CENSUS_2021_FROM,
        )

    def census_year_for(self, financial_year: str) -> int:
        """2011 before the switch year, 2021 from it (years compare as text: '2019/20')."""
        return 2021 if financial_year >= self.census_2021_from else 2011

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """The rules in one sentence, for the foot of a table."""
        return (
            f"Counts from 1 to {self.disclosure_threshold - 1} are hidden, with further figures hidden so "
            f"totals cannot reveal them; no rate is given from fewer than {self.min_events_for_rate} searches, "
            f"and rates from fewer than {self.unreliable_below} are marked unreliable. Intervals are "
            f"{self.confidence:.0%}."
        )
