"""The veil-of-darkness test for vehicle stops (METHODS.md §5.4; Grogger & Ridgeway 2006).

Officers can see a driver's ethnicity less easily after dark. At a clock time that is light
on some dates and dark on others (the inter-twilight window), a bias against a group implies
that the group makes up a smaller share of stops when it is dark than when it is light, once
clock time is allowed for. The test needs no population benchmark, which is why it is the
benchmark-free check for section 163 stops.

The implementation follows the Stanford Open Policing Project code (`stanford-policylab/opp`):

1. sunset and civil dusk for each stop's date and place (astral, `daylight`); a place is the
   stop's own coordinates, or a reference point for its area, or one for the whole data;
2. minute of the day on the local clock, seconds dropped;
3. the inter-twilight window: keep stops whose minute lies between the earliest and the latest
   dusk minute over all the dates and places in the data;
4. drop the ambiguous twilight, sunset ≤ minute ≤ dusk; dark means minute > dusk;
5. round the minute to the nearest 5;
6. design: "clock-change" (the primary one) keeps stops within ±30 days of each clock change,
   labelled spring or fall, so that the same clock time is light before a change and dark
   after it within a few weeks, which holds the season nearly constant; "full-year" keeps
   every date, dropping partial years so that seasons are balanced;
7. a binomial GLM with logit link on cells of (dark, rounded minute, season-year, area) with
   counts of the two groups: darkness + natural cubic spline of the rounded minute (df 6) +
   season × year (clock-change design) + area fixed effects where stops have more than one
   area (on by default: an area east of another is dark earlier at the same clock time, so
   leaving area out lets darkness stand in for it) (+ optional spline × area).

The spline is patsy's `cr` with interior knots at the type-7 quantiles of the rounded minute
and boundary knots at its range, which spans the same space as R's `splines::ns(x, df)` (with
the intercept) and so gives the same darkness coefficient; patsy's own default puts knots at
quantiles of the *distinct* values and differs on heaped data.

Input is a DataFrame with one row per stop (or `VehicleStop` records, whose driver is used):
`stopped_at` (naive local clock time, or aware and converted; NaT when not recorded),
`ethnicity` (the driver's group: a 5+1 value or label, a 19+1 code, or another label such
as "hispanic"; blank when not recorded), and optionally `latitude`, `longitude` and `area`.
"""

from __future__ import annotations

from parity.analysis.veil_of_darkness.estimate import veil_of_darkness
from parity.analysis.veil_of_darkness.model import spline_basis, spline_knots
from parity.analysis.veil_of_darkness.results import (
    CAVEATS,
    LONDON,
    METHOD,
    PROVIDENCE,
    REFERENCES,
    DarknessEstimate,
    Design,
    KnotsFrom,
    Place,
    ShareInLight,
    Status,
    VeilOfDarkness,
    Window,
)

__all__ = [
    "CAVEATS",
    "LONDON",
    "METHOD",
    "PROVIDENCE",
    "REFERENCES",
    "DarknessEstimate",
    "Design",
    "KnotsFrom",
    "Place",
    "ShareInLight",
    "Status",
    "VeilOfDarkness",
    "Window",
    "spline_basis",
    "spline_knots",
    "veil_of_darkness",
]
