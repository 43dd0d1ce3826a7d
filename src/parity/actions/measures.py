"""The trend of a Parity measure beside the action meant to move it.

A workforce target (`parity.workforce`) is a measure too: its trend is the path so far and
the projection at the present rate, drawn by `parity.workforce.hr_charts`.

Use-of-force figures are the Home Office tables year by year (`parity.powers.use_of_force`);
criminal-justice stage figures are a stage's relative rate index in the force's stage table,
financial year by financial year (`parity.justice.statistics.force_stages`).

Stop-and-search figures come from the analysis service (`parity.powers.statistics.stop_search_trend`): rolling
12-month rates and ratios for the force, with small-number protection already applied, so
a suppressed window shows as "not published" here too. Each trend is drawn as a line chart
with its table twin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from parity.actions.models import RATIO_KINDS, STAGE_KINDS, MeasureKind
from parity.analysis.trend import Trend
from parity.justice.published import periods_held
from parity.justice.statistics import JusticeError, force_stages
from parity.powers.statistics import AnalysisError, stop_search_trend
from parity.powers.statistics.common import held_months
from parity.presentation.charts import Chart, Formatter, Series, line_chart
from parity.presentation.formatting import month, rate, ratio
from parity.workforce.hr_charts import statement as target_statement
from parity.workforce.hr_charts import target_chart
from parity.workforce.hr_statistics import MINORITY as MINORITY_CODE
from parity.workforce.hr_statistics import target_projection
from parity.workforce.models import WorkforceTarget

GROUPS = ("Asian", "Black", "Mixed", "Other", "White")
RATIO_GROUPS = ("Asian", "Black", "Mixed", "Other")  # White is the reference group
MINORITY = "Minority"  # every stated group but White: only for workforce targets
TARGET_GROUPS = (MINORITY, *RATIO_GROUPS)
MONTHS_SHOWN = 24
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def describe(kind: str, group: str) -> str:
    if kind == MeasureKind.WORKFORCE_TARGET:
        who = "minority ethnic" if group == MINORITY else group
        return f"The force's workforce target for {who} officers and staff"
    if kind == MeasureKind.STOP_SEARCH_RATIO:
        return f"How many times more often {group} people were stopped and searched than White people"
    if kind == MeasureKind.USE_OF_FORCE_RATIO:
        return f"How many times more often force was used on {group} people than on White people"
    if kind == MeasureKind.USE_OF_FORCE_RATE:
        return f"Uses of force per 1,000 {group} people"
    if kind == MeasureKind.ARREST_INDEX:
        return f"How many times more often {group} people were arrested than White people"
    if kind == MeasureKind.CHARGE_INDEX:
        return f"How many times more often arrests of {group} people ended in a charge than arrests of White people"
    if kind == MeasureKind.OUT_OF_COURT_INDEX:
        return (
            f"How many times more often arrests of {group} people ended in an out-of-court disposal "
            "than arrests of White people"
        )
    return f"Stop and search rate per 1,000 {group} people"


@dataclass(frozen=True)
class MeasureTrend:
    kind: str
    group: str
    title: str
    months: tuple[str, ...] = ()
    values: tuple[float | None, ...] = ()
    statement: str = ""
    unavailable: str | None = None
    chart: Chart | None = field(default=None, compare=False)

    @property
    def latest(self) -> tuple[str, float] | None:
        shown = [(m, v) for m, v in zip(self.months, self.values, strict=True) if v is not None]
        return shown[-1] if shown else None

    @property
    def latest_text(self) -> str | None:
        """The newest published value in words, with when it is for: "2.4 (2019/20)". A
        workforce target's path is read from its statement instead."""
        latest = self.latest
        if latest is None or self.kind == MeasureKind.WORKFORCE_TARGET:
            return None
        when, value = latest
        shown = ratio(value) if self.kind in RATIO_KINDS else rate(value)
        return f"{shown} ({when if '/' in when else f'12 months to {month(when)}'})"

    @property
    def name(self) -> str:
        """The measure in a few words, for a list beside the actions that follow it."""
        return f"{MeasureKind(self.kind).label}: {self.group}"

    @property
    def latest_or_why(self) -> str:
        """The latest value in words, else what there is to say instead: a workforce target's
        statement, or why there is no figure."""
        return self.latest_text or self.unavailable or self.statement

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "group": self.group,
            "title": self.title,
            "window_months": 12,
            "points": [{"month": m, "value": v} for m, v in zip(self.months, self.values, strict=True)],
            "statement": self.statement,
            "latest": self.latest_text,
            "unavailable": self.unavailable,
        }


