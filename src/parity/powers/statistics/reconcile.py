"""Parity's stop-and-search figures against a published Home Office (EFF) table."""

from __future__ import annotations

from pathlib import Path

from parity.analysis.rates import RateTable
from parity.analysis.reconciliation import Reconciliation, reconcile
from parity.analysis.rules import Rules
from parity.powers.statistics.common import AnalysisError, NoRecords
from parity.powers.statistics.rates import stop_search_rates
from parity.reference.published import PublishedRefused, read_eff_stop_search


def reconcile_published(path: Path, *, rules: Rules | None = None) -> Reconciliation:
    """Every force-year of the published table that Parity holds, compared figure by figure."""
    rules = rules or Rules.from_settings()
    try:
        figures = read_eff_stop_search(path)
    except PublishedRefused as error:
        raise AnalysisError(str(error)) from None
    tables: dict[tuple[str, str, int | None], RateTable] = {}
    skipped: list[str] = []
    for f in figures:
        key = (f.force or "", f.financial_year, f.census_year)
        if f.force is None or f.legislation != "All" or key in tables:
            continue
        try:
            tables[key] = stop_search_rates(f.force, f.financial_year, census_year=f.census_year, rules=rules)
        except NoRecords:
            skipped.append(f"{f.geography} {f.financial_year}")
    result = reconcile(figures, tables)
    if skipped:
        extra = f"Not held by Parity, so not compared: {', '.join(sorted(set(skipped)))}."
        return Reconciliation(result.rows, (*result.notes, extra))
    return result
