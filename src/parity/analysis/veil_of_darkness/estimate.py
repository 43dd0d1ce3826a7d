"""Running the test: the options checked, stops prepared, the model fitted and the result built."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Literal

import pandas as pd

from parity.analysis import daylight, intervals
from parity.analysis.results import clean
from parity.analysis.vehicle_stops import VehicleStop, driver_frame
from parity.analysis.veil_of_darkness.model import _cells, _Fit, _fit, spline_knots
from parity.analysis.veil_of_darkness.prepare import _normalise_group, _prepare, _Prepared
from parity.analysis.veil_of_darkness.results import (
    FEW_STOPS,
    MIDNIGHT_LIMIT,
    PLACE_DECIMALS,
    Design,
    KnotsFrom,
    Place,
    ShareInLight,
    Status,
    VeilOfDarkness,
)


def veil_of_darkness(
    stops: pd.DataFrame | Sequence[VehicleStop],
    *,
    design: Design = "clock-change",
    minority: Sequence[str] = ("black",),
    reference: Sequence[str] = ("white",),
    ethnicity_basis: Literal["self-defined", "officer-defined"] = "self-defined",
    timezone: str = "Europe/London",
    clock_rule: daylight.ClockRule = "uk",
    reference_point: Place | None = None,
    area_points: Mapping[str, Place] | None = None,
    window_days: int = 30,
    spline_df: int = 6,
    knots_from: KnotsFrom = "stops",
    area_effects: bool = True,
    spline_by_area: bool = False,
    full_years_only: bool = True,
    min_stops_per_group: int = 0,
    midnight_limit: float = MIDNIGHT_LIMIT,
    robustness_dfs: Sequence[int] = (1, 2, 3, 4, 5, 6),
    confidence: float = 0.95,
) -> VeilOfDarkness:
    """Is the compared group a smaller share of stops after dark than in daylight?

    `minority` and `reference` name the two groups compared (5+1 values or other labels
    in the data); the model is P(driver in `minority` | stop by a driver in either). A
    negative darkness coefficient (odds ratio below 1) is what daylight profiling of the
    minority group predicts. `ethnicity_basis` picks the driver's self-defined or
    officer-defined ethnicity when records are given, and labels the result otherwise.
    """
    _check_options(design, spline_df, knots_from, window_days)
    mino, refs = _compared_groups(minority, reference)
    frame = stops if isinstance(stops, pd.DataFrame) else driver_frame(stops, basis=ethnicity_basis)
    prepared = _prepare(
        frame,
        design=design,
        minority=mino,
        reference=refs,
        zone=timezone,
        clock_rule=clock_rule,
        reference_point=reference_point,
        area_points=area_points or {},
        window_days=window_days,
        midnight_limit=midnight_limit,
        full_years_only=full_years_only,
        min_stops_per_group=min_stops_per_group,
        area_effects=area_effects,
    )
    data = prepared.frame
    notes = list(prepared.warnings)
    provenance = _provenance(
        prepared.provenance,
        design=design,
        timezone=timezone,
        clock_rule=clock_rule,
        window_days=window_days,
        knots_from=knots_from,
        area_effects=area_effects,
        spline_by_area=spline_by_area,
        reference_point=reference_point,
        area_points=area_points or {},
    )
    if reference_point is not None and provenance.get("located_by", {}).get("reference point"):
        notes.append(
            f"Sun times for stops without coordinates use one reference point ({reference_point.name}); dusk "
            "comes about 4 minutes earlier for each degree east of it and later to the west, so stops near "
            "dusk far from it may be classed wrongly."
        )
    base = _described(
        prepared,
        design=design,
        minority=mino,
        reference=refs,
        ethnicity_basis=ethnicity_basis,
        spline_df=spline_df,
        confidence=confidence,
        provenance=provenance,
    )
    minority_n, dark_n = base["minority_stops"], base["dark_stops"]
    if prepared.gate:
        return _unfitted(base, notes, "not run", prepared.gate)
    problem = _not_estimable(len(data), minority_n, dark_n)
    if problem:
        return _unfitted(base, notes, "not estimable", problem)
    notes += _few_stops(minority_n, len(data) - minority_n, mino, refs)
    model = _Model(
        cells=_cells(data, design, area_effects),
        times=data["rounded"],
        knots_from=knots_from,
        design=design,
        area_effects=area_effects,
        spline_by_area=spline_by_area,
        confidence=confidence,
    )
    return _fitted(base, model, notes, spline_df=spline_df, robustness_dfs=robustness_dfs)


def _unfitted(base: dict[str, Any], notes: list[str], status: Status, reason: str) -> VeilOfDarkness:
    return VeilOfDarkness(
        **base,
        estimate=None,
        robustness=(),
        cells=0,
        model="",
        knots=(),
        warnings=tuple(notes),
        status=status,
        reason=reason,
    )


def _fitted(
    base: dict[str, Any], model: _Model, notes: list[str], *, spline_df: int, robustness_dfs: Sequence[int]
) -> VeilOfDarkness:
    """The model fitted at `spline_df`, and again at each robustness df, as the result."""
    main, knots, effective_df = model.run(spline_df)
    if effective_df < spline_df:
        notes.append(
            f"Clock times take too few distinct values for a spline with {spline_df} degrees of freedom; "
            f"{effective_df} were used."
        )
    notes.extend(main.notes)
    robustness = tuple(fit.estimate for fit, _, _ in (model.run(df) for df in robustness_dfs) if fit.estimate)
    return VeilOfDarkness(
        **base,
        status="estimated" if main.estimate else "not estimable",
        reason=main.problem,
        estimate=main.estimate,
        robustness=robustness,
        cells=len(model.cells),
        model=main.formula,
        knots=knots,
        warnings=tuple(dict.fromkeys(notes)),
    )


def _described(
    prepared: _Prepared,
    *,
    design: Design,
    minority: tuple[str, ...],
    reference: tuple[str, ...],
    ethnicity_basis: str,
    spline_df: int,
    confidence: float,
    provenance: dict[str, Any],
) -> dict[str, Any]:
    """The result's description of the stops analysed, whether or not the model can be fitted."""
    data = prepared.frame
    minority_n = int(data["is_minority"].sum()) if len(data) else 0
    dark_n = int(data["dark"].sum()) if len(data) else 0
    seasons = data["season"].value_counts().items() if len(data) else ()
    return {
        "design": design,
        "minority": minority,
        "reference": reference,
        "ethnicity_basis": ethnicity_basis,
        "shares": _shares(data, confidence),
        "stops_input": prepared.stops_input,
        "stops_analysed": len(data),
        "minority_stops": minority_n,
        "reference_stops": len(data) - minority_n,
        "dark_stops": dark_n,
        "light_stops": len(data) - dark_n,
        "stops_by_season": tuple(sorted((str(k), int(v)) for k, v in seasons)),
        "window": prepared.window,
        "clock_changes": prepared.changes,
        "exclusions": tuple(prepared.exclusions),
        "midnight_share": prepared.midnight_share,
        "spline_df": spline_df,
        "confidence": confidence,
        "provenance": provenance,
    }


