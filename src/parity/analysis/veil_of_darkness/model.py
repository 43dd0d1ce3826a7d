"""The model: R-compatible natural spline knots and basis, the design matrix and the binomial GLM."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import patsy  # type: ignore[import-untyped]
import statsmodels.api as sm
from numpy.typing import NDArray
from statsmodels.tools.sm_exceptions import PerfectSeparationError

from parity.analysis import intervals
from parity.analysis.veil_of_darkness.results import DarknessEstimate, Design


def spline_knots(x: NDArray[np.float64] | Sequence[float], df: int) -> tuple[float, ...]:
    """Interior knots as R's `ns(x, df)` places them: type-7 quantiles at 1/df ... (df-1)/df."""
    values = np.asarray(x, dtype=float)
    if df < 2 or values.size == 0:
        return ()
    probs = np.arange(1, df) / df
    return tuple(float(q) for q in np.quantile(values, probs, method="linear"))


def spline_basis(x: NDArray[np.float64], knots: Sequence[float], lower: float, upper: float) -> NDArray[np.float64]:
    """Natural cubic spline basis (centred, without intercept) with the given knots.

    With no interior knot a natural spline is a straight line, so the basis is x centred.
    """
    values = np.asarray(x, dtype=float)
    inner = [k for k in knots if lower < k < upper]
    if not inner:
        line: NDArray[np.float64] = (values - float(values.mean())).reshape(-1, 1)
        return line
    basis = patsy.cr(values, knots=np.asarray(inner), lower_bound=lower, upper_bound=upper, constraints="center")
    out: NDArray[np.float64] = np.asarray(basis, dtype=np.float64)
    return out


def _dummies(values: pd.Series, prefix: str) -> pd.DataFrame:
    levels = sorted(set(values))
    return pd.DataFrame(
        {f"{prefix}[{level}]": (values == level).astype(float).to_numpy() for level in levels[1:]},
        index=values.index,
    )


def _independent(design: pd.DataFrame, keep_first: int) -> tuple[pd.DataFrame, list[str]]:
    """Drop columns that add nothing (no variation in these data), keeping the first ones."""
    kept: list[str] = []
    dropped: list[str] = []
    rank = 0
    for i, column in enumerate(design.columns):
        trial = design[[*kept, column]].to_numpy()
        new_rank = int(np.linalg.matrix_rank(trial))
        if new_rank > rank or i < keep_first:
            kept.append(column)
            rank = new_rank
        else:
            dropped.append(column)
    return design[kept], dropped


@dataclass
class _Fit:
    estimate: DarknessEstimate | None
    problem: str | None
    notes: list[str]
    formula: str


def _design(
    cells: pd.DataFrame,
    knots: Sequence[float],
    lower: float,
    upper: float,
    df: int,
    *,
    design: Design,
    area_effects: bool,
    spline_by_area: bool,
) -> tuple[pd.DataFrame, list[str]]:
    """The model matrix (intercept, dark, spline, season-year, area ...) and its terms in words."""
    columns: dict[str, NDArray[np.float64]] = {
        "intercept": np.ones(len(cells)),
        "dark": cells["dark"].to_numpy(dtype=float),
    }
    spline = spline_basis(cells["rounded"].to_numpy(dtype=float), knots, lower, upper)
    for j in range(spline.shape[1]):
        columns[f"time[{j + 1}]"] = spline[:, j]
    terms = ["dark", f"ns(minute, df={df})"]
    frame = pd.DataFrame(columns, index=cells.index)
    if design == "clock-change":
        frame = frame.join(_dummies(cells["season"] + " " + cells["year"].astype(str), "season_year"))
        terms.append("season × year")
    if area_effects and cells["area_key"].nunique() > 1:
        areas = _dummies(cells["area_key"], "area")
        frame = frame.join(areas)
        terms.append("area")
        if spline_by_area:
            for name in areas.columns:
                for j in range(spline.shape[1]):
                    frame[f"time[{j + 1}]:{name}"] = spline[:, j] * areas[name].to_numpy()
            terms.append(f"ns(minute, df={df}) × area")
    return frame, terms


def _fit(
    cells: pd.DataFrame,
    knots: Sequence[float],
    lower: float,
    upper: float,
    df: int,
    *,
    design: Design,
    area_effects: bool,
    spline_by_area: bool,
    confidence: float,
) -> _Fit:
    notes: list[str] = []
    frame, terms = _design(
        cells, knots, lower, upper, df, design=design, area_effects=area_effects, spline_by_area=spline_by_area
    )
    formula = "cbind(minority, reference) ~ " + " + ".join(terms)
    rank = int(np.linalg.matrix_rank(frame.to_numpy()))
    if rank < frame.shape[1]:  # some term has no variation of its own in these data
        if rank == np.linalg.matrix_rank(frame.drop(columns="dark").to_numpy()):
            return _Fit(
                None, "darkness cannot be separated from clock time and the other terms in these data", notes, formula
            )
        frame, dropped = _independent(frame, keep_first=2)
        notes.append(f"{len(dropped)} model term(s) could not be estimated from these data and were left out.")
    endog = np.column_stack([cells["minority"].to_numpy(float), (cells["stops"] - cells["minority"]).to_numpy(float)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = sm.GLM(endog, frame.to_numpy(), family=sm.families.Binomial()).fit()
        except (PerfectSeparationError, np.linalg.LinAlgError, ValueError) as error:
            return _Fit(None, f"the model could not be fitted: {error}", notes, formula)
    for item in caught:  # what the fit says about these data; library deprecations are not for readers
        if not issubclass(item.category, DeprecationWarning | PendingDeprecationWarning | FutureWarning):
            notes.append(f"Model fitting: {item.message}")
    coef = float(result.params[1])
    se = float(result.bse[1])
    if not (math.isfinite(coef) and math.isfinite(se)) or se <= 0:
        return _Fit(None, "the darkness coefficient is not finite (the groups separate perfectly)", notes, formula)
    z = intervals.z_value(confidence)
    low, high = coef - z * se, coef + z * se
    converged = bool(getattr(result, "converged", True))
    if not converged:
        notes.append("The model did not converge; treat the estimate with caution.")
    estimate = DarknessEstimate(
        spline_df=df,
        coefficient=coef,
        std_error=se,
        ci_low=low,
        ci_high=high,
        p_value=float(result.pvalues[1]),
        odds_ratio=math.exp(coef),
        odds_ratio_ci_low=math.exp(low),
        odds_ratio_ci_high=math.exp(high),
        converged=converged,
    )
    return _Fit(estimate, None, notes, formula)


def _cells(frame: pd.DataFrame, design: Design, area_effects: bool) -> pd.DataFrame:
    key = ["dark", "rounded"]
    if design == "clock-change":
        key += ["season", "year"]
    if area_effects:
        key.append("area_key")
    cells = frame.groupby(key, as_index=False).agg(stops=("is_minority", "size"), minority=("is_minority", "sum"))
    if "season" not in cells:
        cells["season"] = "all"
    if "area_key" not in cells:
        cells["area_key"] = ""
    return cells
