"""`parity demo` loads a fictional HR extract and two targets, labelled fictional, once."""

from __future__ import annotations

import pytest

from parity.cli.demo import load_hr_example
from parity.workforce.models import HrExtract, WorkforceTarget

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_fictional_extract_and_targets_once() -> None:
    [summary] = load_hr_example("kent")
    assert "Fictional HR extract for Kent (made up for the demonstration)" in summary
    assert "0 already held" in summary
    assert HrExtract.objects.filter(force__slug="kent").exists()
    assert not HrExtract.objects.filter(force__slug="kent", fictional=False).exists()
    titles = list(WorkforceTarget.objects.filter(force__slug="kent").values_list("title", flat=True))
    assert len(titles) == 2 and all("(fictional)" in t for t in titles)
    [again] = load_hr_example("kent")
    assert " 0 newly imported" in again
    assert WorkforceTarget.objects.filter(force__slug="kent").count() == 2
