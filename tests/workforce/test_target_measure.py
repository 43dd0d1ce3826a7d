"""A workforce target is a measure an action can follow, shown beside the action with its
path so far and projection (chart and table twin)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from parity.actions import progress
from parity.actions.measures import MINORITY, measure_trend
from parity.actions.models import MeasureKind
from parity.workforce.hr_example import load_example
from parity.workforce.models import WorkforceTarget
from tests.actions.helpers import make_plan
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db


def test_the_target_shows_beside_the_action_that_follows_it(role_world: RoleWorld, tmp_path: Path) -> None:
    force = role_world.home
    owner = role_world.user("action-owner")
    assert owner is not None
    plan = make_plan(force, owner)
    assert not load_example(tmp_path, force.slug).refused
    WorkforceTarget.objects.create(
        force=force, title="12% of officers from minority ethnic groups by 2030 (fictional)", kind="share",
        group="minority", value=0.12, start=date(2023, 3, 31), deadline=date(2030, 3, 31),
    )  # fmt: skip
    trend = measure_trend(force.slug, force.name, MeasureKind.WORKFORCE_TARGET, MINORITY, chart_id="t")
    assert trend.unavailable is None and len(trend.values) == 3 and trend.chart is not None
    assert "against a target of 12.0%" in trend.statement
    progress.add_measure(plan.action, None, kind=MeasureKind.WORKFORCE_TARGET, group=MINORITY)
    page = role_world.client("action-owner").get(f"/actions/{force.slug}/actions/{plan.action.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "12% of officers from minority ethnic groups by 2030 (fictional)" in html
    assert "Projected at the present rate" in html  # the chart's key and its table twin


def test_a_force_without_the_target_says_so(role_world: RoleWorld) -> None:
    trend = measure_trend(role_world.home.slug, "Home", MeasureKind.WORKFORCE_TARGET, "Black", chart_id="t")
    assert trend.unavailable == "The force has not set this target."


def test_only_a_workforce_target_may_follow_every_minority_group() -> None:
    from parity.actions.forms import MeasureForm

    assert MeasureForm({"kind": MeasureKind.WORKFORCE_TARGET, "group": MINORITY}).is_valid()
    ratio = MeasureForm({"kind": MeasureKind.STOP_SEARCH_RATIO, "group": MINORITY})
    assert not ratio.is_valid() and "Only workforce targets" in str(ratio.errors["group"])
    white = MeasureForm({"kind": MeasureKind.WORKFORCE_TARGET, "group": "White"})
    assert not white.is_valid() and "minority ethnic groups" in str(white.errors["group"])
