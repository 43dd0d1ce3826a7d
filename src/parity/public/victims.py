"""The public victims' and complaints pages' figures and charts, one force and one quarter.

The figures come from `parity.victims.published`, kept per data version and day (`memoised`)
so the page, its downloads and the API share one computation. Each share is drawn as a bar
chart with its table twin; a suppressed group stays suppressed in both, and a group with too
few people to assess is left out of the chart and named under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parity.analysis.victims import REFERENCE, ShareMeasure
from parity.presentation.charts import Bar, Chart, bar_chart
from parity.presentation.formatting import proportion
from parity.victims import published
from parity.victims.published import QuarterFigures
from parity.web.cache import memoised

PARTS = ("victims", "complaints")


@memoised("victims-quarter")
def force_quarter(slug: str, quarter: str | None, today: date) -> QuarterFigures:
    return published.force_quarter(slug, quarter, today=today)


@memoised("victims-forces")
def forces(today: date) -> tuple[tuple[str, str, str, bool], ...]:
    """(slug, name, newest quarter, fictional) of every force with figures published."""
    return tuple((f.slug, f.name, q, made_up) for f, q, made_up in published.forces_published(today=today))


def share_chart(measure: ShareMeasure, chart_id: str, where: str) -> Chart:
    """One share by ethnic group with its interval; White people are the reference."""
    bars = []
    left_out = []
    for g in measure.groups:
        if g.share.suppressed:
            bars.append(Bar(g.label, None, reference=g.group == REFERENCE))
        elif g.assessable:
            bars.append(Bar(g.label, g.share.share, g.share.ci_low, g.share.ci_high, reference=g.group == REFERENCE))
        else:
            left_out.append(g.label)
    notes = [f"Too few people to assess: {', '.join(left_out)}."] if left_out else []
    return bar_chart(
        bars,
        id=chart_id,
        title=f"{measure.label}{', weighted' if measure.weighted else ''}, by ethnic group, {where}",
        description=(
            "Each ethnic group's share with its 95% confidence interval. A share is given only where at least "
            f"{measure.minimum} people are behind it."
        ),
        value_label="Share",
        fmt=proportion,
        notes=notes,
    )


@dataclass(frozen=True)
class Drawn:
    """A share measure and its chart, in the order the page shows them."""

    measure: ShareMeasure
    chart: Chart


def charts(figures: QuarterFigures) -> dict[str, tuple[Drawn, ...]]:
    """The page's charts: victims' records, satisfaction and complaints, each share drawn."""
    where = f"{figures.force.name}, {figures.quarter}"
    victims = figures.victims
    complaints = figures.complaints

    def drawn(measures: tuple[ShareMeasure, ...], prefix: str) -> tuple[Drawn, ...]:
        return tuple(Drawn(m, share_chart(m, f"chart-{prefix}-{m.name}".replace("_", "-"), where)) for m in measures)

    return {
        "records": drawn(victims.records, "victims") if victims else (),
        "satisfaction": drawn(victims.satisfaction, "satisfaction") if victims else (),
        "complaints": drawn(complaints.shares, "complaints") if complaints else (),
    }