def _window_ends(force: str) -> list[str]:
    held = sorted(held_months([force]).get(force, {}))
    if len(held) < 12:
        return []
    first_end = held[11]
    ends = [m for m in held if m >= first_end]
    return ends[-MONTHS_SHOWN:]


class TrendCache:
    """One call to the analysis service per force, however many measures a page shows."""

    def __init__(self) -> None:
        self._trends: dict[str, Trend | str] = {}

    def trend(self, force: str) -> Trend | str:
        if force not in self._trends:
            ends = _window_ends(force)
            if not ends:
                self._trends[force] = "Parity does not hold a year of stop-and-search records for this force yet."
            else:
                try:
                    self._trends[force] = stop_search_trend(force, f"{ends[0]}..{ends[-1]}")
                except AnalysisError as error:
                    self._trends[force] = str(error)
        return self._trends[force]


def use_of_force_trend(force: str, force_name: str, kind: str, group: str, *, chart_id: str) -> MeasureTrend:
    """A use-of-force measure, year by year from the Home Office tables held (tactics, as the
    officer perceived the person's ethnicity)."""
    from parity.powers.use_of_force.statistics import force_rates, held_periods

    title = f"{describe(kind, group)}, {force_name}, by financial year"
    periods = held_periods(force)
    if not periods:
        return MeasureTrend(kind, group, title, unavailable="Parity holds no use-of-force figures for this force yet.")
    ratio_kind = kind == MeasureKind.USE_OF_FORCE_RATIO
    values: list[float | None] = []
    for period in periods:
        g = force_rates(force, period, source="home-office").group(group)
        values.append(g.ratio if ratio_kind else g.rate_per_1000)
    shown = [(p, v) for p, v in zip(periods, values, strict=True) if v is not None]
    fmt: Formatter = ratio if ratio_kind else rate
    statement = (
        f"In {shown[-1][0]}, "
        + (
            f"force was used on {group} people {fmt(shown[-1][1])} times as often as on White people"
            if ratio_kind
            else f"there were {fmt(shown[-1][1])} uses of force per 1,000 {group} people"
        )
        + " (Home Office figures: each tactic counted, ethnicity as the officer saw it)."
        if shown
        else f"No figure can be published for {group} people (too few uses of force)."
    )
    chart = line_chart(
        [Series(group, values)],
        list(periods),
        id=chart_id,
        title=title,
        description=statement,
        value_label="Times the rate for White people" if ratio_kind else "Uses of force per 1,000 people",
        x_label="Financial year",
        fmt=fmt,
        notes=["Each use of a tactic is counted, so these figures do not count people."],
    )
    return MeasureTrend(kind, group, title, tuple(periods), tuple(values), statement, None, chart)


STAGE_WORDS = {
    "arrest": ("were arrested", "as often as White people, for their numbers in the population"),
    "charge": ("were charged after arrest", "as often as White people arrested"),
    "out_of_court": ("were given an out-of-court disposal after arrest", "as often as White people arrested"),
}


def stage_trend(force: str, force_name: str, kind: str, group: str, *, chart_id: str) -> MeasureTrend:
    """A stage's relative rate index for the group, financial year by financial year, as the
    force's stage table gives it (small numbers protected, so a withheld year is "not published")."""
    stage = STAGE_KINDS[MeasureKind(kind)]
    title = f"{describe(kind, group)}, {force_name}, by financial year"
    periods: list[str] = []
    values: list[float | None] = []
    for period in sorted(p for p in periods_held(force) if len(p) == 7):
        try:
            cell = force_stages(force, period).row(stage).cell(group)
        except (JusticeError, StopIteration):
            continue  # this stage is not held for the year
        periods.append(period)
        values.append(None if cell.suppressed else cell.index)
    if not periods:
        return MeasureTrend(kind, group, title, unavailable="Parity holds no figures at this stage for this force yet.")
    shown = [(p, v) for p, v in zip(periods, values, strict=True) if v is not None]
    did, compared = STAGE_WORDS[stage]
    if shown:
        statement = f"In {shown[-1][0]}, {group} people {did} {ratio(shown[-1][1])} times {compared}."
        if stage == "out_of_court":
            statement += " An out-of-court disposal is the favourable outcome, so below 1 is a disadvantage."
    else:
        statement = f"No figure can be published for {group} people (too few people at this stage)."
    notes = [
        "Arrests are over residents; charges and out-of-court disposals are over arrests. "
        "Ethnicity is as the person defined it."
    ]
    chart = line_chart(
        [Series(group, values)],
        periods,
        id=chart_id,
        title=title,
        description=statement,
        value_label="Times the rate for White people",
        x_label="Financial year",
        fmt=ratio,
        notes=notes,
    )
    return MeasureTrend(kind, group, title, tuple(periods), tuple(values), statement, None, chart)


