"""Panels scrutinise use of force with the cycle they have for stop and search.

A use-of-force case is a `Case` whose `use_of_force` points at the force's report (its
`record` is empty); everything after the draw (reviews, the panel's decision, findings, the
force's answers, panel reports) is the same. This module holds what differs: the sampling
rules on use-of-force reports, the redacted copy a case keeps, and the make-up of a sample.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import QuerySet

from parity.powers.models import StopSearchDetail
from parity.powers.use_of_force import tactics as terms
from parity.powers.use_of_force.models import UseOfForceReport
from parity.presentation.formatting import govuk_date
from parity.reference.calendar import localise
from parity.reference.ethnicity import DETAILED_BY_CODE, Group
from parity.reference.vocab import Outcome
from parity.scrutiny.redaction import redact_text
from parity.scrutiny.sampling import USE_OF_FORCE, Params, register_rule

SNAPSHOT_VERSION = 1
Reports = QuerySet[UseOfForceReport]


def record_key(report: UseOfForceReport) -> str:
    """The force's own reference identifies a report across re-imports."""
    return f"uof:{report.force_id}:{report.reference}"


def snapshot(report: UseOfForceReport) -> dict[str, Any]:
    """The redacted report for the case pack: officer by pseudonym, free text searched for
    personal details, no exact place."""
    local = localise(report.occurred_at.isoformat())
    minute = local.local_minute
    location, location_removed = redact_text(report.location)
    bwv_log, bwv_removed = redact_text(report.bwv_log)
    detailed = DETAILED_BY_CODE.get(report.self_defined_code)
    used = terms.labels(terms.TACTICS, list(report.tactics))
    return {
        "version": SNAPSHOT_VERSION,
        "kind": USE_OF_FORCE,
        "source": "force records",
        "force_reference": report.reference,
        "date": local.local_date_text,
        "date_text": govuk_date(dt.date.fromisoformat(local.local_date_text)),
        "time": f"{minute // 60:02d}:{minute % 60:02d}",
        "legislation": f"Use of force: {used}",
        "tactics": used,
        "reasons": terms.labels(terms.REASONS, list(report.reasons)) or "None given",
        "outcome": terms.OUTCOMES.get(report.outcome, report.outcome),
        "subject_injury": terms.INJURIES.get(report.subject_injury, report.subject_injury),
        "officer_injury": terms.INJURIES.get(report.officer_injury, report.officer_injury),
        "age": terms.AGE_BANDS.get(report.age_band, report.age_band),
        "gender": terms.GENDERS.get(report.gender, report.gender),
        # Panel reports count cases by self-defined group (as for stop and search), never perceived.
        "ethnic_group": detailed.group.label if detailed else Group.NOT_STATED.label,
        "officer_defined_ethnicity": Group(report.perceived_group).label,
        "self_defined_ethnicity": detailed.label if detailed else "Not known",
        "officer": report.officer_pseudonym,
        "neighbourhood": location,
        "neighbourhood_removed": location_removed,
        "grounds": None,
        "grounds_removed": bwv_removed,
        "bwv_recorded": report.bwv_on,
        "bwv_log": bwv_log,
        "stop_search_reference": report.stop_search_reference,
    }


def in_period(force_id: int, start: dt.date, end: dt.date) -> Reports:
    return UseOfForceReport.objects.filter(force_id=force_id, occurred_at__date__gte=start, occurred_at__date__lte=end)


def composition(records: Reports) -> dict[str, dict[str, int]]:
    """Counts by the sample page's characteristics: perceived group, age, outcome, and (where
    a search shows its power) the tactics used, as the report lists them."""
    counts: dict[str, Counter[str]] = {key: Counter() for key in ("ethnicity", "age", "outcome", "legislation")}
    rows = records.values_list("perceived_group", "age_band", "outcome", "tactics").order_by()
    for group, age, outcome, used in rows:
        counts["ethnicity"][Group(group).label] += 1
        counts["age"][terms.AGE_BANDS.get(age, age)] += 1
        counts["outcome"][terms.OUTCOMES.get(outcome, outcome)] += 1
        counts["legislation"][terms.labels(terms.TACTICS, list(used)) or "Not recorded"] += 1
    return {key: dict(counter) for key, counter in counts.items()}


def _matching(records: Reports, keep: Any) -> Reports:
    """The reports whose tactics and age pass `keep` (the tactics are a JSON list, which not
    every database can search inside, so they are read and the matches filtered by id)."""
    ids = [pk for pk, used, age in records.values_list("pk", "tactics", "age_band") if keep(set(used), age)]
    return records.filter(pk__in=ids)


def _everything(records: Reports, params: Params) -> Reports:
    return records


def _taser_on_child(records: Reports, params: Params) -> Reports:
    return _matching(records, lambda used, age: bool(used & terms.TASER_DISCHARGE) and age in terms.CHILD_AGE_BANDS)


def _spit_guard(records: Reports, params: Params) -> Reports:
    return _matching(records, lambda used, age: terms.SPIT_GUARD in used)


def _after_nothing_found(records: Reports, params: Params) -> Reports:
    """Reports that name a stop and search which the force's own record says found nothing."""
    named = records.exclude(stop_search_reference="")
    forces = set(named.values_list("force_id", flat=True))
    empty = StopSearchDetail.objects.filter(
        record__force_id__in=forces, record__outcome=Outcome.NO_FURTHER_ACTION
    ).exclude(force_reference="")
    return named.filter(stop_search_reference__in=empty.values("force_reference"))


def register_rules() -> None:
    for key, label, description, select in (
        (
            "use-of-force-random",
            "Use of force: simple random sample",
            "Any use-of-force report from the period is as likely to be chosen as any other.",
            _everything,
        ),
        (
            "use-of-force-taser-child",
            "Use of force: every Taser discharge on a child",
            "Reports where a Taser was fired or used in drive-stun on someone under 18.",
            _taser_on_child,
        ),
        (
            "use-of-force-spit-guard",
            "Use of force: every spit and bite guard",
            "Reports where a spit and bite guard was put on the person.",
            _spit_guard,
        ),
        (
            "use-of-force-after-nothing-found",
            "Use of force: every use after a search that found nothing",
            "Reports that follow a stop and search whose record says nothing was found (no further action).",
            _after_nothing_found,
        ),
    ):
        register_rule(key, label, description, select, dataset=USE_OF_FORCE)
