"""Statistics from a force's own HR extract: gather counts from the held records, then call the
pure functions of `parity.analysis` (recruitment, retention, projection), which do the
arithmetic and the small-number protection. Nothing here returns a person: only counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count

from parity.analysis.projection import Projection, project
from parity.analysis.recruitment import Funnel, PositiveAction, funnel, positive_action
from parity.analysis.retention import CODES, LEFT, PROMOTED, Retention, retention_rates
from parity.analysis.rules import Rules
from parity.errors import ParityError
from parity.reference.ethnicity import Group
from parity.workforce.hr_models import HrApplication, HrEvent, HrPerson, WorkforceTarget
from parity.workforce.importing.hr_layouts import OFFICER_RANKS, STAGE_LABELS

MINORITY = "minority"
A_YEAR = timedelta(days=365)


class HrDataMissing(ParityError, ValueError):
    """The HR records held cannot answer the question; the message says what is missing."""


def latest_as_at(force: str) -> date:
    found = HrPerson.objects.filter(force__slug=force).order_by("-as_at").values_list("as_at", flat=True).first()
    if found is None:
        raise HrDataMissing("No HR extract of people in post is held for this force.")
    return found


def recruitment_funnel(force: str, campaign: str | None = None, *, rules: Rules | None = None) -> Funnel:
    """Every decided application (not those still in progress), by group and stage reached."""
    rows = HrApplication.objects.filter(force__slug=force).exclude(outcome="in progress")
    if campaign:
        rows = rows.filter(campaign=campaign)
    furthest: dict[str, Counter[int]] = defaultdict(Counter)
    for group, stage, n in rows.values_list("group", "stage_reached").annotate(n=Count("pk")):
        furthest[group][stage] += n
    if not furthest:
        raise HrDataMissing("No decided recruitment applications are held for this force.")
    stages = len(STAGE_LABELS)
    reached = {
        code: [sum(n for s, n in furthest[code].items() if s >= i) for i in range(stages)]
        for code in CODES
        if code in furthest
    }
    return funnel(STAGE_LABELS, reached, rules=rules or Rules.from_settings())


def positive_action_outcomes(force: str, campaign: str | None = None, *, rules: Rules | None = None) -> PositiveAction:
    rows = HrApplication.objects.filter(force__slug=force).exclude(outcome="in progress")
    if campaign:
        rows = rows.filter(campaign=campaign)
    counts: dict[str, list[int]] = {}
    for group, supported, outcome, n in rows.values_list("group", "positive_action", "outcome").annotate(n=Count("pk")):
        cell = counts.setdefault(group, [0, 0, 0, 0])
        base = 0 if supported else 2
        cell[base] += n
        cell[base + 1] += n if outcome == "appointed" else 0
    return positive_action(
        {c: (v[0], v[1], v[2], v[3]) for c in CODES if (v := counts.get(c))}, rules=rules or Rules.from_settings()
    )


def _people_at(force: str, as_at: date, worker_type: str) -> dict[str, tuple[str, str]]:
    """pseudonym -> (group, rank) of those in post."""
    rows = HrPerson.objects.filter(force__slug=force, as_at=as_at, worker_type=worker_type)
    return {p: (g, r) for p, g, r in rows.values_list("pseudonym", "group", "rank")}


def _start_of_year(force: str, end: date) -> date:
    """The snapshot a year (or as near as held) before `end`, for rates over that year."""
    earlier = HrPerson.objects.filter(force__slug=force, as_at__lte=end - timedelta(days=300)).order_by("-as_at")
    found = earlier.values_list("as_at", flat=True).first()
    if found is None:
        raise HrDataMissing(
            "Leaving and promotion rates need the people in post at the start of a year: "
            "import an extract of people at a date a year before the latest."
        )
    return found


def retention(force: str, *, worker_type: str = "officer", rules: Rules | None = None) -> Retention:
    """Leaving and promotion rates over the year to the latest snapshot, among those in post
    at its start (so each person is counted once, in the group and rank they had)."""
    end = latest_as_at(force)
    start = _start_of_year(force, end)
    people = _people_at(force, start, worker_type)
    events = HrEvent.objects.filter(
        force__slug=force, kind__in=[LEFT, PROMOTED], on__gt=start, on__lte=end, pseudonym__in=list(people)
    )
    return retention_rates(
        people, events.values_list("pseudonym", "kind", "reason").iterator(), start=start, end=end,
        worker_type=worker_type, rank_order=OFFICER_RANKS, rules=rules or Rules.from_settings(),
    )  # fmt: skip


def _is_in(group: str, target_group: str) -> bool:
    if target_group == MINORITY:
        return group not in (Group.WHITE.value, Group.NOT_STATED.value)
    return group == target_group


@dataclass(frozen=True)
class HeldPoint:
    as_at: date
    value: float | None  # share of those who stated, or headcount


@dataclass(frozen=True)
class TargetProjection:
    target: WorkforceTarget
    goal: float  # the share, or the headcount, to reach
    history: tuple[HeldPoint, ...]
    projection: Projection | None
    unavailable: str | None = None

    @property
    def on_time(self) -> bool | None:
        if self.projection is None:
            return None
        reached = self.projection.reached_on
        return self.projection.already_met or (reached is not None and reached <= self.target.deadline)


def _stock(force: str, as_at: date, worker_type: str, group: str) -> tuple[int, int]:
    """(people in the target's group, people who stated an ethnicity) at a date."""
    rows = HrPerson.objects.filter(force__slug=force, as_at=as_at, worker_type=worker_type)
    counts = dict(rows.values_list("group").annotate(n=Count("pk")).values_list("group", "n"))
    stated = sum(n for g, n in counts.items() if g != Group.NOT_STATED.value)
    return sum(n for g, n in counts.items() if _is_in(g, group)), stated


def target_projection(target: WorkforceTarget) -> TargetProjection:
    """The path so far and the stock-and-flow projection (METHODS.md §7.3) of one target, from
    the force's own joiners and leavers in the year to its latest snapshot."""
    force, group, wt = target.force.slug, target.group, target.worker_type
    dates = sorted(set(HrPerson.objects.filter(force__slug=force, worker_type=wt).values_list("as_at", flat=True)))
    value = float(target.value)
    if not dates:
        return TargetProjection(target, value, (), None, "No HR extract of people in post is held for this force.")
    share = target.kind == WorkforceTarget.Kind.SHARE
    history = []
    for as_at in dates:
        members, stated = _stock(force, as_at, wt, group)
        history.append(HeldPoint(as_at, (members / stated if stated else None) if share else float(members)))
    goal = value
    if not share:
        base = [d for d in dates if d <= target.start] or dates[:1]
        goal = _stock(force, base[-1], wt, group)[0] + value
    end = dates[-1]
    try:
        start = _start_of_year(force, end)
    except HrDataMissing as missing:
        return TargetProjection(target, goal, tuple(history), None, str(missing))
    people = _people_at(force, start, wt)
    in_group = {p for p, (g, _) in people.items() if _is_in(g, group)}
    others = {p for p, (g, _) in people.items() if g != Group.NOT_STATED.value} - in_group
    leavers = set(
        HrEvent.objects.filter(
            force__slug=force, kind=HrEvent.Kind.LEAVER, on__gt=start, on__lte=end, pseudonym__in=list(people)
        ).values_list("pseudonym", flat=True)
    )
    joined = HrEvent.objects.filter(
        force__slug=force, kind=HrEvent.Kind.JOINER, worker_type=wt, on__gt=start, on__lte=end
    )
    joiner_groups = [g for g in joined.values_list("group", flat=True) if g != Group.NOT_STATED.value]
    years = (end - start).days / 365.25
    if not in_group or not others or not joiner_groups:
        return TargetProjection(
            target, goal, tuple(history), None, "Too few people, joiners or leavers held to project this target."
        )
    lm = len(leavers & in_group) / len(in_group) / years
    lw = len(leavers & others) / len(others) / years
    if not (0 < lm < 1 and 0 < lw < 1):
        return TargetProjection(
            target, goal, tuple(history), None, "Nobody in one of the groups left in the year, so no leaving rate."
        )
    j = sum(1 for g in joiner_groups if _is_in(g, group)) / len(joiner_groups)
    members, stated = _stock(force, end, wt, group)
    projection = project(
        kind="share" if share else "headcount",
        start=members / stated if share else float(members),
        target=goal,
        joiner_share=j,
        leaving_minority=lm,
        leaving_other=lw,
        as_at=end,
        joiners_a_year=len(joiner_groups) / years,
        headcount=float(stated),
        horizon_years=max(5, min(30, target.deadline.year - end.year + 3)),
    )
    return TargetProjection(target, goal, tuple(history), projection)


def target_value(text: str, kind: str) -> Decimal:
    """A target as written ("12%", "0.12", "1,000"): a share for share targets, else people."""
    cleaned = text.strip().replace(",", "")
    number = Decimal(cleaned.rstrip("%"))
    if kind == WorkforceTarget.Kind.SHARE and (cleaned.endswith("%") or number > 1):
        number /= 100
    return number
