"""A workforce target in words and as a chart: the path so far beside the projection at the
present rate, with its table twin. Used by the dashboard and by the action plan's measures."""

from __future__ import annotations

from parity.analysis.recruitment import Funnel
from parity.presentation.charts import Chart, Series, line_chart
from parity.presentation.formatting import govuk_date as day
from parity.presentation.formatting import number, proportion
from parity.workforce.hr_statistics import MINORITY, TargetProjection

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def group_words(group: str) -> str:
    return "minority ethnic" if group == MINORITY else group.replace("_", " ").capitalize()


def _amount(answer: TargetProjection, value: float) -> str:
    return proportion(value) if answer.target.kind == "share" else f"{value:,.0f}"


def statement(answer: TargetProjection) -> str:
    """One plain sentence: where the force is, and when the target is met at the present rate."""
    target = answer.target
    who = f"{group_words(target.group)} {'officers' if target.worker_type == 'officer' else 'people'}"
    if answer.projection is None:
        return answer.unavailable or "The target cannot be projected from the records held."
    p = answer.projection
    now = f"On {day(answer.history[-1].as_at)} there were {_amount(answer, p.start)} {who}"
    goal = f"against a target of {_amount(answer, answer.goal)} by {day(target.deadline)}"
    if p.already_met:
        return f"{now}, {goal}: the target is met."
    if p.never:
        needed = ""
        if p.recruit_share_needed is not None:
            share = proportion(p.recruit_share_needed)
            needed = f" It would be reached only if {share} of recruits were {group_words(target.group)}."
        return f"{now}, {goal}. At the present rate of joining and leaving it will never be reached.{needed}"
    assert p.reached_on is not None
    late = "after" if p.reached_on > target.deadline else "before"
    return f"{now}, {goal}. At the present rate it would be reached around {day(p.reached_on)}, {late} the deadline."


def target_chart(answer: TargetProjection, *, chart_id: str) -> Chart | None:
    """The held values and the projection on one time line (a gap where a series has no value)."""
    if not answer.history:
        return None
    held = {p.as_at: p.value for p in answer.history}
    projected = {p.when: p.value for p in answer.projection.path} if answer.projection else {}
    deadline = answer.target.deadline
    projected = {d: v for d, v in projected.items() if d.year <= deadline.year + 2}
    dates = sorted(set(held) | set(projected))
    series = [Series("Held", [held.get(d) for d in dates])]
    if projected:
        series.append(Series("Projected at the present rate", [projected.get(d) for d in dates]))
    series.append(Series("Target", [answer.goal for _ in dates]))
    share = answer.target.kind == "share"
    return line_chart(
        series,
        [day(d) for d in dates],
        short_x_labels=[f"{SHORT_MONTHS[d.month - 1]} {d.year}" for d in dates],
        id=chart_id,
        title=answer.target.title,
        description=statement(answer),
        value_label="Share of those who stated an ethnicity" if share else "People",
        x_label="Date",
        fmt=proportion if share else number,
        notes=["The projection holds the last year's joining and leaving rates steady; it is not a forecast."],
    )


def funnel_chart(funnel: Funnel, *, chart_id: str) -> Chart:
    """Each group's share of applicants still in the process after each stage."""
    steps = funnel.steps
    series = [
        Series(
            g.group, [None if funnel.applicants.get(g.code) is None else 1.0, *(s.groups[i].cumulative for s in steps)]
        )
        for i, g in enumerate(steps[0].groups)
    ]
    stages = [funnel.stages[0], *(s.name for s in steps)]
    return line_chart(
        series,
        stages,
        short_x_labels=stages,
        id=chart_id,
        title="Share of each group's applicants still in the process after each stage",
        description="The further a line falls, the more of that group's applicants were lost at that stage.",
        value_label="Share of the group's applicants",
        x_label="Stage",
        fmt=proportion,
        notes=["Groups of fewer than 5 people, and figures that would give one back, are not shown."],
    )
