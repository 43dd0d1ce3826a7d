"""Drawing a meeting's sample of cases, by a registered rule, reproducibly.

The records a panel may sample are its force's records in the chosen period, less those
already in one of the panel's samples (reviewed, or waiting to be). Those are recognised
by the record itself, or by the force's own reference when a re-imported month gave the
record a new row, so a corrected month does not bring reviewed cases back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from parity.accounts import audit
from parity.accounts.models import User
from parity.errors import ParityError
from parity.powers.models import SourceFile, StopSearch, UseOfForceReport
from parity.presentation.formatting import counted, govuk_date
from parity.scrutiny import use_of_force
from parity.scrutiny.models import Case, Meeting, Panel, Sample
from parity.scrutiny.redaction import record_key, snapshot
from parity.scrutiny.sampling import (
    DATASET_NAMES,
    DIMENSIONS,
    STOP_SEARCH,
    USE_OF_FORCE,
    Allocation,
    Dataset,
    EmptySelection,
    composition,
    draw,
    get_rule,
    new_seed,
)
from parity.scrutiny.services import notices

MAX_SIZE = 200


class MeetingFull(ParityError, ValueError):
    """The meeting already holds as many cases as a meeting may (PARITY_MEETING_MAX_CASES):
    a panel cannot review more in one sitting, and each case opens a record to the panel."""


@dataclass(frozen=True)
class SampleRequest:
    rule_key: str
    period_start: dt.date
    period_end: dt.date
    size: int
    params: Mapping[str, str] = field(default_factory=dict)
    seed: int | None = None
    allocation: Allocation = "proportional"


def in_period(panel: Panel, start: dt.date, end: dt.date, dataset: Dataset = STOP_SEARCH) -> QuerySet[Any]:
    if dataset == USE_OF_FORCE:
        return use_of_force.in_period(panel.force_id, start, end)
    return StopSearch.objects.filter(force_id=panel.force_id, local_date__gte=start, local_date__lte=end)


def held_dates(panel: Panel, dataset: Dataset = STOP_SEARCH) -> str:
    """Which dates the force's records of this kind cover, so a chair can choose a period
    that has some: a use-of-force rule is told the reports' dates, not the searches'."""
    if dataset == USE_OF_FORCE:
        reports = UseOfForceReport.objects.filter(force_id=panel.force_id)
        span = reports.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
        span = {k: timezone.localtime(v).date() if v else None for k, v in span.items()}
        noun = "use-of-force reports"
    else:
        records = StopSearch.objects.filter(force_id=panel.force_id)
        span = records.aggregate(first=Min("local_date"), last=Max("local_date"))
        noun = "stop-and-search records"
    if span["first"] is None:
        return f"No {noun} for {panel.force.name} have been imported yet."
    return f"Its {noun} run from {govuk_date(span['first'])} to {govuk_date(span['last'])}: choose dates within them."


def police_uk_only(panel: Panel) -> bool:
    """Are the force's records all from data.police.uk? Their case packs have no grounds,
    officer or video, so the sampling page says so before a chair draws from them."""
    formats = set(
        SourceFile.objects.filter(force_id=panel.force_id, dataset="stop-search").values_list("format", flat=True)
    )
    return bool(formats) and not formats & {SourceFile.Format.FORCE_EXTRACT, SourceFile.Format.RECORDED}


def holdings(panel: Panel) -> list[tuple[str, str, int]]:
    """(name, what its records are, how many the force holds) for each kind of record, so a
    chair choosing a rule sees which kinds it could draw."""
    held = {
        STOP_SEARCH: StopSearch.objects.filter(force_id=panel.force_id).count(),
        USE_OF_FORCE: UseOfForceReport.objects.filter(force_id=panel.force_id).count(),
    }
    return [(name, noun, held[dataset]) for dataset, (name, noun) in DATASET_NAMES.items()]


def already_sampled(panel: Panel, before: Sample | None = None) -> QuerySet[Case]:
    cases = Case.objects.filter(panel=panel)
    return cases.filter(sample_id__lt=before.pk) if before is not None else cases


def candidates(
    panel: Panel, start: dt.date, end: dt.date, *, before: Sample | None = None, dataset: Dataset = STOP_SEARCH
) -> QuerySet[Any]:
    """The records a sample may be drawn from; `before` gives them as they were for that sample."""
    cases = already_sampled(panel, before)
    if dataset == USE_OF_FORCE:
        keys = cases.filter(record_key__startswith="uof:").values_list("record_key", flat=True)
        references = [key.split(":", 2)[2] for key in keys]
        return (
            in_period(panel, start, end, dataset)
            .exclude(pk__in=cases.filter(use_of_force__isnull=False).values("use_of_force_id"))
            .exclude(reference__in=references)
        )
    references = [
        key.removeprefix("ref:")
        for key in cases.filter(record_key__startswith="ref:").values_list("record_key", flat=True)
    ]
    pool = in_period(panel, start, end).exclude(pk__in=cases.filter(record__isnull=False).values("record_id"))
    if references:
        pool = pool.exclude(detail__force_reference__in=references)
    return pool


def _check_room(meeting: Meeting, adding: int) -> None:
    cap = int(settings.PARITY_MEETING_MAX_CASES)
    held = Case.objects.filter(sample__meeting=meeting).count()
    if held + adding <= cap:
        return
    room = cap - held
    then = f"choose {room:,} or fewer cases" if room > 0 else "remove a sample to draw another"
    raise MeetingFull(
        f"This meeting already has {held:,} {'case' if held == 1 else 'cases'} and can have at most {cap:,}; "
        f"this sample would add {adding:,}. To draw it, {then}."
    )


def _period(start: dt.date, end: dt.date) -> str:
    return f"between {govuk_date(start)} and {govuk_date(end)}"


@transaction.atomic
def draw_sample(meeting: Meeting, request: SampleRequest, *, by: User | None = None) -> Sample:
    """Draw and store a sample for the meeting. Raises EmptySelection with a plain reason."""
    panel = meeting.panel
    rule = get_rule(request.rule_key)
    if request.period_end < request.period_start:
        raise ValueError("the period ends before it starts")
    if not 1 <= request.size <= MAX_SIZE:
        raise ValueError(f"a sample holds between 1 and {MAX_SIZE} records")
    period = _period(request.period_start, request.period_end)
    dataset = rule.dataset
    everything = in_period(panel, request.period_start, request.period_end, dataset)
    total = everything.count()
    if total == 0:
        records = "use-of-force reports" if dataset == USE_OF_FORCE else "stop-and-search records"
        raise EmptySelection(
            f"There is nothing to sample: Parity holds no {records} for {panel.force.name} {period}. "
            f"{held_dates(panel, dataset)}"
        )
    pool = candidates(panel, request.period_start, request.period_end, dataset=dataset)
    available = pool.count()
    left_out = total - available
    if available == 0:
        raise EmptySelection(
            f"There is nothing to sample: all {total:,} records for {panel.force.name} {period} are already "
            "in this panel's samples. Choose another period."
        )
    params = {p.name: str(request.params.get(p.name, "")).strip() for p in rule.params}
    seed = request.seed if request.seed is not None else new_seed()
    try:
        result = draw(pool, rule, params, request.size, seed, allocation=request.allocation)
    except EmptySelection:
        left = f" ({left_out:,} already in this panel's samples were left out)" if left_out else ""
        raise EmptySelection(
            f"There is nothing to sample: none of the {available:,} records for {panel.force.name} {period}{left} "
            f"match “{rule.label}”. Choose a longer period or another rule."
        ) from None
    _check_room(meeting, len(result.chosen))
    selected = rule.select(pool, params)
    chosen = pool.model.objects.filter(pk__in=result.chosen)
    makeup = _makeup(pool, selected, chosen, dataset)
    sample = Sample.objects.create(
        meeting=meeting,
        rule_key=rule.key,
        rule_label=rule.label,
        params=params,
        allocation=request.allocation if rule.stratify else "",
        size=request.size,
        seed=seed,
        period_start=request.period_start,
        period_end=request.period_end,
        records_in_period=available,
        left_out=left_out,
        selected=result.selected,
        allocation_shares={k: list(v) for k, v in result.allocation.items()},
        makeup=makeup,
        drawn_by=by,
    )
    first = (Case.objects.filter(sample__meeting=meeting).aggregate(n=Max("number"))["n"] or 0) + 1
    if dataset == USE_OF_FORCE:
        reports = chosen.order_by("occurred_at", "pk")
        cases = [
            Case(
                sample=sample,
                panel=panel,
                number=first + i,
                use_of_force=report,
                record_key=use_of_force.record_key(report),
                snapshot=use_of_force.snapshot(report),
            )
            for i, report in enumerate(reports)
        ]
    else:
        cases = _stop_search_cases(sample, chosen, first)
    Case.objects.bulk_create(cases)
    audit.record(
        "sample.drawn",
        obj=sample,
        summary=f"Drew {counted(len(cases), 'case')} for {meeting} by “{rule.label}”, seed {seed}",
        changes={"cases": [c.number for c in cases], "records": list(result.chosen)},
    )
    notices.cases_drawn(meeting, len(cases), by=by)
    return sample


def _stop_search_cases(sample: Sample, chosen: QuerySet[StopSearch], first: int) -> list[Case]:
    panel = sample.meeting.panel
    records = chosen.select_related("source_file", "detail").order_by("occurred_at", "pk")
    return [
        Case(
            sample=sample,
            panel=panel,
            number=first + i,
            record=record,
            record_key=record_key(record, getattr(record, "detail", None)),
            snapshot=snapshot(record),
        )
        for i, record in enumerate(records)
    ]


def _makeup(
    pool: QuerySet[Any], selected: QuerySet[Any], chosen: QuerySet[Any], dataset: Dataset = STOP_SEARCH
) -> dict[str, dict[str, dict[str, int]]]:
    """Each characteristic's counts in the period, in the rule's selection and in the sample."""
    count = use_of_force.composition if dataset == USE_OF_FORCE else composition
    counts = {"period": count(pool), "selected": count(selected), "sample": count(chosen)}
    return {key: {part: counts[part].get(key, {}) for part in counts} for key, _ in DIMENSIONS}


def reproduce(sample: Sample) -> tuple[int, ...]:
    """Draw the sample again from its seed, over the records as they now are: the same record
    ids come back unless the force has since re-imported the month."""
    rule = get_rule(sample.rule_key)
    pool = candidates(sample.panel, sample.period_start, sample.period_end, before=sample, dataset=rule.dataset)
    allocation: Allocation = "equal" if sample.allocation == "equal" else "proportional"
    return draw(pool, rule, sample.params, sample.size, sample.seed, allocation=allocation).chosen


@transaction.atomic
def discard_sample(sample: Sample) -> None:
    """Remove a sample drawn by mistake, as long as no one has reviewed its cases yet."""
    if Case.objects.filter(sample=sample, reviews__isnull=False).exists():
        raise ValueError("members have already reviewed cases in this sample, so it cannot be removed")
    audit.record("sample.discarded", obj=sample, summary=f"Removed the sample “{sample}” from {sample.meeting}")
    sample.cases.all().delete()
    sample.delete()
