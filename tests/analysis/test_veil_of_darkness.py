"""The veil-of-darkness test (METHODS.md §5.4): simulated effects, Rhode Island, edge cases.

Every simulation has a fixed seed and size, so each test gives the same answer every run;
the bounds are chosen so that a correct estimator passes with a wide margin and a biased
one (a sign error, a leaked UTC clock, a wrong window) fails.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from numpy.typing import NDArray

from parity.analysis import daylight
from parity.analysis.vehicle_stops import Occupant, VehicleStop
from parity.analysis.veil_of_darkness import (
    CAVEATS,
    LONDON,
    PROVIDENCE,
    Design,
    Place,
    VeilOfDarkness,
    spline_basis,
    spline_knots,
    veil_of_darkness,
)
from tests.conftest import SHARED

RHODE_ISLAND = SHARED / "us-stanford-open-policing" / "rhode-island-datacamp-subset" / "police.csv"
PLACES = {
    "london": (51.5072, -0.1276),
    "manchester": (53.4808, -2.2426),
    "cardiff": (51.4816, -3.1791),
}
AREA_EFFECT = {"london": 0.4, "manchester": 0.0, "cardiff": -0.3}
TRUE_EFFECT = -0.4
LONDON_POINT = (51.5072, -0.1276)


def simulate(
    n: int,
    effect: float,
    seed: int,
    *,
    start: date = date(2022, 1, 1),
    days: int = 730,
    base: float = -1.4,
    year_effect: float = 0.1,
    area_effect: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Stops across British dates, 16:00-22:30, in three cities, with a known darkness effect.

    The log-odds that a stopped driver is Black are base + area + a wave in clock time +
    a year effect + `effect` after dusk (half of it in twilight, which the test drops). The
    clock-time wave and the area and year effects are what the model's controls must absorb
    for the darkness coefficient to come out at `effect`. The full-year model has no year
    term (as in Stanford's), and an omitted term shrinks a logistic coefficient towards zero,
    so its simulations set `year_effect` to 0.
    """
    rng = np.random.default_rng(seed)
    effects = AREA_EFFECT if area_effect is None else area_effect
    day = pd.to_datetime(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    minute = rng.integers(16 * 60, 22 * 60 + 30, n)
    area = rng.choice(list(effects), n)
    keys = pd.DataFrame({"day": day.date, "area": area}).drop_duplicates()
    sun = {(d, a): daylight.sun_times(d, *PLACES[a]) for d, a in keys.itertuples(index=False)}
    sunset = np.array([sun[(d, a)].sunset_minute for d, a in zip(day.date, area, strict=True)], dtype=float)
    dusk = np.array([sun[(d, a)].dusk_minute for d, a in zip(day.date, area, strict=True)], dtype=float)
    darkness = np.where(minute > dusk, 1.0, np.where(minute < sunset, 0.0, 0.5))
    logit = (
        base
        + np.array([effects[a] for a in area])
        + 0.3 * np.sin(2 * np.pi * (minute - 960) / 400)
        + year_effect * (day.year.to_numpy() - start.year)
        + effect * darkness
    )
    black = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "stopped_at": day + pd.to_timedelta(minute, unit="m"),
            "ethnicity": np.where(black, "black", "white"),
            "latitude": [PLACES[a][0] for a in area],
            "longitude": [PLACES[a][1] for a in area],
            "area": area,
        }
    )


# --- (a) recovering a simulated effect --------------------------------------------------------


def test_clock_change_design_recovers_a_simulated_darkness_effect() -> None:
    result = veil_of_darkness(simulate(60_000, TRUE_EFFECT, seed=1), area_effects=True, robustness_dfs=())
    est = result.estimate
    assert result.status == "estimated" and est is not None
    assert est.ci_low <= TRUE_EFFECT <= est.ci_high
    assert est.ci_high < 0  # a real effect is detected
    assert abs(est.coefficient - TRUE_EFFECT) < 2.5 * est.std_error
    assert est.odds_ratio == pytest.approx(math.exp(est.coefficient))
    assert dict(result.stops_by_season).keys() == {"spring", "fall"}
    assert "consistent with Black drivers being stopped more in daylight" in result.interpretation


