"""Arrest rates per 1,000 residents and ratios to White, by self-defined ethnic group (METHODS.md §2.2).

The arithmetic and the protection are the stop-and-search rate table's (`parity.analysis.rates`):
arrests stand where searches stand, with the same Poisson log-Wald interval (exact conditional
for small counts) and the same small-number rules. This module only gives the result the
arrests contract's shape: `count` is arrests, `not_reported` the arrests whose ethnicity was
not stated, `unit` what one count is (people arrested, as the Home Office counts them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parity.analysis.groups import scheme
from parity.analysis.rates import RateInput, RateTable, build_rate_tables
from parity.analysis.results import Context, find_group
from parity.analysis.rules import Rules
from parity.reference.ethnicity import GROUPS_STATED, Group

UNIT = "arrests (persons arrested for notifiable offences; one person arrested twice counts twice)"
ORDER = (Group.WHITE, Group.BLACK, Group.ASIAN, Group.MIXED, Group.OTHER)


@dataclass(frozen=True)
class ArrestGroup:
    group: str
    code: str
    count: int | None
    population: int | None
    rate_per_1000: float | None
    rate_ci_low: float | None
    rate_ci_high: float | None
    ratio: float | None
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    ratio_method: str | None
    unreliable: bool
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "count": self.count,
            "population": self.population,
            "rate_per_1000": self.rate_per_1000,
            "rate_ci_low": self.rate_ci_low,
            "rate_ci_high": self.rate_ci_high,
            "ratio": self.ratio,
            "ratio_ci_low": self.ratio_ci_low,
            "ratio_ci_high": self.ratio_ci_high,
            "ratio_method": self.ratio_method,
            "unreliable": self.unreliable,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class ArrestRates:
    """One area's arrests by group for one year: the `parity analyse arrests` contract."""

    context: Context
    unit: str
    not_reported: int | None  # None when suppressed
    groups: tuple[ArrestGroup, ...]
    total: int | None
    warnings: tuple[str, ...]
    rules: Rules
    sources: tuple[str, ...] = ()

    def group(self, code_or_label: str) -> ArrestGroup:
        return find_group(self.groups, code_or_label)

    def as_dict(self) -> dict[str, Any]:
        return {
            "force": self.context.force,
            "force_name": self.context.force_name,
            "period": self.context.period_label,
            "census_year": self.context.census_year,
            "unit": self.unit,
            "not_reported": self.not_reported,
            "groups": [g.as_dict() for g in self.groups],
            "total": self.total,
            "reference_group": "White",
            "warnings": list(self.warnings),
            "sources": list(self.sources),
            "rules": self.rules.as_dict(),
        }


def arrest_rates(
    counts: Mapping[str, int],
    populations: Mapping[str, int] | None,
    *,
    context: Context,
    rules: Rules,
    warnings: tuple[str, ...] = (),
    no_rate_reason: str | None = None,
    sources: tuple[str, ...] = (),
) -> ArrestRates:
    """Rates and ratios to White from arrests by 5+1 group (`not_stated` included) and residents."""
    stated = {g.value for g in GROUPS_STATED}
    item = RateInput(
        context=context,
        scheme=scheme("self-defined", "5+1"),
        reference="White",
        counts={(g, None): n for g, n in counts.items() if g in stated or g == Group.NOT_STATED.value},
        populations=populations,
        no_rate_reason=no_rate_reason,
        warnings=warnings,
    )
    table: RateTable = build_rate_tables([item], rules)[0]
    groups = tuple(_group(table, g) for g in ORDER)
    not_stated = next((e for e in table.exclusions if e.reason.startswith("Ethnicity not stated")), None)
    return ArrestRates(
        context=context,
        unit=UNIT,
        not_reported=None if not_stated is None or not_stated.suppressed else not_stated.count,
        groups=groups,
        total=table.total.searches,
        # the rate table words its notes for searches; here every count is an arrest
        warnings=tuple(w.replace("searches", "arrests") for w in table.warnings),
        rules=rules,
        sources=sources,
    )


def _group(table: RateTable, group: Group) -> ArrestGroup:
    g = table.group(group.value)
    return ArrestGroup(
        group=g.group,
        code=g.code,
        count=g.searches,
        population=g.population,
        rate_per_1000=g.rate_per_1000,
        rate_ci_low=g.rate_ci_low,
        rate_ci_high=g.rate_ci_high,
        ratio=g.ratio,
        ratio_ci_low=g.ratio_ci_low,
        ratio_ci_high=g.ratio_ci_high,
        ratio_method=g.ratio_method,
        unreliable=g.unreliable,
        suppressed=g.suppressed,
    )
