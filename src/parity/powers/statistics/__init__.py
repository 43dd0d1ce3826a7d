"""Stop-and-search statistics: the glue from warehouse counts to `parity.analysis`.

The functions pages, the API and the CLI call. They gather counts from the warehouse, which
months are held from the database, census populations and the configured rules, and return
the result objects of `parity.analysis` (pure: counts in, results out), with protection and
warnings already applied. The statistics themselves are all in `parity.analysis`.
"""

from __future__ import annotations

from parity.powers.statistics.common import AnalysisError, NoRecords, codes_used
from parity.powers.statistics.outcomes import (
    stop_search_outcomes,
    stop_search_outcomes_by_object,
    stop_search_strip_searches,
)
from parity.powers.statistics.rates import full_table, stop_search_rates
from parity.powers.statistics.trend import stop_search_change, stop_search_trend

__all__ = [
    "AnalysisError",
    "NoRecords",
    "codes_used",
    "full_table",
    "stop_search_change",
    "stop_search_outcomes",
    "stop_search_outcomes_by_object",
    "stop_search_rates",
    "stop_search_strip_searches",
    "stop_search_trend",
]
