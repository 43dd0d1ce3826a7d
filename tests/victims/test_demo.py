"""`parity demo` loads the survey's victims of crime table and fictional extracts made by code,
labelled fictional wherever they show."""

from __future__ import annotations

from datetime import date

import pytest

from parity.cli.demo import VICTIMS_DEMO_FORCE, import_victims, locate
from parity.reference.models import Force
from parity.victims.followup import follow_up
from parity.victims.models import Allegation, Complaint, ComplaintUnit, SurveyEstimate, Victim, VictimUnit
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db
TABLE = SHARED / "reference" / "ethnicity-facts-figures" / "victims" / "eff-victims-of-crime-data.csv"
TODAY = date(2025, 6, 30)


def test_the_demo_finds_the_survey_table_in_a_shared_data_folder() -> None:
    data = locate([SHARED])
    assert data is not None and data.victims == [TABLE]


def test_the_demo_loads_the_table_and_fictional_extracts_that_say_so() -> None:
    lines = import_victims([TABLE], today=TODAY)
    assert "1,183 figures read" in lines[0] and "labelled fictional" in lines[1]
    assert SurveyEstimate.objects.count() == 1183
    force = Force.objects.get(slug=VICTIMS_DEMO_FORCE)
    victims = Victim.objects.filter(force=force)
    assert victims.count() == 900 and Complaint.objects.filter(force=force).count() == 240
    assert not victims.exclude(crime_reference__startswith="FICTIONAL-").exists()
    assert not victims.exclude(team__endswith="(fictional)").exists()
    assert not Complaint.objects.exclude(case_reference__startswith="FICTIONAL-").exists()
    assert not VictimUnit.objects.filter(fictional=False).exists()
    assert not ComplaintUnit.objects.filter(fictional=False).exists()
    assert Allegation.objects.filter(category="discriminatory-behaviour", result="not-upheld").exists()
    result = follow_up(force, on=TODAY)
    assert result.fictional and result.victims > 0
    # made the same way again: nothing changes
    held = list(victims.order_by("pk").values_list("pk", flat=True))
    import_victims([], today=TODAY)
    assert list(Victim.objects.filter(force=force).order_by("pk").values_list("pk", flat=True)) == held
