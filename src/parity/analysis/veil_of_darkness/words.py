"""The result in plain English, for a panel member."""

from __future__ import annotations

from collections.abc import Sequence

from parity.analysis import daylight
from parity.analysis.veil_of_darkness.results import VeilOfDarkness
from parity.reference import ethnicity


def _names(groups: Sequence[str]) -> str:
    labels = []
    for g in groups:
        try:
            labels.append(ethnicity.Group(g).label)
        except ValueError:
            labels.append(g.title())
    return " or ".join(labels)


def _interpretation(result: VeilOfDarkness) -> str:
    minority, reference = _names(result.minority), _names(result.reference)
    if result.status != "estimated" or result.estimate is None:
        return f"The test could not give a result: {result.reason}."
    est = result.estimate
    light, dark = result.shares
    window = result.window
    span = (
        f" between {daylight.minute_label(window.earliest_minute)} and {daylight.minute_label(window.latest_minute)}"
        if window
        else ""
    )
    pct = f"{result.confidence:.0%}"
    opening = (
        f"Among {result.stops_analysed:,} stops of {minority} or {reference} drivers{span} (clock times that are "
        f"light on some days and dark on others), {minority} drivers were "
        f"{_percent(light.share)} of stops in daylight and {_percent(dark.share)} after dark. "
    )
    controls = "clock time and season" if result.design == "clock-change" else "clock time"
    model = (
        f"Comparing stops at the same clock time (the model allows for {controls}), the odds that a stopped "
        f"driver was {minority} were {est.odds_ratio:.2f} times as high after dark as in daylight ({pct} interval "
        f"{est.odds_ratio_ci_low:.2f} to {est.odds_ratio_ci_high:.2f}; darkness coefficient {est.coefficient:.3f}, "
        f"standard error {est.std_error:.3f}, p = {_p(est.p_value)}). "
    )
    if est.ci_high < 0:
        meaning = (
            f"{minority} drivers were a smaller share of stops when it was dark and officers could less easily "
            f"see who was driving. That is consistent with {minority} drivers being stopped more in daylight "
            "because of their ethnicity (daylight profiling). It is evidence, not proof: the caveats below list "
            "other explanations."
        )
    elif est.ci_low > 0:
        meaning = (
            f"{minority} drivers were a larger share of stops after dark. That is the opposite of what daylight "
            "profiling would produce; it may reflect who is on the road after dark, where officers are deployed, "
            "or what can be seen of a vehicle at night (see the caveats)."
        )
    else:
        meaning = (
            "The interval includes no difference, so these stops give no clear evidence that the share changes "
            "with darkness. That is not proof that there is no bias: street lighting and small numbers both make "
            "a real difference harder to detect."
        )
    agree = ""
    if len(result.robustness) > 1:
        negative = sum(1 for r in result.robustness if r.ci_high < 0)
        positive = sum(1 for r in result.robustness if r.ci_low > 0)
        agree = (
            f" With between {min(r.spline_df for r in result.robustness)} and "
            f"{max(r.spline_df for r in result.robustness)} degrees of freedom for clock time, "
            f"{negative} of {len(result.robustness)} models found a significantly lower share after dark and "
            f"{positive} a significantly higher one."
        )
    return opening + model + meaning + agree


def _percent(share: float | None) -> str:
    return "an unknown share" if share is None else f"{100 * share:.1f}%"


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"
