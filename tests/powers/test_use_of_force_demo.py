"""`parity demo` finds the Home Office use-of-force tables, and adds a fictional force export."""

from __future__ import annotations

import pytest

from parity.cli.demo import import_use_of_force, locate
from parity.powers.use_of_force.models import TacticCount, UseOfForceReport
from parity.powers.use_of_force.statistics import FICTIONAL_NOTE, force_rates
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db
UOF = SHARED / "home-office" / "use-of-force"


def test_the_demo_finds_the_tables_with_table_16() -> None:
    data = locate([SHARED])
    assert data is not None
    assert [p.name for p in data.use_of_force] == [
        "police-use-of-force-apr2018-mar2019-hosb3319-tables.ods",
        "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods",
    ]


def test_the_demo_imports_them_and_a_fictional_export_that_says_so() -> None:
    [summary] = import_use_of_force([UOF / "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods"])
    assert "2,472 rows read" in summary and "fictional" in summary  # 1,672 table rows and 800 reports
    assert TacticCount.objects.filter(period="2019/20").count() == 1672
    reports = UseOfForceReport.objects.filter(force__slug="wiltshire")
    assert reports.count() == 800 and not reports.exclude(reference__startswith="FICTIONAL-").exists()
    assert FICTIONAL_NOTE in force_rates("wiltshire", "2019/20", source="records").warnings
    again = import_use_of_force([UOF / "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods"])[0]
    assert "0 newly imported" in again
