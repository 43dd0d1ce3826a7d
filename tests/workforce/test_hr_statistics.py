"""Figures from a held HR extract (the fictional one the demo loads): the funnel, leaving and
promotion rates and a target's projection, checked against counts made from the files."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from parity.reference.models import Force
from parity.workforce.hr_example import load_example, make_extract
from parity.workforce.hr_statistics import (
    positive_action_outcomes,
    recruitment_funnel,
    retention,
    target_projection,
    target_value,
)
from parity.workforce.models import HrExtract, HrPerson, WorkforceTarget

pytestmark = pytest.mark.django_db
FORCE = "kent"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    report = load_example(tmp_path, FORCE)
    assert not report.refused, report.problems[:3]
    return tmp_path


def test_the_example_is_seeded_marked_fictional_and_pseudonymous(
    example: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = make_extract(tmp_path_factory.mktemp("again"), FORCE)
    assert [p.read_bytes() for p in again] == [
        p.read_bytes() for p in sorted(example.glob("*.csv"), key=lambda p: [a.name for a in again].index(p.name))
    ]
    assert HrExtract.objects.filter(force__slug=FORCE).exclude(fictional=True).count() == 0
    assert all(p.startswith("FICT") for p in HrPerson.objects.values_list("pseudonym", flat=True)[:500])
    assert 4000 < HrPerson.objects.filter(as_at=date(2025, 3, 31)).count() < 5000


def test_funnel_counts_come_from_the_applications(example: Path) -> None:
    rows = [r for r in _rows(example / "fictional-applications.csv") if r["outcome"] != "in progress"]
    funnel = recruitment_funnel(FORCE)
    appointed_black = sum(
        1 for r in rows if r["stage_reached"] == "appointment" and r["ethnicity"] in {"B1", "B2", "B9"}
    )
    applied_black = sum(1 for r in rows if r["ethnicity"] in {"B1", "B2", "B9"})
    black = funnel.overall.group("black")
    assert black.passed == appointed_black and black.cumulative == pytest.approx(appointed_black / applied_black)
    assert funnel.stage("Passed the assessment").group("black").against_white is not None
    support = positive_action_outcomes(FORCE)
    assert any(r.code == "black" and r.supported for r in support.rows)


def test_leaving_rates_are_of_those_in_post_at_the_start(example: Path) -> None:
    start = {
        r["pseudonym"]: r for r in _rows(example / "fictional-people-2024-03-31.csv") if r["worker_type"] == "officer"
    }
    left = {
        r["pseudonym"] for r in _rows(example / "fictional-leavers.csv") if "2024-04-01" <= r["left"] <= "2025-03-31"
    }
    white = [p for p, r in start.items() if r["ethnicity"].startswith("W")]
    result = retention(FORCE)
    assert result.start == date(2024, 3, 31) and result.end == date(2025, 3, 31)
    w = result.leaving.group("white")
    assert (w.events, w.people) == (len(set(white) & left), len(white))
    assert any(t.event == "promoted from constable" for t in result.promotion)
    constables = next(t for t in result.leaving_by_rank if t.event == "left from constable").group("white")
    white_constables = {p for p in white if start[p]["rank"] == "constable"}
    assert (constables.events, constables.people) == (len(white_constables & left), len(white_constables))


def test_a_share_target_is_projected_from_the_force_s_own_flows(example: Path) -> None:
    force = Force.objects.get(slug=FORCE)
    target = WorkforceTarget.objects.create(
        force=force, title="12% of officers by 2030 (fictional)", kind="share", value=target_value("12%", "share"),
        start=date(2023, 3, 31), deadline=date(2030, 3, 31),
    )  # fmt: skip
    answer = target_projection(target)
    assert answer.unavailable is None and answer.projection is not None
    assert [p.as_at for p in answer.history] == [date(2023, 3, 31), date(2024, 3, 31), date(2025, 3, 31)]
    last = HrPerson.objects.filter(force=force, as_at=date(2025, 3, 31), worker_type="officer")
    groups = Counter(last.values_list("group", flat=True))
    stated = sum(n for g, n in groups.items() if g != "not_stated")
    assert answer.history[-1].value == pytest.approx((stated - groups["white"]) / stated)
    assert answer.projection.start == answer.history[-1].value
    assert answer.goal == pytest.approx(0.12)


def test_target_values_as_written() -> None:
    assert target_value("12%", "share") == Decimal("0.12")
    assert target_value("0.12", "share") == Decimal("0.12")
    assert target_value("1,000", "headcount") == Decimal(1000)
