"""What the workforce dashboard shows, gathered in one call: representation by worker type and
rank, the recruitment funnel, leaving and promotion rates, and each target's projection.

Only counts and rates leave here, never a pseudonym; each result object carries its own
small-number protection.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count

from parity.analysis.recruitment import Funnel, PositiveAction
from parity.analysis.representation import Representation, protect_ranks, representation
from parity.analysis.results import Context
from parity.analysis.retention import Retention
from parity.analysis.rules import Rules
from parity.presentation.charts import Chart
from parity.reference.models import Force
from parity.web.cache import memoised
from parity.workforce.hr_charts import funnel_chart, statement, target_chart
from parity.workforce.hr_statistics import (
    HrDataMissing,
    TargetProjection,
    latest_as_at,
    positive_action_outcomes,
    recruitment_funnel,
    retention,
    target_projection,
    target_value,
)
from parity.workforce.importing.hr_layouts import OFFICER_RANKS
from parity.workforce.models import HrExtract, HrPerson, WorkforceTarget
from parity.workforce.statistics import benchmark, census_for

WORKER_TYPES: dict[str, str] = {
    "officer": "Police officers",
    "staff": "Police staff",
    "pcso": "PCSOs",
    "special": "Special constables",
}


@dataclass
class TargetView:
    answer: TargetProjection
    statement: str
    chart: Chart | None


@dataclass
class Dashboard:
    force: Force
    fictional: bool
    as_at: date | None
    by_worker_type: list[tuple[str, Representation]] = field(default_factory=list)
    by_rank: list[tuple[str, Representation]] = field(default_factory=list)
    funnel: Funnel | None = None
    funnel_chart: Chart | None = None
    support: PositiveAction | None = None
    retention: Retention | None = None
    targets: list[TargetView] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _representation(force: Force, as_at: date, worker_type: str, rank: str | None, rules: Rules) -> Representation:
    rows = HrPerson.objects.filter(force=force, as_at=as_at, worker_type=worker_type)
    by_rank: dict[str, dict[str, int]] = defaultdict(dict)
    for held, group, n in rows.values_list("rank", "group").annotate(n=Count("pk")):
        by_rank[held][group] = n
    counts: Counter[str] = Counter()
    for held, groups in by_rank.items():
        if rank in {None, held}:
            counts.update(groups)
    # officers' ranks are shown beside the whole: the same cells hidden in all of them
    hidden = protect_ranks(by_rank, rules.disclosure_threshold)[rank] if worker_type == "officer" else ()
    census = census_for(as_at.year)
    population, notes = benchmark(force.slug, census, chinese_with_other=False)
    context = Context(
        force=force.slug, force_name=force.name, period_start=as_at.isoformat(), period_end=as_at.isoformat(),
        period_label=as_at.isoformat(), census_year=census, ethnicity="self-defined", classification="5+1",
        filters=(("worker_type", worker_type), *((("rank", rank),) if rank else ())),
    )  # fmt: skip
    return representation(
        counts, population, context=context, as_at=as_at.isoformat(), worker_type=worker_type, rank=rank,
        rules=rules, warnings=tuple(notes), also_hidden=hidden,
    )  # fmt: skip


def state(force: Force) -> str:
    """The state of the force's HR extracts and targets: what the dashboard is worked out from
    (with the data and rules every page depends on, which `memoised` adds)."""
    version = (
        tuple(HrExtract.objects.filter(force=force).order_by("pk").values_list("pk", "sha256", "fictional")),
        tuple(WorkforceTarget.objects.filter(force=force).order_by("pk").values_list()),
    )
    return repr(version)


def dashboard(force: Force, version: str | None = None) -> Dashboard:
    """The force's dashboard, worked out once per state of its HR records and targets (and of
    the data and rules every page depends on): a page of many protected tables is costly, and
    the same until an extract is imported or a target changes. `version` is `state(force)`,
    when the caller has read it already."""
    return _dashboard(force.pk, state(force) if version is None else version)


@memoised("hr-dashboard")
def _dashboard(force_pk: int, version: str) -> Dashboard:
    force = Force.objects.get(pk=force_pk)
    rules = Rules.from_settings()
    fictional = force.fictional or HrExtract.objects.filter(force=force, fictional=True).exists()
    try:
        as_at: date | None = latest_as_at(force.slug)
    except HrDataMissing as missing:
        as_at = None
        board = Dashboard(force, fictional, None, missing=[str(missing)])
    else:
        board = Dashboard(force, fictional, as_at)
    if as_at is not None:
        held = HrPerson.objects.filter(force=force, as_at=as_at)
        for worker_type in sorted(set(held.values_list("worker_type", flat=True)), key=list(WORKER_TYPES).index):
            board.by_worker_type.append(
                (WORKER_TYPES[worker_type], _representation(force, as_at, worker_type, None, rules))
            )
        ranks = set(held.filter(worker_type="officer").values_list("rank", flat=True))
        for rank in (r for r in OFFICER_RANKS if r in ranks):
            board.by_rank.append((rank.capitalize(), _representation(force, as_at, "officer", rank, rules)))
    for name, make in (
        ("funnel", lambda: recruitment_funnel(force.slug, rules=rules)),
        ("support", lambda: positive_action_outcomes(force.slug, rules=rules)),
        ("retention", lambda: retention(force.slug, rules=rules)),
    ):
        try:
            setattr(board, name, make())
        except HrDataMissing as missing:
            board.missing.append(str(missing))
    if board.funnel is not None:
        board.funnel_chart = funnel_chart(board.funnel, chart_id="funnel")
    for i, target in enumerate(WorkforceTarget.objects.filter(force=force)):
        answer = target_projection(target)
        board.targets.append(TargetView(answer, statement(answer), target_chart(answer, chart_id=f"target-{i + 1}")))
    return board


def add_target(force: Force, data: dict[str, Any]) -> WorkforceTarget:
    """Record a target (audited: WorkforceTarget is registered with the audit trail)."""
    value = target_value(str(data["value"]), data["kind"])
    with transaction.atomic():
        target = WorkforceTarget(
            force=force, title=data["title"], kind=data["kind"], group=data["group"],
            worker_type=data["worker_type"], value=Decimal(value), start=data["start"], deadline=data["deadline"],
        )  # fmt: skip
        target.full_clean()
        target.save()  # audited: the request's person is the actor
    return target