def test_full_year_design_recovers_a_simulated_darkness_effect() -> None:
    frame = simulate(40_000, TRUE_EFFECT, seed=1, year_effect=0.0)
    result = veil_of_darkness(frame, design="full-year", area_effects=True, robustness_dfs=())
    est = result.estimate
    assert est is not None
    assert est.ci_low <= TRUE_EFFECT <= est.ci_high
    assert est.ci_high < 0
    assert result.stops_by_season == (("all", result.stops_analysed),)


def test_intervals_cover_the_true_effect_in_most_of_twelve_simulations() -> None:
    """95% intervals should cover about 11.4 of 12; fewer than 9 would mean a biased estimator."""
    covered = 0
    for seed in range(300, 312):
        est = veil_of_darkness(simulate(12_000, TRUE_EFFECT, seed=seed), robustness_dfs=()).estimate
        assert est is not None
        covered += est.ci_low <= TRUE_EFFECT <= est.ci_high
    assert covered >= 9


def test_a_null_simulation_is_rarely_rejected() -> None:
    """With no darkness effect, about 0.6 of 12 tests should reject at 5%; at most 2 may."""
    rejected = 0
    estimates = []
    for seed in range(100, 112):
        result = veil_of_darkness(simulate(12_000, 0.0, seed=seed), robustness_dfs=())
        assert result.estimate is not None
        rejected += result.estimate.significant
        estimates.append(result.estimate.coefficient)
    assert rejected <= 2
    assert abs(float(np.mean(estimates))) < 0.1


def test_null_simulation_interpretation_does_not_claim_absence_of_bias() -> None:
    result = veil_of_darkness(simulate(12_000, 0.0, seed=100), robustness_dfs=())
    assert result.estimate is not None and not result.estimate.significant
    assert "no clear evidence" in result.interpretation
    assert "not proof that there is no bias" in result.interpretation


def test_area_effects_remove_confounding_by_where_the_sun_sets() -> None:
    """East of Cardiff, London is dark earlier at the same clock time; if London also stops
    more Black drivers, darkness picks up London unless the model allows for area. No
    darkness effect is simulated, so the estimate with area effects should be near zero."""
    frame = simulate(40_000, 0.0, seed=41, year_effect=0.0, area_effect={"london": 0.8, "cardiff": -1.2})
    pooled = veil_of_darkness(frame, design="full-year", area_effects=False, robustness_dfs=()).estimate
    by_area = veil_of_darkness(frame, design="full-year", area_effects=True, robustness_dfs=()).estimate
    assert pooled is not None and by_area is not None
    assert pooled.coefficient - by_area.coefficient > 0.05
    assert by_area.ci_low <= 0 <= by_area.ci_high


def test_a_higher_share_after_dark_is_not_read_as_profiling() -> None:
    result = veil_of_darkness(simulate(30_000, 0.5, seed=7), robustness_dfs=())
    assert result.estimate is not None and result.estimate.ci_low > 0
    assert "opposite of what daylight profiling would produce" in result.interpretation


# --- the model is the one METHODS specifies --------------------------------------------------


def _type7(values: np.ndarray, p: float) -> float:
    """R's default quantile, written out: h = (n-1)p, interpolate between order statistics."""
    x = np.sort(values)
    h = (len(x) - 1) * p
    lo = math.floor(h)
    return float(x[lo] + (h - lo) * (x[min(lo + 1, len(x) - 1)] - x[lo]))


def _natural_spline(x: NDArray[np.float64], knots: list[float]) -> NDArray[np.float64]:
    """The natural cubic spline basis of Hastie, Tibshirani and Friedman (ESL eq. 5.4-5.5)."""
    k = len(knots)

    def d(j: int) -> NDArray[np.float64]:
        out: NDArray[np.float64] = (np.maximum(x - knots[j], 0) ** 3 - np.maximum(x - knots[-1], 0) ** 3) / (
            knots[-1] - knots[j]
        )
        return out

    basis: NDArray[np.float64] = np.column_stack([x] + [d(j) - d(k - 2) for j in range(k - 2)])
    return basis