def _provenance(
    prepared: Mapping[str, Any],
    *,
    design: Design,
    timezone: str,
    clock_rule: daylight.ClockRule,
    window_days: int,
    knots_from: KnotsFrom,
    area_effects: bool,
    spline_by_area: bool,
    reference_point: Place | None,
    area_points: Mapping[str, Place],
) -> dict[str, Any]:
    """Everything needed to repeat the run: library versions and every option that shaped it."""
    return {
        **prepared,
        "astral": daylight.ASTRAL_VERSION,
        "statsmodels": version("statsmodels"),
        "patsy": version("patsy"),
        "timezone": timezone,
        "clock_rule": clock_rule,
        "window_days": window_days if design == "clock-change" else None,
        "knots_from": knots_from,
        "area_effects": area_effects,
        "spline_by_area": spline_by_area,
        "reference_point": reference_point.as_dict() if reference_point else None,
        "area_points": {k: v.as_dict() for k, v in area_points.items()},
        "coordinates_rounded_to_decimals": PLACE_DECIMALS,
    }


def _few_stops(minority_n: int, reference_n: int, mino: Sequence[str], refs: Sequence[str]) -> list[str]:
    return [
        f"Only {count} analysed stops of the {label} group ({', '.join(names)}); Stanford required at "
        f"least {FEW_STOPS} per group, so the estimate is imprecise."
        for label, count, names in (("minority", minority_n, mino), ("reference", reference_n, refs))
        if count < FEW_STOPS
    ]


