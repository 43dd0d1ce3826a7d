"""The follow-up list: victims a force still owes a contact, by team, oldest first.

This is the working tool behind "more active follow up on crime reporting - even if there is
insufficient evidence to proceed": a victim is on the list while their first update is
overdue, while fewer updates have been given than have fallen due, or while their crime has
an outcome they have not been told (every kind of "no further action" included). Victims are
shown by crime reference pseudonym only; the gap between ethnic groups is shown beside the
list, as aggregates with small numbers protected, never as a victim's ethnicity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q

from parity.analysis.victims import ShareMeasure
from parity.reference.models import Force
from parity.victims import statistics, vocabulary
from parity.victims.models import Victim, VictimUnit

WINDOW_DAYS = 365  # the gaps beside the list are over the victims of the last year


@dataclass(frozen=True)
class Owed:
    """One victim the force owes a contact: what, and since when."""

    crime_reference: str
    offence_group: str
    reported: date
    since: date
    reasons: tuple[str, ...]
    days: int


@dataclass(frozen=True)
class Team:
    name: str
    owed: tuple[Owed, ...]


@dataclass(frozen=True)
class FollowUp:
    force: Force
    on: date
    teams: tuple[Team, ...]
    gaps: tuple[ShareMeasure, ...]
    window_start: date
    fictional: bool  # the demonstration's made-up records

    @property
    def victims(self) -> int:
        return sum(len(t.owed) for t in self.teams)


def _owed(victim: Victim, on: date) -> Owed:
    reasons: list[tuple[date, str]] = []
    if victim.first_update_due is not None and victim.first_update_due <= on and victim.first_update_made is None:
        reasons.append((victim.first_update_due, "First update overdue"))
    elif victim.updates_made < victim.updates_due:
        reasons.append((victim.date_reported, f"{victim.updates_made} of {victim.updates_due} updates given"))
    if victim.outcome and victim.outcome_notified is None and victim.outcome_date is not None:
        kind = vocabulary.OUTCOMES[victim.outcome]
        nothing = " (no further action)" if victim.outcome in vocabulary.NOTHING_FURTHER else ""
        reasons.append((victim.outcome_date, f"Not told the outcome{nothing}: {kind}"))
    since = min(when for when, _ in reasons)
    return Owed(
        victim.crime_reference, victim.offence_group, victim.date_reported, since, tuple(r for _, r in reasons),
        (on - since).days,
    )  # fmt: skip


def follow_up(force: Force, *, on: date) -> FollowUp:
    """Victims owed a contact on `on`, by team and oldest first, with the gaps between groups."""
    owed = Victim.objects.filter(force=force).filter(
        Q(first_update_due__lte=on, first_update_made=None)
        | Q(updates_made__lt=F("updates_due"))
        | (~Q(outcome="") & Q(outcome_notified=None, outcome_date__lte=on))
    )
    teams: dict[str, list[Owed]] = defaultdict(list)
    for victim in owed.order_by("team", "date_reported"):
        teams[victim.team].append(_owed(victim, on))
    start = on - timedelta(days=WINDOW_DAYS)
    measures = statistics.force_measures(force, start=start, end=on, as_at=on)
    return FollowUp(
        force=force,
        on=on,
        teams=tuple(
            Team(name, tuple(sorted(rows, key=lambda o: (o.since, o.crime_reference))))
            for name, rows in sorted(teams.items())
        ),
        gaps=measures.records,
        window_start=start,
        fictional=VictimUnit.objects.filter(force=force, fictional=True).exists(),
    )