def test_knots_are_r_type_7_quantiles_of_all_values_not_of_distinct_ones() -> None:
    """patsy's own `cr(x, df=6)` takes quantiles of the distinct values; R's `ns` of all of them."""
    rng = np.random.default_rng(5)
    x = np.concatenate([np.full(400, 1100.0), rng.integers(200, 260, 600) * 5.0]).astype(np.float64)  # heaped
    knots = spline_knots(x, 6)
    assert knots == pytest.approx([_type7(x, j / 6) for j in range(1, 6)])
    distinct = np.unique(x)
    patsy_default = [float(np.percentile(distinct, 100 * j / 6)) for j in range(1, 6)]
    assert knots != pytest.approx(patsy_default)


def test_spline_spans_the_same_space_as_a_natural_cubic_spline_with_those_knots() -> None:
    """Same space, so the darkness coefficient equals R's `ns(minute, df = 6)` model's."""
    rng = np.random.default_rng(6)
    x = np.asarray(rng.integers(200, 260, 2_000) * 5.0, dtype=np.float64)
    knots = spline_knots(x, 6)
    ours = np.column_stack([np.ones(len(x)), spline_basis(x, knots, x.min(), x.max())])
    scaled = [(k - 1000) / 100 for k in [x.min(), *knots, x.max()]]
    reference = np.column_stack([np.ones(len(x)), _natural_spline((x - 1000) / 100, scaled)])
    assert ours.shape[1] == reference.shape[1] == 7
    for basis, other in ((ours, reference), (reference, ours)):
        fitted = other @ np.linalg.lstsq(other, basis, rcond=None)[0]
        assert np.abs(fitted - basis).max() < 1e-8 * np.abs(basis).max()


def _by_hand(frame: pd.DataFrame) -> tuple[float, float, int]:
    """The clock-change design written out stop by stop, fitted as an individual-level logit.

    Independent of the module's pipeline: its own window, clock changes from the time zone
    database, its own knots and an ESL spline basis. Only the sun times are shared.
    """
    zone = "Europe/London"
    rows: list[tuple[date, int, bool, int, int]] = []
    for when, group, lat, lon in frame[["stopped_at", "ethnicity", "latitude", "longitude"]].itertuples(index=False):
        sun = daylight.sun_times(when.date(), lat, lon, zone)
        assert sun.sunset_minute is not None and sun.dusk_minute is not None
        rows.append((when.date(), when.hour * 60 + when.minute, group == "black", sun.sunset_minute, sun.dusk_minute))
    earliest = min(r[4] for r in rows)
    latest = max(r[4] for r in rows)
    changes = {}
    for year in {r[0].year for r in rows}:
        noon = [datetime(year, 1, 1, 12, tzinfo=ZoneInfo(zone)) + timedelta(days=i) for i in range(365)]
        found = [b.date() for a, b in itertools.pairwise(noon) if a.utcoffset() != b.utcoffset()]
        changes[year] = {"spring": found[0], "fall": found[1]}
    kept = []
    for day, minute, black, sunset, dusk in rows:
        season = next((s for s, d in changes[day.year].items() if abs((day - d).days) <= 30), None)
        if season is None or not earliest <= minute <= latest or sunset <= minute <= dusk:
            continue
        kept.append((int(minute > dusk), round(minute / 5) * 5, f"{season} {day.year}", int(black)))
    data = pd.DataFrame(kept, columns=["dark", "rounded", "period", "black"])
    x = data["rounded"].to_numpy(float)
    knots = [x.min(), *[_type7(x, j / 6) for j in range(1, 6)], x.max()]
    spline = _natural_spline((x - 1000) / 100, [(k - 1000) / 100 for k in knots])
    periods = pd.get_dummies(data["period"], drop_first=True, dtype=float).to_numpy()
    design = np.column_stack([np.ones(len(data)), data["dark"], spline, periods])
    fit = sm.Logit(data["black"].to_numpy(), design).fit(disp=0)
    return float(fit.params[1]), float(fit.bse[1]), len(data)


def test_the_aggregated_glm_equals_an_individual_logit_written_out_by_hand() -> None:
    frame = simulate(8_000, TRUE_EFFECT, seed=11)
    frame = frame[frame["area"] == "london"]
    coefficient, se, n = _by_hand(frame)
    result = veil_of_darkness(frame, robustness_dfs=())
    assert result.estimate is not None
    assert result.stops_analysed == n
    assert result.estimate.coefficient == pytest.approx(coefficient, rel=1e-6)
    assert result.estimate.std_error == pytest.approx(se, rel=1e-5)


