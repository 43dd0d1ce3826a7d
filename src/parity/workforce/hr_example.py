"""A fictional HR extract, made by code, so a newcomer can see the recruitment funnel, leaving
and promotion rates and a target's projection without any force's personal data.

Seeded, so every run makes the same people: about 3,000 officers and 1,400 staff at three
dates a year apart, the joiners, leavers and promotions between them, and two recruitment
campaigns. Every pseudonym starts with "FICT"; every unit is marked fictional, and the pages
say so wherever the figures show. The proportions are invented to be plausible (minority
officers leave somewhat faster, fewer Black applicants pass the assessment); they describe
no real force.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from parity import safe_csv
from parity.powers.importing.pipeline import IngestReport
from parity.reference.ethnicity import DETAILED, Group
from parity.reference.models import Force
from parity.workforce.importing import hr
from parity.workforce.importing.hr_layouts import COLUMNS, OFFICER_RANKS, STAGES, Layout
from parity.workforce.models import WorkforceTarget

SEED = 20261204
DATES = (date(2023, 3, 31), date(2024, 3, 31), date(2025, 3, 31))
GROUP_SHARES = {"white": 0.895, "asian": 0.04, "black": 0.022, "mixed": 0.025, "other": 0.006, "not_stated": 0.012}
JOINER_SHARES = {"white": 0.83, "asian": 0.07, "black": 0.04, "mixed": 0.04, "other": 0.01, "not_stated": 0.01}
APPLICANT_SHARES = {"white": 0.72, "asian": 0.12, "black": 0.08, "mixed": 0.06, "other": 0.01, "not_stated": 0.01}
LEAVING = {"white": 0.065, "not_stated": 0.065}  # everyone else: MINORITY_LEAVING
MINORITY_LEAVING = 0.085
RANK_SHARES = (0.72, 0.16, 0.06, 0.03, 0.015, 0.01, 0.0, 0.002, 0.002, 0.001)
# chance of passing each stage after the application, by group (positive action adds SUPPORT)
PASS = {
    "white": (0.62, 0.74, 0.70, 0.82, 0.95),
    "asian": (0.58, 0.62, 0.66, 0.74, 0.95),
    "black": (0.56, 0.52, 0.64, 0.72, 0.95),
    "mixed": (0.60, 0.68, 0.68, 0.78, 0.95),
    "other": (0.58, 0.60, 0.66, 0.75, 0.95),
    "not_stated": (0.60, 0.70, 0.68, 0.80, 0.95),
}
SUPPORT = 0.06
REASONS = ("resigned", "retired", "transferred", "dismissed", "end of probation", "medical")
REASON_WEIGHTS = (0.45, 0.35, 0.1, 0.03, 0.05, 0.02)
CODES: dict[str, list[str]] = {g.value: [d.code for d in DETAILED if d.group == g] for g in Group}


@dataclass(frozen=True)
class Person:
    pseudonym: str
    worker_type: str
    rank: str
    ethnicity: str
    group: str
    gender: str
    age_band: str
    start: date
    unit: str


class _Maker:
    def __init__(self, force: str) -> None:
        self.force = force
        self.random = random.Random(SEED)  # noqa: S311 - a seeded, repeatable example, not a secret
        self.serial = 0

    def pick(self, shares: dict[str, float]) -> str:
        return self.random.choices(list(shares), weights=list(shares.values()))[0]

    def ethnicity(self, group: str) -> str:
        if group == "not_stated":
            return self.random.choice(("Not stated", "Prefer not to say"))
        return self.random.choice(CODES[group])

    def day_in(self, start: date, end: date) -> date:
        return start + timedelta(days=self.random.randint(1, (end - start).days))

    def person(
        self, worker_type: str, as_at: date, *, group: str, rank: str | None = None, new: bool = False
    ) -> Person:
        self.serial += 1
        start = as_at if new else as_at - timedelta(days=self.random.randint(200, 30 * 365))
        return Person(
            f"FICT{self.serial:06d}",
            worker_type,
            rank or (self.random.choices(OFFICER_RANKS, weights=RANK_SHARES)[0] if worker_type == "officer" else
                     self.random.choice(("grade 3", "grade 4", "grade 5", "grade 6"))),
            self.ethnicity(group),
            group,
            self.random.choice(("female", "male", "female", "male", "male", "not stated")),
            self.random.choice(("18-24", "25-34", "35-44", "45-54")) if new else
            self.random.choice(("25-34", "35-44", "45-54", "55+")),
            start,
            self.random.choice(("North", "South", "East", "West", "Headquarters")),
        )  # fmt: skip


def _write(folder: Path, name: str, layout: str, rows: list[list[str]]) -> Path:
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as file:
        out = safe_csv.writer(file)
        out.writerow(COLUMNS[layout])
        out.writerows(rows)
    return path


def make_extract(folder: Path, force: str) -> list[Path]:
    """Write the fictional extract's CSV files (one per layout and date) into `folder`."""
    m = _Maker(force)
    staff = [m.person("staff", DATES[0], group=m.pick(GROUP_SHARES)) for _ in range(1400)]
    officers = [m.person("officer", DATES[0], group=m.pick(GROUP_SHARES)) for _ in range(3000)]
    people = officers + staff
    snapshots: list[tuple[date, list[Person]]] = [(DATES[0], list(people))]
    joiners: list[list[str]] = []
    leavers: list[list[str]] = []
    promotions: list[list[str]] = []
    for before, after in pairwise(DATES):
        stayed: list[Person] = []
        for p in people:
            rate = LEAVING.get(p.group, MINORITY_LEAVING)
            if m.random.random() < rate:
                reason = m.random.choices(REASONS, weights=REASON_WEIGHTS)[0]
                leavers.append([force, p.pseudonym, m.day_in(before, after).isoformat(), reason, p.worker_type,
                                p.rank, p.ethnicity, p.gender, p.age_band])  # fmt: skip
                continue
            if p.worker_type == "officer" and p.rank in OFFICER_RANKS[:3]:
                chance = 0.05 if p.group in ("white", "not_stated") else 0.035
                if m.random.random() < chance:
                    to = OFFICER_RANKS[OFFICER_RANKS.index(p.rank) + 1]
                    promotions.append([force, p.pseudonym, p.rank, to, m.day_in(before, after).isoformat(),
                                       f"{to.title()} board {after.year}", "officer", p.ethnicity, p.gender,
                                       p.age_band])  # fmt: skip
                    p = replace(p, rank=to)
            stayed.append(p)
        for worker_type, count in (("officer", 260), ("staff", 90)):
            for _ in range(count):
                day = m.day_in(before, after)
                p = m.person(worker_type, day, group=m.pick(JOINER_SHARES), rank="constable" if worker_type ==
                             "officer" else None, new=True)  # fmt: skip
                joiners.append([force, p.pseudonym, day.isoformat(), worker_type, p.rank, p.ethnicity, p.gender,
                                p.age_band])  # fmt: skip
                stayed.append(p)
        people = stayed
        snapshots.append((after, list(people)))
    applications: list[list[str]] = []
    for campaign, size in (
        ("Constable entry 2023-24 (fictional)", 2200),
        ("Constable entry 2024-25 (fictional)", 2400),
    ):
        for _ in range(size):
            m.serial += 1
            group = m.pick(APPLICANT_SHARES)
            supported = group not in ("white", "not_stated") and m.random.random() < 0.4
            stage = 0
            for chance in PASS[group]:
                if m.random.random() >= chance + (SUPPORT if supported else 0):
                    break
                stage += 1
            last = stage == len(STAGES) - 1
            outcome = "appointed" if last else m.random.choice(("failed", "failed", "failed", "withdrew"))
            applications.append([force, campaign, f"FICTAPP{m.serial:06d}", STAGES[stage], outcome,
                                 "yes" if supported else "no", m.ethnicity(group),
                                 m.random.choice(("female", "male")),
                                 m.random.choice(("18-24", "25-34", "35-44"))])  # fmt: skip
    paths = [
        _write(folder, f"fictional-people-{as_at.isoformat()}.csv", Layout.PEOPLE, [
            [force, as_at.isoformat(), p.pseudonym, p.worker_type, p.rank, p.ethnicity, p.gender, p.age_band,
             p.start.isoformat(), p.unit] for p in held
        ])
        for as_at, held in snapshots
    ]  # fmt: skip
    paths.append(_write(folder, "fictional-joiners.csv", Layout.JOINERS, joiners))
    paths.append(_write(folder, "fictional-leavers.csv", Layout.LEAVERS, leavers))
    paths.append(_write(folder, "fictional-promotions.csv", Layout.PROMOTIONS, promotions))
    paths.append(_write(folder, "fictional-applications.csv", Layout.APPLICATIONS, applications))
    return paths


def load_example(folder: Path, force: str) -> IngestReport:
    """Make the fictional extract in `folder` and import it, marked fictional."""
    return hr.ingest(make_extract(folder, force), fictional=True)


TARGETS = (
    ("12% of officers from minority ethnic groups by 2030 (fictional)", "share", "0.12", date(2030, 3, 31)),
    ("150 more minority ethnic officers by 31 March 2026 (fictional)", "headcount", "150", date(2026, 3, 31)),
)


def example_targets(force: str) -> list[WorkforceTarget]:
    """The fictional force's two targets (a share and a number more), made once."""
    held = Force.objects.get(slug=force)
    return [
        WorkforceTarget.objects.get_or_create(
            force=held, title=title,
            defaults={"kind": kind, "group": "minority", "worker_type": "officer", "value": Decimal(value),
                      "start": DATES[0], "deadline": deadline},
        )[0]
        for title, kind, value, deadline in TARGETS
    ]  # fmt: skip
