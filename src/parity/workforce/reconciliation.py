"""Do the two Home Office workforce tables agree where both hold a year?

The ethnicity table and the headcount table without ethnicity are published separately; a
cell of one (force x year x worker type x rank x sex) summed over ethnic groups should equal
the same cell of the other. Where they differ, a figure from one table is not the total the
other's shares sit within, so every difference is listed, never smoothed over.
docs/methodology/workforce-reconciliation.md lists the differences found in the shared files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from parity.workforce.models import Headcount, WorkforceTotal

Key = tuple[str, int, str, str, str]  # force slug, year (as at 31 March), worker type, rank, sex
Figures = tuple[int, Decimal | None]  # headcount, full-time equivalent
FTE_TOLERANCE = Decimal("0.01")  # the tables give FTE to two places; a hundredth apart is agreement


@dataclass(frozen=True)
class Difference:
    """One rank of one force-year where the tables disagree (sex None: summed over sexes)."""

    force: str
    year: int
    worker_type: str
    rank: str
    sex: str | None
    ethnicity_headcount: int
    total_headcount: int
    ethnicity_fte: Decimal | None
    total_fte: Decimal | None

    @property
    def headcount_difference(self) -> int:
        return self.ethnicity_headcount - self.total_headcount

    def as_dict(self) -> dict[str, Any]:
        def fte(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "force": self.force,
            "year": self.year,
            "worker_type": self.worker_type,
            "rank": self.rank,
            "sex": self.sex,
            "ethnicity_table_headcount": self.ethnicity_headcount,
            "headcount_table_headcount": self.total_headcount,
            "headcount_difference": self.headcount_difference,
            "ethnicity_table_fte": fte(self.ethnicity_fte),
            "headcount_table_fte": fte(self.total_fte),
        }


@dataclass(frozen=True)
class Reconciliation:
    """The comparison of the two tables: what was compared, and every difference."""

    years: tuple[int, ...]
    compared: int  # force x year x worker type x rank cells held by both
    differences: tuple[Difference, ...]  # by rank, then (for a headcount difference) by sex

    @property
    def agree(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict[str, Any]:
        return {
            "years": list(self.years),
            "cells_compared": self.compared,
            "agree": self.agree,
            "differences": [d.as_dict() for d in self.differences],
        }


def _sum(cells: Mapping[Key, Figures], drop_sex: bool) -> dict[Key, Figures]:
    summed: dict[Key, list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for (force, year, worker, rank, sex), (headcount, fte) in cells.items():
        total = summed[(force, year, worker, rank, "" if drop_sex else sex)]
        total[0] += headcount
        total[1] = None if fte is None or total[1] is None else total[1] + fte
    return {k: (int(h), f) for k, (h, f) in summed.items()}


def _fte_differs(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and abs(a - b) > FTE_TOLERANCE


def reconcile(ethnicity: Mapping[Key, Figures], totals: Mapping[Key, Figures]) -> Reconciliation:
    """Compare the cells both tables hold: each rank's headcount and FTE, and for a rank whose
    headcount differs, each sex's, so the difference can be found in the files."""
    by_rank_e, by_rank_t = _sum(ethnicity, True), _sum(totals, True)
    both = sorted(set(by_rank_e) & set(by_rank_t))
    differences: list[Difference] = []
    for key in both:
        (he, fe), (ht, ft) = by_rank_e[key], by_rank_t[key]
        if he == ht and not _fte_differs(fe, ft):
            continue
        force, year, worker, rank, _ = key
        differences.append(Difference(force, year, worker, rank, None, he, ht, fe, ft))
        if he == ht:
            continue
        for sex in sorted({k[4] for k in ethnicity if k[:4] == key[:4]} | {k[4] for k in totals if k[:4] == key[:4]}):
            e = ethnicity.get((*key[:4], sex), (0, Decimal(0)))
            t = totals.get((*key[:4], sex), (0, Decimal(0)))
            if e[0] != t[0]:
                differences.append(Difference(force, year, worker, rank, sex, e[0], t[0], e[1], t[1]))
    return Reconciliation(tuple(sorted({k[1] for k in both})), len(both), tuple(differences))


def held_reconciliation(force: str | None = None) -> Reconciliation:
    """The two tables as held (one force, or every force), compared."""
    ethnicity = Headcount.objects.all()
    totals = WorkforceTotal.objects.all()
    if force is not None:
        ethnicity, totals = ethnicity.filter(force__slug=force), totals.filter(force__slug=force)
    e = {
        (slug, as_at.year, worker, rank, sex): (int(h), f)
        for slug, as_at, worker, rank, sex, h, f in ethnicity.values_list(
            "force__slug", "as_at", "worker_type", "rank", "gender"
        ).annotate(h=Sum("headcount"), f=Sum("fte"))
    }
    t = {
        (slug, as_at.year, worker, rank, sex): (int(h), f)
        for slug, as_at, worker, rank, sex, h, f in totals.values_list(
            "force__slug", "as_at", "worker_type", "rank", "sex"
        ).annotate(h=Sum("headcount"), f=Sum("fte"))
    }
    return reconcile(e, t)