def test_robustness_grid_refits_with_each_spline_df() -> None:
    result = veil_of_darkness(simulate(12_000, TRUE_EFFECT, seed=12), robustness_dfs=(1, 3, 6))
    assert [r.spline_df for r in result.robustness] == [1, 3, 6]
    assert result.estimate is not None
    assert result.robustness[-1].coefficient == pytest.approx(result.estimate.coefficient)
    assert "of 3 models found" in result.interpretation


def test_spline_by_area_and_the_stanford_minimum_per_group_are_options() -> None:
    frame = simulate(12_000, TRUE_EFFECT, seed=14)
    interacted = veil_of_darkness(frame, spline_by_area=True, robustness_dfs=())
    assert interacted.model.endswith("+ area + ns(minute, df=6) × area")
    assert interacted.estimate is not None and math.isfinite(interacted.estimate.coefficient)
    strict = veil_of_darkness(frame, min_stops_per_group=100, robustness_dfs=())
    dropped = next(e for e in strict.exclusions if e.reason.startswith("Area-year with fewer than 100"))
    assert dropped.count is not None and 0 < dropped.count < interacted.stops_analysed
    assert strict.stops_analysed == interacted.stops_analysed - dropped.count


def test_knots_from_cells_differ_from_knots_from_stops_as_methods_notes() -> None:
    frame = simulate(12_000, TRUE_EFFECT, seed=13)
    stops = veil_of_darkness(frame, robustness_dfs=())
    cells = veil_of_darkness(frame, robustness_dfs=(), knots_from="cells")
    assert stops.knots != cells.knots
    assert stops.estimate is not None and cells.estimate is not None
    assert cells.estimate.coefficient == pytest.approx(stops.estimate.coefficient, abs=0.05)
    assert cells.estimate.coefficient != stops.estimate.coefficient


# --- (b) Rhode Island -------------------------------------------------------------------------


def _rhode_island() -> pd.DataFrame:
    raw = pd.read_csv(RHODE_ISLAND, dtype=str, keep_default_na=False)
    stamp = pd.to_datetime(raw["stop_date"] + " " + raw["stop_time"], format="%Y-%m-%d %H:%M", errors="coerce")
    return pd.DataFrame({"stopped_at": stamp, "ethnicity": raw["driver_race"]})


def _run_rhode_island(design: Design) -> VeilOfDarkness:
    """Eastern time, US clock changes, and Providence for the sun (the data have no coordinates)."""
    return veil_of_darkness(
        _rhode_island(), design=design, timezone="America/New_York", clock_rule="us", reference_point=PROVIDENCE
    )


def test_rhode_island_clock_change_design_reproduces_our_computed_value() -> None:
    """A regression value computed by Parity (astral 3.2, statsmodels 0.15.0), NOT a published one.

    Stanford did not publish a veil-of-darkness result for this DataCamp cut of the Rhode
    Island data; these numbers only guard against the implementation changing unnoticed.
    """
    assert len(_rhode_island()) == 27_918
    result = _run_rhode_island("clock-change")
    assert result.status == "estimated" and result.estimate is not None
    assert result.stops_input == 27_918
    assert (result.stops_analysed, result.minority_stops, result.reference_stops) == (1038, 104, 934)
    assert (result.dark_stops, result.light_stops) == (742, 296)
    assert dict(result.stops_by_season) == {"fall": 556, "spring": 482}
    assert result.window is not None
    assert (daylight.minute_label(result.window.earliest_minute), result.window.earliest_date) == (
        "16:46",
        date(2005, 12, 1),
    )
    assert (daylight.minute_label(result.window.latest_minute), result.window.latest_date) == (
        "20:59",
        date(2006, 6, 22),
    )
    assert result.midnight_share == pytest.approx(95 / 27_918)
    reasons = {e.reason.split(" (")[0]: e.count for e in result.exclusions}
    assert reasons == {
        "Time recorded as exactly 00:00, which usually means a date with no time": 95,
        "Driver's ethnicity not recorded": 1451,
        "Driver in neither compared group": 2309,
        "More than 30 days from a clock change": 15554,
        "Clock time outside the inter-twilight window": 7396,
        "Between sunset and the end of civil twilight": 75,
    }
    assert result.stops_input - sum(c or 0 for c in reasons.values()) == result.stops_analysed
    assert result.estimate.coefficient == pytest.approx(-0.024757, abs=5e-6)
    assert result.estimate.std_error == pytest.approx(0.364465, abs=5e-6)
    assert result.estimate.p_value == pytest.approx(0.9458, abs=5e-4)
    assert not result.estimate.significant
    assert any("Providence" in w for w in result.warnings)
    assert [c.local_date for c in result.clock_changes][:2] == [date(2005, 4, 3), date(2005, 10, 30)]


