"""Who takes part, in aggregate only: the people with a place at a force's published
conversations by the area they gave and the ethnic group they describe, and the network's
members the same way, with each ethnic group they describe counted apart too. Every count
below the disclosure threshold is withheld, with any count that would give it away (the rows,
columns and totals add up, so the same protection as every published table,
`parity.analysis.protection.Cells`, decides what else must go).

This is how a force says "30 people from ethnic minorities across the county": the
"All areas" row of the table, never a number worked out apart from it.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass

from django.db.models import Q

from parity.analysis.protection import Cells, Status
from parity.analysis.rules import Rules
from parity.engagement.models import MINORITY, EventKind, NetworkMember, Place, Registration, SelfEthnicity
from parity.reference.models import Force

NOT_GIVEN = "Area not given"
ALL = "All areas"
GROUPS = ("minority", "white_british", "not_said")


@dataclass(frozen=True)
class Row:
    """One area: None where a count is withheld."""

    area: str
    minority: int | None
    white_british: int | None
    not_said: int | None
    total: int | None


@dataclass(frozen=True)
class GroupCount:
    """One ethnic group, as people described it (across every area): None where withheld."""

    key: str  # the answer's code ("black"), or "minority", "white_british", "not_said", "total"
    group: str
    members: int | None


@dataclass(frozen=True)
class Participation:
    force: str  # the force's identifier
    force_name: str
    people: tuple[Row, ...]  # conversations: one row per area, the last "All areas"
    network: tuple[Row, ...]  # the network's confirmed members: per area, the last "All areas"
    network_groups: tuple[GroupCount, ...]  # the network's confirmed members by ethnic group
    threshold: int

    @property
    def everyone(self) -> Row:
        return self.people[-1]

    @property
    def withheld(self) -> bool:
        rows = (*self.people, *self.network)
        return any(None in (r.minority, r.white_british, r.not_said, r.total) for r in rows) or any(
            g.members is None for g in self.network_groups
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "force": self.force,
            "force_name": self.force_name,
            "people": [asdict(r) for r in self.people],
            "network": [asdict(r) for r in self.network],
            "network_groups": [asdict(g) for g in self.network_groups],
            "threshold": self.threshold,
            "withheld": self.withheld,
        }


def _area(value: str) -> tuple[str, str]:
    """(key, label): areas as people wrote them, in any case or spacing, count as one."""
    key = " ".join(value.split()).casefold()
    return (key, string.capwords(key)) if key else ("", NOT_GIVEN)


def _group(ethnicity: str) -> str:
    if ethnicity in MINORITY:
        return "minority"
    return "white_british" if ethnicity == SelfEthnicity.WHITE_BRITISH else "not_said"


def _shown(cells: Cells, status: dict[Hashable, Status], key: Hashable) -> int | None:
    return cells.value(key) if status[key] == Status.SHOWN else None


# The groups counted apart in the network's table by ethnic group, in the form's order.
DETAIL = tuple(e for e in SelfEthnicity if e in MINORITY)
GROUP_LABELS = {
    "minority": "All ethnic minorities",
    "white_british": SelfEthnicity.WHITE_BRITISH.label,
    "not_said": "Ethnic group not given",
    "total": "Everyone",
}


def _tables(
    answers: Iterable[tuple[str, str]], threshold: int, *, detail: bool
) -> tuple[tuple[Row, ...], tuple[GroupCount, ...]]:
    """A grid of area x group with totals and, with `detail`, every ethnic minority group
    across all areas (their sum is the grid's minority total), protected together so that
    neither table gives back what the other withholds."""
    counts: Counter[tuple[str, str]] = Counter()
    described: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for area, ethnicity in answers:
        found, label = _area(area)
        labels.setdefault(found, label)
        counts[found, _group(ethnicity)] += 1
        described[ethnicity] += 1
    areas = sorted((k for k in labels if k), key=lambda k: labels[k]) + ([""] if "" in labels else [])
    cells = Cells()
    for key in [*areas, None]:
        for group in GROUPS:
            value = sum(counts[a, group] for a in areas) if key is None else counts[key, group]
            cells.add((key, group), value)
        cells.add((key, "total"), sum(cells.value((key, g)) for g in GROUPS))
        cells.line((key, "total"), [(key, g) for g in GROUPS])
    for column in (*GROUPS, "total"):
        cells.line((None, column), [(a, column) for a in areas])
    if detail:
        for ethnicity in DETAIL:
            cells.add(("detail", ethnicity.value), described[ethnicity])
        cells.line((None, "minority"), [("detail", e.value) for e in DETAIL])
    status = cells.protect(threshold)
    rows = tuple(
        Row(
            labels[key] if key is not None else ALL,
            *(_shown(cells, status, (key, column)) for column in (*GROUPS, "total")),
        )
        for key in [*areas, None]
    )
    if not detail:
        return rows, ()
    groups = [GroupCount(e.value, e.label, _shown(cells, status, ("detail", e.value))) for e in DETAIL]
    groups += [GroupCount(k, GROUP_LABELS[k], _shown(cells, status, (None, k))) for k in (*GROUPS, "total")]
    return rows, tuple(groups)


def people_table(answers: Iterable[tuple[str, str]], threshold: int) -> tuple[Row, ...]:
    """`answers`: (area, ethnicity) for each person; a grid of area x group with totals, protected."""
    return _tables(answers, threshold, detail=False)[0]


def network_tables(
    answers: Iterable[tuple[str, str]], threshold: int
) -> tuple[tuple[Row, ...], tuple[GroupCount, ...]]:
    """Members by area (and broad group), and by each ethnic group they described, protected together."""
    return _tables(answers, threshold, detail=True)


def participation(force: Force, *, public: bool = True) -> Participation:
    """The force's reach; in public, only published conversations count."""
    threshold = Rules.from_settings().disclosure_threshold
    places = Registration.objects.filter(event__force=force, place=Place.PLACE)
    if public:
        places = places.filter(event__published=True)
    members = NetworkMember.objects.filter(force=force, confirmed_at__isnull=False)
    network, groups = network_tables(members.values_list("area", "ethnicity"), threshold)
    return Participation(
        force=force.slug,
        force_name=force.name,
        people=people_table(places.values_list("area", "ethnicity"), threshold),
        network=network,
        network_groups=groups,
        threshold=threshold,
    )


def forces() -> list[tuple[str, str]]:
    """(identifier, name) of every force with a published conversation or a confirmed network
    member: those whose Take part figures count anyone."""
    found = Force.objects.filter(
        Q(engagement_events__published=True, engagement_events__kind=EventKind.COMMUNITY_CONVERSATION)
        | Q(network_members__confirmed_at__isnull=False)
    )
    return list(found.distinct().order_by("name").values_list("slug", "name"))
