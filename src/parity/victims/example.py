"""Fictional victims' and complaints' extracts, made by code for the demonstration.

No open record-level data about victims or complaints exists, so the demonstration makes its
own, seeded so that every run makes the same: a year of victims and complaints for one force,
in the documented layouts, imported through the same importer as a force's real files and
marked fictional. Every crime and case reference says FICTIONAL, every team says "(fictional)",
and the pages say so too. The made-up pattern (Black victims told their outcome less often,
and waiting longer for their first update) is there only so the pages have a gap to show.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from parity import safe_csv
from parity.powers.importing.pipeline import IngestReport
from parity.reference.models import Force
from parity.scrutiny.models import Panel
from parity.victims import advisors, vocabulary
from parity.victims import complaints_vocabulary as words
from parity.victims.importing import complaints, extract
from parity.victims.importing.detect import ingest
from parity.victims.models import ComplaintDraw, ComplaintUnit, VictimUnit

SEED = 2024
VICTIMS = 900
COMPLAINTS = 240
ETHNICITIES = (("W1", 70), ("W9", 6), ("B1", 5), ("B2", 5), ("A1", 5), ("A2", 3), ("M1", 2), ("O9", 1), ("NS", 3))
TEAMS = ("North (fictional)", "South (fictional)", "City centre (fictional)")
OFFENCES = ("Burglary", "Theft", "Violence against the person", "Criminal damage", "Robbery", "Public order")
LATER = {"B1", "B2"}  # the made-up gap: these victims wait longer and are told less
ACCOUNT = (
    "Fictional account: I was stopped outside my home and felt I was treated differently because of my race. "
    "The officer did not explain why. Contact me on 07700 900000."
)
REPLY = "Fictional reply: we have looked at your complaint and found the service was acceptable."
ADVISORS_PANEL = "Complaints review by lived-experience advisors (fictional)"


def _pick(rng: random.Random) -> str:
    return rng.choices([c for c, _ in ETHNICITIES], [w for _, w in ETHNICITIES])[0]


def _day(when: date | None) -> str:
    return "" if when is None else when.isoformat()


def victims_rows(force: Force, *, today: date, seed: int = SEED) -> list[dict[str, str]]:
    """A year of fictional victims reported to `force`, ending a week before `today`."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible demonstration, not a secret
    rows = []
    for n in range(1, VICTIMS + 1):
        code = _pick(rng)
        later = code in LATER
        reported = today - timedelta(days=rng.randint(7, 365))
        due = reported + timedelta(days=rng.choice((5, 7, 10)))
        wait = rng.randint(1, 16 if later else 9)
        made = reported + timedelta(days=wait) if rng.random() < (0.75 if later else 0.9) else None
        made = made if made is None or made <= today else None
        outcome = "" if rng.random() < 0.25 else rng.choice(sorted(vocabulary.OUTCOMES, key=int))
        decided = min(today, reported + timedelta(days=rng.randint(10, 120))) if outcome else None
        told_rate = 0.6 if later else 0.85
        told = decided + timedelta(days=rng.randint(0, 5)) if decided and rng.random() < told_rate else None
        hate = rng.random() < 0.06
        answered = rng.random() < 0.3
        scale = (1, 2, 2, 3, 4, 5) if later else (1, 1, 2, 2, 3, 4)
        rows.append({
            "force": force.slug,
            "crime_reference": f"FICTIONAL-V{n:04d}",
            "team": rng.choice(TEAMS),
            "date_reported": _day(reported),
            "self_defined_ethnicity": code,
            "age_band": rng.choice(vocabulary.AGE_BANDS),
            "gender": rng.choice(("Female", "Male")),
            "offence_group": rng.choice(OFFENCES),
            "hate_crime": "yes" if hate else "no",
            "hate_strand": rng.choice(tuple(vocabulary.STRANDS)) if hate else "",
            "needs_assessment_date": _day(reported),
            "first_update_due": _day(due),
            "first_update_made": _day(made),
            "updates_due": "1",
            "updates_made": "1" if made else "0",
            "outcome": outcome or "open",
            "outcome_date": _day(decided),
            "outcome_notified_date": _day(told if told is None or told <= today else None),
            **{f"sat_{q}": str(rng.choice(scale)) if answered else "" for q, _ in vocabulary.QUESTIONS},
            "survey_weight": "",
        })  # fmt: skip
    return rows


def complaint_rows(force: Force, *, today: date, seed: int = SEED) -> list[dict[str, str]]:
    """A year of fictional complaints against `force`, one row per allegation."""
    rng = random.Random(seed + 1)  # noqa: S311 - a reproducible demonstration, not a secret
    rows = []
    for n in range(1, COMPLAINTS + 1):
        code = _pick(rng)
        received = today - timedelta(days=rng.randint(7, 365))
        finalised = received + timedelta(days=rng.randint(20, 200))
        done = finalised <= today
        handling = rng.choice(sorted(words.HANDLING))
        for a in range(1, rng.randint(1, 3) + 1):
            category = (
                words.DISCRIMINATION
                if rng.random() < (0.35 if code[0] in "BAM" else 0.08)
                else rng.choice(sorted(set(words.CATEGORIES) - {words.DISCRIMINATION}))
            )
            result = (
                rng.choice(("upheld", "not-upheld", "not-upheld", "no-further-action", "resolved")) if done else "open"
            )
            rows.append({
                "force": force.slug,
                "case_reference": f"FICTIONAL-C{n:04d}",
                "allegation_reference": f"FICTIONAL-C{n:04d}-A{a}",
                "received_date": _day(received),
                "complainant_ethnicity": code,
                "handling": handling,
                "finalised_date": _day(finalised) if done else "",
                "category": category,
                "protected_characteristic": "race" if category == words.DISCRIMINATION else "",
                "allegation_result": result,
                "complaint_account": ACCOUNT if done else "",
                "reply_text": REPLY if done else "",
            })  # fmt: skip
    return rows


def _write(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = safe_csv.DictWriter(file, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def load(force: Force, folder: Path, *, today: date) -> IngestReport:
    """Write the fictional extracts for `force` into `folder`, import them, mark them fictional."""
    paths = [
        _write(folder / f"fictional-victims-{force.slug}.csv", extract.HEADER, victims_rows(force, today=today)),
        _write(
            folder / f"fictional-complaints-{force.slug}.csv",
            complaints.HEADER + complaints.TEXT_COLUMNS,
            complaint_rows(force, today=today),
        ),
    ]
    report = ingest(paths, replace=True)
    VictimUnit.objects.filter(force=force, name__in=[str(p) for p in paths]).update(fictional=True)
    ComplaintUnit.objects.filter(force=force, name__in=[str(p) for p in paths]).update(fictional=True)
    advisors_example(force, today=today)
    return report


def advisors_example(force: Force, *, today: date) -> Panel:
    """A complaints-review panel for lived-experience advisors, with one draw of the past
    year's closed complaints, so the advisors' pages have something to show."""
    panel, _ = Panel.objects.get_or_create(force=force, name=ADVISORS_PANEL, kind=Panel.Kind.COMPLAINTS)
    if not ComplaintDraw.objects.filter(panel=panel).exists():
        advisors.draw(panel, start=today - timedelta(days=365), end=today, share_percent=10, seed=SEED)
    return panel