def test_rhode_island_full_year_design_reproduces_our_computed_value() -> None:
    """Computed by Parity, not published. 2008 ends on 7 August, so it is dropped as partial."""
    result = _run_rhode_island("full-year")
    assert result.estimate is not None
    assert (result.stops_analysed, result.minority_stops) == (2004, 219)
    partial = next(e for e in result.exclusions if e.reason.startswith("Part of a year"))
    assert partial.count == 6554
    assert result.estimate.coefficient == pytest.approx(0.018042, abs=5e-6)
    assert result.estimate.std_error == pytest.approx(0.184944, abs=5e-6)


# --- (e) edge cases ---------------------------------------------------------------------------


def _stops(rows: Sequence[tuple[object, object]], **columns: list[object]) -> pd.DataFrame:
    return pd.DataFrame({"stopped_at": [r[0] for r in rows], "ethnicity": [r[1] for r in rows], **columns})


def test_empty_input_is_not_estimable_and_says_why() -> None:
    result = veil_of_darkness(pd.DataFrame({"stopped_at": pd.Series(dtype="datetime64[us]"), "ethnicity": []}))
    assert result.status == "not estimable"
    assert result.reason == "no stops are left after the exclusions"
    assert result.stops_input == 0 and result.estimate is None
    assert "could not give a result" in result.interpretation
    json.dumps(result.as_dict())


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="stopped_at and ethnicity"):
        veil_of_darkness(pd.DataFrame({"when": [], "race": []}))


def test_a_single_ethnicity_is_not_estimable() -> None:
    frame = simulate(5_000, 0.0, seed=21).assign(ethnicity="white")
    result = veil_of_darkness(frame)
    assert result.status == "not estimable"
    assert result.reason is not None and "only one of the two compared groups" in result.reason
    assert result.minority_stops == 0 and result.reference_stops == result.stops_analysed > 0


# Stops at noon on the days of the earliest and latest dusk in London: they set the
# inter-twilight window to 16:31-22:10 and are then themselves outside it.
ANCHORS = [(datetime(2023, 12, 11, 12, 0), "white"), (datetime(2023, 6, 24, 12, 0), "white")]


