"""An action can follow a use-of-force figure: its trend is the Home Office figures year by
year, the same protected ratios as the use-of-force pages, with a table twin."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from parity.accounts.roles import Role
from parity.actions import progress
from parity.actions.forms import MeasureForm
from parity.actions.measures import measure_trend
from parity.actions.models import MeasureKind
from parity.powers.use_of_force.ingest import ingest
from parity.powers.use_of_force.statistics import force_rates
from parity.reference.models import Force
from tests.actions.helpers import make_plan, person
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db
CLEANED = SHARED / "home-office" / "use-of-force" / "cleaned-by-ethnicity-force"


def test_an_action_follows_the_use_of_force_ratio(loaded: Path) -> None:
    assert not ingest([CLEANED / "april2018-march2019.csv", CLEANED / "april2019-march2020.csv"]).refused
    force = Force.objects.get(slug="wiltshire")
    plan = make_plan(force, person("owner@wiltshire.test", Role.ACTION_OWNER, force))
    measure = progress.add_measure(plan.action, None, kind=MeasureKind.USE_OF_FORCE_RATIO, group="Black")
    trend = measure_trend("wiltshire", "Wiltshire", measure.kind, measure.group, chart_id="m1")
    assert trend.months == ("2018/19", "2019/20")
    assert list(trend.values) == [force_rates("wiltshire", p).group("Black").ratio for p in trend.months]
    assert trend.chart is not None and "force was used on Black people" in trend.statement
    rate = measure_trend("wiltshire", "Wiltshire", MeasureKind.USE_OF_FORCE_RATE, "White", chart_id="m2")
    assert rate.values[-1] == force_rates("wiltshire", "2019/20").group("White").rate_per_1000
    assert not MeasureForm({"kind": MeasureKind.USE_OF_FORCE_RATIO, "group": "White"}).is_valid()
    with pytest.raises(ValidationError):
        progress.add_measure(plan.action, None, kind=MeasureKind.USE_OF_FORCE_RATIO, group="Black")


def test_a_force_with_no_use_of_force_figures_says_so(loaded: Path) -> None:
    trend = measure_trend("wiltshire", "Wiltshire", MeasureKind.USE_OF_FORCE_RATIO, "Black", chart_id="m1")
    assert trend.unavailable and trend.chart is None
