"""Pure analysis: counts in, result objects out.

Nothing here reads the database, the warehouse or the web; `parity.powers.statistics` gathers
the counts and calls these functions. Every result carries its provenance (numerator,
denominator and census year, reference group, interval and method, exclusions) and has
small-number protection applied inside it, so whatever renders it inherits the protection.
"""

from __future__ import annotations

from parity.analysis.groups import Reference, Scheme, scheme
from parity.analysis.intervals import RatioEstimate, exact_conditional, katz_log, poisson_log_wald, rate_ratio
from parity.analysis.outcomes import OutcomeGroup, OutcomeInputs, OutcomeTest, outcome_test
from parity.analysis.period import Period, PeriodError, parse_period
from parity.analysis.protection import Cells, Line, Status, suppress
from parity.analysis.quality import Quality, QualityInputs, assess
from parity.analysis.rates import Breakdown, GroupRate, RateInput, RateSection, RateTable, build_rate_tables
from parity.analysis.reconciliation import ReconciledRow, Reconciliation, reconcile
from parity.analysis.results import Context, Exclusion, Proportion
from parity.analysis.rules import Rules
from parity.analysis.sensitivity import Sensitivity, reallocate
from parity.analysis.stages import Stage, StageIndex, population_index, stage_indices
from parity.analysis.strip_search import StripGroup, StripInputs, StripSearches, strip_searches
from parity.analysis.trend import Change, GroupChange, Trend, TrendInputs, TrendPoint, compare, rolling_trend

__all__ = [
    "Breakdown",
    "Cells",
    "Change",
    "Context",
    "Exclusion",
    "GroupChange",
    "GroupRate",
    "Line",
    "OutcomeGroup",
    "OutcomeInputs",
    "OutcomeTest",
    "Period",
    "PeriodError",
    "Proportion",
    "Quality",
    "QualityInputs",
    "RateInput",
    "RateSection",
    "RateTable",
    "RatioEstimate",
    "ReconciledRow",
    "Reconciliation",
    "Reference",
    "Rules",
    "Scheme",
    "Sensitivity",
    "Stage",
    "StageIndex",
    "Status",
    "StripGroup",
    "StripInputs",
    "StripSearches",
    "Trend",
    "TrendInputs",
    "TrendPoint",
    "assess",
    "build_rate_tables",
    "compare",
    "exact_conditional",
    "katz_log",
    "outcome_test",
    "parse_period",
    "poisson_log_wald",
    "population_index",
    "rate_ratio",
    "reallocate",
    "reconcile",
    "rolling_trend",
    "scheme",
    "stage_indices",
    "strip_searches",
    "suppress",
]