def test_stops_at_dusk_are_twilight_and_a_minute_later_is_dark() -> None:
    """Stanford's rule: sunset <= minute <= dusk is dropped; dark means after dusk."""
    sun = daylight.sun_times(date(2023, 11, 1), *LONDON_POINT)  # 3 days after the 29 October change
    assert sun.sunset_minute is not None and sun.dusk_minute is not None

    def at(minute: int) -> datetime:
        return datetime(2023, 11, 1, minute // 60, minute % 60)

    rows = [
        (at(sun.sunset_minute - 1), "white"),  # light
        (at(sun.sunset_minute), "white"),  # twilight: exactly at sunset
        (at(sun.dusk_minute), "black"),  # twilight: exactly at dusk
        (at(sun.dusk_minute + 1), "black"),  # dark
    ]
    result = veil_of_darkness(_stops([*rows, *ANCHORS]), reference_point=LONDON, robustness_dfs=())
    counts = {e.reason.split(" (")[0]: e.count for e in result.exclusions}
    assert counts["Between sunset and the end of civil twilight"] == 2
    assert counts["More than 30 days from a clock change"] == 2  # the anchors
    assert (result.light_stops, result.dark_stops) == (1, 1)
    assert result.shares[0].minority == 0 and result.shares[1].minority == 1


def test_far_north_midsummer_stops_are_excluded_not_an_error() -> None:
    rows = [(datetime(2023, 6, 21, 23, 30), "black"), (datetime(2023, 6, 21, 22, 0), "white")]
    result = veil_of_darkness(_stops(rows), reference_point=Place("Unst", 60.9, -0.9), design="full-year")
    reason = next(e for e in result.exclusions if e.reason.startswith("No darkness"))
    assert reason.count == 2
    assert "civil twilight does not end" in reason.reason
    assert result.status == "not estimable"


def test_dates_without_times_fail_the_midnight_gate() -> None:
    frame = simulate(2_000, 0.0, seed=22)
    frame.loc[frame.index[:100], "stopped_at"] = frame["stopped_at"].iloc[:100].dt.normalize()  # 5%
    result = veil_of_darkness(frame)
    assert result.status == "not run"
    assert result.reason is not None and "00:00" in result.reason
    assert result.midnight_share == pytest.approx(0.05)
    assert result.estimate is None


def test_a_few_midnight_stops_pass_the_gate_and_are_excluded() -> None:
    frame = simulate(12_000, 0.0, seed=22)
    frame.loc[frame.index[:50], "stopped_at"] = frame["stopped_at"].iloc[:50].dt.normalize()
    frame.loc[frame.index[50:60], "stopped_at"] = pd.NaT
    result = veil_of_darkness(frame, robustness_dfs=())
    assert result.status == "estimated"
    counts = {e.reason: e.count for e in result.exclusions}
    assert counts["No date and time recorded"] == 10
    assert counts["Time recorded as exactly 00:00, which usually means a date with no time"] == 50


def test_missing_and_unstated_ethnicity_and_other_groups_are_counted() -> None:
    frame = simulate(12_000, 0.0, seed=23)
    frame.loc[frame.index[:30], "ethnicity"] = None
    frame.loc[frame.index[30:50], "ethnicity"] = "NS"
    frame.loc[frame.index[50:90], "ethnicity"] = "A1"  # Indian: Asian, in neither group
    frame.loc[frame.index[90:100], "ethnicity"] = "B2"  # African: Black
    result = veil_of_darkness(frame, robustness_dfs=())
    counts = {e.reason: e.count for e in result.exclusions}
    assert counts["Driver's ethnicity not recorded"] == 30
    assert counts["Driver's ethnicity not stated (prefer not to say)"] == 20
    assert counts["Driver in neither compared group (asian)"] == 40


def test_stops_without_a_location_or_reference_point_are_excluded() -> None:
    frame = simulate(3_000, 0.0, seed=24)
    frame.loc[frame.index[:10], ["latitude", "longitude"]] = np.nan
    frame.loc[frame.index[:5], "area"] = "nowhere"
    result = veil_of_darkness(frame, robustness_dfs=(), area_points={"london": LONDON})
    counts = {e.reason: e.count for e in result.exclusions}
    located = result.provenance["located_by"]
    london_without = int((frame["area"].iloc[:10] == "london").sum())
    assert counts["No location, and no reference point for its area"] == 10 - london_without
    assert located.get("area point", 0) == london_without


def test_aware_times_are_read_on_the_local_clock() -> None:
    """On 1 September sunset is 19:47 and dusk 20:22 BST. 19:30 UTC is 20:30 BST, after dusk;
    read as 19:30 on the clock it would be before sunset."""
    sun = daylight.sun_times(date(2023, 9, 1), *LONDON_POINT)
    assert (sun.sunset_minute, sun.dusk_minute) == (19 * 60 + 47, 20 * 60 + 22)
    anchors = [(when.replace(tzinfo=UTC), group) for when, group in ANCHORS]
    utc = [(datetime(2023, 9, 1, 19, 30, tzinfo=UTC), "black"), (datetime(2023, 9, 1, 17, 30, tzinfo=UTC), "white")]
    options = {"reference_point": LONDON, "design": "full-year", "full_years_only": False}
    result = veil_of_darkness(_stops([*utc, *anchors]), **options)  # type: ignore[arg-type]
    assert (result.dark_stops, result.light_stops) == (1, 1)
    naive = [(when.replace(tzinfo=None), group) for when, group in utc]
    local = veil_of_darkness(_stops([*naive, *ANCHORS]), **options)  # type: ignore[arg-type]
    assert (local.dark_stops, local.light_stops) == (0, 2)


def test_iso_text_with_offsets_is_read_on_the_local_clock() -> None:
    """data.police.uk writes UTC with +00:00; 19:30+00:00 on 1 September is 20:30 BST, after dusk."""
    rows = [("2023-09-01T19:30:00+00:00", "black"), ("2023-09-01T17:30:00+00:00", "white")]
    anchors = [(when.strftime("%Y-%m-%dT%H:%M:%S+00:00"), group) for when, group in ANCHORS]
    result = veil_of_darkness(
        _stops([*rows, *anchors]), reference_point=LONDON, design="full-year", full_years_only=False
    )
    assert (result.dark_stops, result.light_stops) == (1, 1)
    with pytest.raises(ValueError, match="mixes"):
        veil_of_darkness(_stops([("2023-09-01T19:30:00+01:00", "black"), ("2023-09-01 17:30", "white")]))


def test_times_with_and_without_zones_cannot_be_mixed() -> None:
    rows = [(datetime(2023, 6, 24, 21, 30, tzinfo=UTC), "black"), (datetime(2023, 6, 24, 19, 0), "white")]
    with pytest.raises(ValueError, match="mixes"):
        veil_of_darkness(_stops(rows), reference_point=LONDON)


def test_clock_change_window_is_thirty_days_either_side_inclusive() -> None:
    change = date(2023, 10, 29)
    days = [change - timedelta(days=30), change + timedelta(days=30), change + timedelta(days=31)]
    rows = [(datetime(d.year, d.month, d.day, 18, 0), "white") for d in days]
    result = veil_of_darkness(_stops(rows), reference_point=LONDON)
    far = next(e for e in result.exclusions if e.reason.startswith("More than 30 days"))
    assert far.count == 1


def test_records_use_the_driver_not_the_passengers() -> None:
    frame = simulate(12_000, TRUE_EFFECT, seed=25)
    columns = zip(
        frame["stopped_at"].dt.to_pydatetime(),
        frame["ethnicity"].tolist(),
        frame["latitude"].tolist(),
        frame["longitude"].tolist(),
        frame["area"].tolist(),
        strict=True,
    )
    records = [
        VehicleStop(
            f"S{i}",
            when,
            (Occupant("driver", "B1" if group == "black" else "W1"), Occupant("passenger", "A1")),
            latitude=lat,
            longitude=lon,
            area=area,
        )
        for i, (when, group, lat, lon, area) in enumerate(columns)
    ]
    from_records = veil_of_darkness(records, robustness_dfs=())
    from_frame = veil_of_darkness(frame, robustness_dfs=())
    assert from_records.estimate is not None and from_frame.estimate is not None
    assert from_records.estimate.coefficient == pytest.approx(from_frame.estimate.coefficient)
    assert from_records.stops_analysed == from_frame.stops_analysed


def test_group_names_must_not_overlap() -> None:
    with pytest.raises(ValueError, match="both"):
        veil_of_darkness(simulate(100, 0.0, seed=1), minority=("black",), reference=("Black",))
    with pytest.raises(ValueError, match="sequences"):
        veil_of_darkness(simulate(100, 0.0, seed=1), minority="black")


def test_result_is_json_with_its_provenance() -> None:
    result = veil_of_darkness(simulate(12_000, TRUE_EFFECT, seed=26), robustness_dfs=(6,))
    out = json.loads(json.dumps(result.as_dict()))
    assert out["status"] == "estimated"
    assert out["estimate"]["coefficient"] == result.estimate.coefficient
    assert out["provenance"]["astral"] == daylight.ASTRAL_VERSION == "3.2"
    assert out["provenance"]["statsmodels"]
    assert out["model"] == "cbind(minority, reference) ~ dark + ns(minute, df=6) + season × year + area"
    assert len(out["knots"]) == 5
    assert {c["season"] for c in out["clock_changes"]} == {"spring", "fall"}
    assert out["caveats"] == list(CAVEATS)
    assert any("Street lighting" in c for c in out["caveats"])
    assert out["counts"]["analysed"] == sum(s["stops"] for s in out["shares"])