def measure_trend(
    force: str, force_name: str, kind: str, group: str, *, chart_id: str, cache: TrendCache | None = None
) -> MeasureTrend:
    if kind in STAGE_KINDS:
        return stage_trend(force, force_name, kind, group, chart_id=chart_id)
    if kind in (MeasureKind.USE_OF_FORCE_RATIO, MeasureKind.USE_OF_FORCE_RATE):
        return use_of_force_trend(force, force_name, kind, group, chart_id=chart_id)
    if kind == MeasureKind.WORKFORCE_TARGET:
        return target_trend(force, force_name, group, chart_id=chart_id)
    title = f"{describe(kind, group)}, {force_name}, rolling 12 months"
    trend = (cache or TrendCache()).trend(force)
    if isinstance(trend, str):
        return MeasureTrend(kind, group, title, unavailable=trend)
    months, values = [], []
    for point in trend.points:
        try:
            g = point.table.group(group)
        except KeyError:
            return MeasureTrend(kind, group, title, unavailable=f"Parity's figures have no group called {group}.")
        months.append(point.month)
        values.append(g.ratio if kind == MeasureKind.STOP_SEARCH_RATIO else g.rate_per_1000)
    fmt = ratio if kind == MeasureKind.STOP_SEARCH_RATIO else rate
    statement = _statement(kind, group, months, values)
    chart = line_chart(
        [Series(group, values)],
        [f"12 months to {month(m)}" for m in months],
        short_x_labels=[f"{SHORT_MONTHS[int(m[5:]) - 1]} {m[:4]}" for m in months],
        id=chart_id,
        title=title,
        description=statement,
        value_label="Times the rate for White people"
        if kind == MeasureKind.STOP_SEARCH_RATIO
        else "Searches per 1,000 people",
        x_label="Period",
        fmt=fmt,
        notes=_notes(force_name, trend),
    )
    return MeasureTrend(kind, group, title, tuple(months), tuple(values), statement, None, chart)


def _notes(force_name: str, trend: Trend) -> list[str]:
    """Where the figures stop, and where the census they are divided by changes (a step in the line)."""
    if not trend.points:
        return []
    notes = [f"Parity holds records for {force_name} up to {month(trend.points[-1].month)}."]
    years = [(p.month, p.table.context.census_year) for p in trend.points]
    for (_, before), (changed, after) in pairwise(years):
        if before != after:
            notes.append(
                f"From the 12 months to {month(changed)} the rates are divided by the {after} census population, "
                f"before that by the {before} census, so the line can step there without any change in searches."
            )
    return notes


def _statement(kind: str, group: str, months: list[str], values: list[float | None]) -> str:
    shown = [(m, v) for m, v in zip(months, values, strict=True) if v is not None]
    if not shown:
        return f"No figure can be published for {group} people in these months (too few searches or records missing)."
    (first_month, first), (last_month, last) = shown[0], shown[-1]
    fmt: Formatter = ratio if kind == MeasureKind.STOP_SEARCH_RATIO else rate
    to = f"In the 12 months to {month(last_month)}"
    if kind == MeasureKind.STOP_SEARCH_RATIO:
        now = f"{to}, {group} people were stopped and searched {fmt(last)} times as often as White people"
    else:
        now = f"{to}, {fmt(last)} in every 1,000 {group} people were stopped and searched"
    if first_month == last_month:
        return now + "."
    direction = "down from" if last < first else "up from" if last > first else "the same as"
    return f"{now}, {direction} {fmt(first)} in the 12 months to {month(first_month)}."


def target_trend(force: str, force_name: str, group: str, *, chart_id: str) -> MeasureTrend:
    """The force's target for the group with the nearest deadline: held path and projection."""
    code = MINORITY_CODE if group == MINORITY else group.lower()
    title = f"{describe(MeasureKind.WORKFORCE_TARGET, group)}, {force_name}"
    target = WorkforceTarget.objects.filter(force__slug=force, group=code).order_by("deadline", "pk").first()
    if target is None:
        return MeasureTrend(
            MeasureKind.WORKFORCE_TARGET, group, title, unavailable="The force has not set this target."
        )
    answer = target_projection(target)
    return MeasureTrend(
        MeasureKind.WORKFORCE_TARGET,
        group,
        f"{target.title}, {force_name}",
        tuple(p.as_at.isoformat() for p in answer.history),
        tuple(p.value for p in answer.history),
        target_statement(answer),
        None if answer.history else answer.unavailable,
        target_chart(answer, chart_id=chart_id),
    )