def _check_options(design: str, spline_df: int, knots_from: str, window_days: int) -> None:
    if design not in ("clock-change", "full-year"):
        raise ValueError(f"design must be clock-change or full-year, not {design!r}")
    if spline_df < 1:
        raise ValueError(f"spline_df must be at least 1, not {spline_df}")
    if knots_from not in ("stops", "cells"):
        raise ValueError(f"knots_from must be stops or cells, not {knots_from!r}")
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, not {window_days}")


def _compared_groups(minority: Sequence[str], reference: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if isinstance(minority, str) or isinstance(reference, str):
        raise ValueError("give minority and reference as sequences of groups, e.g. ('black',)")
    mino = tuple(dict.fromkeys(g for g in (_normalise_group(m) for m in minority) if g))
    refs = tuple(dict.fromkeys(g for g in (_normalise_group(r) for r in reference) if g))
    if not mino or not refs:
        raise ValueError("name at least one minority group and one reference group to compare")
    both = set(mino) & set(refs)
    if both:
        raise ValueError(f"a group cannot be in both compared groups: {', '.join(sorted(both))}")
    return mino, refs


def _not_estimable(stops: int, minority: int, dark: int) -> str | None:
    if not stops:
        return "no stops are left after the exclusions"
    if minority in (0, stops):
        return "only one of the two compared groups appears among the analysed stops"
    if dark in (0, stops):
        return "the analysed stops are all in daylight or all after dark"
    return None


@dataclass(frozen=True)
class _Model:
    """The aggregated cells and the model options, fitted at any spline df."""

    cells: pd.DataFrame
    times: pd.Series
    knots_from: KnotsFrom
    design: Design
    area_effects: bool
    spline_by_area: bool
    confidence: float

    def run(self, df: int) -> tuple[_Fit, tuple[float, ...], int]:
        """Fit with a spline of `df` degrees of freedom (fewer if times take few values)."""
        source = self.times if self.knots_from == "stops" else self.cells["rounded"]
        lower, upper = float(source.min()), float(source.max())
        usable = max(1, min(df, int(source.nunique()) - 1))
        knots = tuple(dict.fromkeys(spline_knots(source.to_numpy(dtype=float), usable)))
        inner = [k for k in knots if lower < k < upper]
        fit = _fit(
            self.cells,
            knots,
            lower,
            upper,
            df,
            design=self.design,
            area_effects=self.area_effects,
            spline_by_area=self.spline_by_area,
            confidence=self.confidence,
        )
        return fit, knots, len(inner) + 1


def _shares(data: pd.DataFrame, confidence: float) -> tuple[ShareInLight, ...]:
    out = []
    for dark, label in ((0, "daylight"), (1, "dark")):
        part = data[data["dark"] == dark] if len(data) else data
        n, k = len(part), int(part["is_minority"].sum()) if len(part) else 0
        if n:
            low, high, _ = intervals.proportion_limits([k], [n], confidence=confidence)
            out.append(ShareInLight(label, n, k, k / n, clean(low[0]), clean(high[0])))
        else:
            out.append(ShareInLight(label, 0, 0, None, None, None))
    return tuple(out)
