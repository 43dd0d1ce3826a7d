"""Who takes part, in aggregate only: the people with a place at a force's published
conversations by the area they gave and the ethnic group they describe, and the network's
members by area. Every count below the disclosure threshold is withheld, with any count
that would give it away (the rows, columns and totals add up, so the same protection as
every published table, `parity.analysis.protection.Cells`, decides what else must go).

This is how a force says "30 people from ethnic minorities across the county": the
"All areas" row of the table, never a number worked out apart from it.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass

from parity.analysis.protection import Cells, Status
from parity.analysis.rules import Rules
from parity.engagement.models import MINORITY, NetworkMember, Place, Registration, SelfEthnicity
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
class Count:
    area: str
    members: int | None


@dataclass(frozen=True)
class Participation:
    people: tuple[Row, ...]  # conversations: one row per area, the last "All areas"
    network: tuple[Count, ...]  # the network's confirmed members: per area, the last "All areas"
    threshold: int

    @property
    def everyone(self) -> Row:
        return self.people[-1]

    @property
    def withheld(self) -> bool:
        return any(None in (r.minority, r.white_british, r.not_said, r.total) for r in self.people) or any(
            c.members is None for c in self.network
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "people": [asdict(r) for r in self.people],
            "network": [asdict(c) for c in self.network],
            "threshold": self.threshold,
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


def people_table(answers: Iterable[tuple[str, str]], threshold: int) -> tuple[Row, ...]:
    """`answers`: (area, ethnicity) for each person; a grid of area x group with totals, protected."""
    counts: Counter[tuple[str, str]] = Counter()
    labels: dict[str, str] = {}
    for area, ethnicity in answers:
        found, label = _area(area)
        labels.setdefault(found, label)
        counts[found, _group(ethnicity)] += 1
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
    status = cells.protect(threshold)
    return tuple(
        Row(
            labels[key] if key is not None else ALL,
            *(_shown(cells, status, (key, column)) for column in (*GROUPS, "total")),
        )
        for key in [*areas, None]
    )


def network_table(areas: Iterable[str], threshold: int) -> tuple[Count, ...]:
    """Members per area and in all, protected."""
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for area in areas:
        found, label = _area(area)
        labels.setdefault(found, label)
        counts[found] += 1
    keys = sorted((k for k in labels if k), key=lambda k: labels[k]) + ([""] if "" in labels else [])
    cells = Cells()
    for key in keys:
        cells.add(key, counts[key])
    cells.add(None, sum(counts.values()))
    cells.line(None, keys)
    status = cells.protect(threshold)
    return tuple(Count(labels[k] if k is not None else ALL, _shown(cells, status, k)) for k in [*keys, None])


def participation(force: Force, *, public: bool = True) -> Participation:
    """The force's reach; in public, only published conversations count."""
    threshold = Rules.from_settings().disclosure_threshold
    places = Registration.objects.filter(event__force=force, place=Place.PLACE)
    if public:
        places = places.filter(event__published=True)
    members = NetworkMember.objects.filter(force=force, confirmed_at__isnull=False)
    return Participation(
        people=people_table(places.values_list("area", "ethnicity"), threshold),
        network=network_table(members.values_list("area", flat=True), threshold),
        threshold=threshold,
    )
