"""What a reader asks of the published figures: the same GET parameters for pages,
downloads and the API.

    period       a period on the public grid (parity.public.periods): a financial year
                 (2020/21), 2020/21-Q1, 2020, 2020-Q1, 2020-05, or twelve whole months
                 (2019-10..2020-09); default: the force's latest complete financial year
    power        s1, s60, s47a or other (the Home Office's groups of powers)
    legislation  one Act and section, e.g. mda-s23 (codes in the data dictionary)
    ethnicity    self (self-defined, the Home Office basis) or officer (officer-defined)
    reference    the group others are compared with: Asian, Black, Mixed, Other or White

A `Choice` is hashable, so results can be cached on it, and gives back the query string
that reproduces it (default values left out, so URLs stay short and stable).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from parity.powers.statistics.rates import POWER_LABELS
from parity.reference import vocab

ETHNICITY_VIEWS: dict[str, str] = {
    "self": "Self-defined: how the person searched describes themselves",
    "officer": "Officer-defined: the officer’s perception",
}
GROUPS: tuple[str, ...] = ("Asian", "Black", "Mixed", "Other", "White")
POWERS: dict[str, str] = dict(POWER_LABELS)
LEGISLATIONS: dict[str, str] = {code: term.label for code, term in vocab.LEGISLATION_BY_CODE.items()}
DEFAULT_REFERENCE = "White"
FOCUS_GROUP = "Black"  # the headline comparison, as the Home Office publishes it


@dataclass(frozen=True)
class Choice:
    period: str | None = None  # None: the force's latest complete financial year
    power: str | None = None
    legislation: str | None = None
    ethnicity: str = "self"
    reference: str = DEFAULT_REFERENCE

    @property
    def filters(self) -> dict[str, str]:
        """The record filters for `parity.powers.statistics`."""
        out = {}
        if self.power:
            out["power"] = self.power
        if self.legislation:
            out["legislation"] = self.legislation
        return out

    def params(self, **overrides: str | None) -> dict[str, str]:
        """The query parameters that reproduce this choice; defaults are left out."""
        values = {
            "period": self.period,
            "power": self.power,
            "legislation": self.legislation,
            "ethnicity": None if self.ethnicity == "self" else self.ethnicity,
            "reference": None if self.reference == DEFAULT_REFERENCE else self.reference,
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value}

    def query_string(self, **overrides: str | None) -> str:
        params = self.params(**overrides)
        return "?" + urlencode(params, safe="/") if params else ""

    def at(self, period: str) -> Choice:
        return replace(self, period=period)

    def describe(self) -> str:
        """The filters in words, for captions: "Section 60 ..., officer-defined ethnicity"."""
        parts = []
        if self.power:
            parts.append(POWERS[self.power])
        if self.legislation:
            parts.append(LEGISLATIONS[self.legislation])
        if self.ethnicity == "officer":
            parts.append("officer-defined ethnicity")
        return "; ".join(parts)
