"""An action can follow a criminal-justice stage: its trend is the stage's relative rate index
year by year, the same protected figures as the force's stage table, with its latest value
shown beside the action."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from parity.accounts.roles import Role
from parity.actions import csv_register, progress
from parity.actions.forms import MeasureForm
from parity.actions.measures import measure_trend
from parity.actions.models import MeasureKind
from parity.justice import example as extracts
from parity.justice.importing.arrests import ingest
from parity.justice.statistics import force_stages
from parity.presentation.formatting import ratio
from parity.reference.models import Force
from tests.actions.helpers import make_plan, person

pytestmark = pytest.mark.django_db


def test_an_action_follows_a_stage_index(tmp_path: Path, client: Client) -> None:
    for year in (2018, 2019):
        body = extracts.rows(n=3000, year=year, seed=year)
        assert not ingest([extracts.write(tmp_path / f"kent-{year}.csv", body)]).refused
    force = Force.objects.get(slug="kent")
    owner = person("owner@kent.test", Role.ACTION_OWNER, force)
    plan = make_plan(force, owner)
    measure = progress.add_measure(plan.action, None, kind=MeasureKind.OUT_OF_COURT_INDEX, group="Black")
    trend = measure_trend("kent", "Kent", measure.kind, measure.group, chart_id="m1")
    assert trend.months == ("2018/19", "2019/20")
    expected = [force_stages("kent", p).row("out_of_court").cell("black").index for p in trend.months]
    assert list(trend.values) == expected and None not in expected
    assert trend.chart is not None and "out-of-court disposal" in trend.statement
    assert "below 1 is a disadvantage" in trend.statement
    assert trend.latest_text == f"{ratio(expected[-1])} (2019/20)"
    arrests = measure_trend("kent", "Kent", MeasureKind.ARREST_INDEX, "Asian", chart_id="m2")
    assert arrests.values[-1] == force_stages("kent", "2019/20").row("arrest").cell("asian").index
    charge = measure_trend("kent", "Kent", MeasureKind.CHARGE_INDEX, "Black", chart_id="m3")
    assert charge.values[-1] == force_stages("kent", "2019/20").row("charge").cell("black").index
    # White is the group the index compares with, so it cannot be followed
    assert not MeasureForm({"kind": MeasureKind.CHARGE_INDEX, "group": "White"}).is_valid()
    assert MeasureForm({"kind": MeasureKind.ARREST_INDEX, "group": "Mixed"}).is_valid()
    with pytest.raises(ValidationError):
        progress.add_measure(plan.action, None, kind=MeasureKind.OUT_OF_COURT_INDEX, group="Black")
    # the latest value is shown beside the action, to the owner and (published) to the public
    client.force_login(owner)
    page = client.get(reverse("actions:action", kwargs={"force": "kent", "pk": plan.action.pk}))
    assert f"Latest figure: <strong>{trend.latest_text}</strong>" in page.content.decode()
    client.logout()
    public = client.get(reverse("actions:public-action", kwargs={"force": "kent", "pk": plan.action.pk}))
    assert f"Latest figure: <strong>{trend.latest_text}</strong>" in public.content.decode()


def test_the_register_shows_each_linked_measures_latest_value(tmp_path: Path, client: Client) -> None:
    body = extracts.rows(n=3000, year=2019, seed=2019)
    assert not ingest([extracts.write(tmp_path / "kent-2019.csv", body)]).refused
    force = Force.objects.get(slug="kent")
    owner = person("owner@kent.test", Role.ACTION_OWNER, force)
    plan = make_plan(force, owner)
    for kind in (MeasureKind.ARREST_INDEX, MeasureKind.CHARGE_INDEX, MeasureKind.OUT_OF_COURT_INDEX):
        progress.add_measure(plan.action, None, kind=kind, group="Black")
    progress.add_measure(plan.action, None, kind=MeasureKind.STOP_SEARCH_RATIO, group="Black")
    table = force_stages("kent", "2019/20")
    expected = {
        f"{kind.label}: Black: <strong>{ratio(table.row(stage).cell('black').index)} (2019/20)</strong>"
        for kind, stage in (
            (MeasureKind.ARREST_INDEX, "arrest"),
            (MeasureKind.CHARGE_INDEX, "charge"),
            (MeasureKind.OUT_OF_COURT_INDEX, "out_of_court"),
        )
    }
    # a measure with no figure says why rather than showing nothing
    no_figure = measure_trend("kent", "Kent", MeasureKind.STOP_SEARCH_RATIO, "Black", chart_id="m")
    assert no_figure.unavailable
    expected.add(f"{MeasureKind.STOP_SEARCH_RATIO.label}: Black: <strong>{no_figure.unavailable}</strong>")
    client.force_login(owner)
    for query in ("", "?sort=due"):
        page = client.get(reverse("actions:plan", kwargs={"force": "kent"}) + query).content.decode()
        assert all(line in page for line in expected), page
        assert "None linked" in page  # the other action follows no measure
    client.logout()
    public = client.get(reverse("actions:public-plan", kwargs={"force": "kent"})).content.decode()
    assert all(line in public for line in expected)


def test_a_stage_measure_comes_in_through_the_register_csv() -> None:
    assert csv_register._measures("out-of-court-index Black | arrest-index asian") == [
        (MeasureKind.OUT_OF_COURT_INDEX, "Black"),
        (MeasureKind.ARREST_INDEX, "Asian"),
    ]


def test_a_force_with_no_arrests_says_so() -> None:
    trend = measure_trend("kent", "Kent", MeasureKind.ARREST_INDEX, "Black", chart_id="m1")
    assert trend.unavailable and trend.chart is None and trend.latest_text is None
