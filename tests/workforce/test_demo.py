"""`parity demo` finds the shared Home Office workforce tables and imports them."""

from __future__ import annotations

import pytest

from parity.cli.demo import import_workforce, locate
from parity.workforce.models import Headcount, WorkforceTotal
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db
WORKFORCE = SHARED / "home-office" / "police-workforce"


def test_the_demo_finds_both_shared_workforce_files_in_a_shared_data_folder() -> None:
    data = locate([SHARED])
    assert data is not None
    assert data.workforce == [
        WORKFORCE / "officers-by-rank-ethnicity-2003-2006.csv",
        WORKFORCE / "chief-officers-by-ethnicity-2003-2021.csv",
        WORKFORCE / "open-data-table-police-workforce-260723.ods",
    ]


def test_the_demo_imports_the_workforce_tables_it_finds() -> None:
    [summary] = import_workforce([WORKFORCE / "chief-officers-by-ethnicity-2003-2021.csv"])
    assert "10,776 rows read" in summary
    assert Headcount.objects.filter(rank="Chief Officer", as_at__year=2021).exists()


def test_the_demo_imports_the_headcount_table_too() -> None:
    [summary] = import_workforce([WORKFORCE / "open-data-table-police-workforce-260723.ods"])
    assert "29,304 rows read" in summary and "29,304 newly imported" in summary
    assert WorkforceTotal.objects.filter(worker_type="volunteer", as_at__year=2023).exists()
