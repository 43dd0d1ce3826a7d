"""`parity demo` loads the arrests tables, the conviction counts and a fictional arrests extract,
and every figure made from the fictional extract says so."""

from __future__ import annotations

import pytest

from parity.cli.demo import import_justice, locate
from parity.justice.models import ArrestRecord, StageCount
from parity.justice.statistics import FICTIONAL_NOTE, force_arrests, force_stages
from tests.conftest import SHARED

pytestmark = pytest.mark.django_db


def test_the_demo_loads_arrests_convictions_and_a_fictional_extract() -> None:
    data = locate([SHARED])
    assert data is not None and [p.name for p in data.justice] == [
        "arrest-police-powers-procedures-mar19-hosb2519-tables.ods",
        "eff-prosecutions-and-convictions-by-pfa-2009-2017.csv",
    ]
    summary = import_justice(data.justice)
    assert "fictional" in summary[0]
    assert StageCount.objects.filter(source="home-office-arrests A_08").exists()
    assert StageCount.objects.filter(source="eff-convictions").exists()
    assert ArrestRecord.objects.filter(force__slug="avon-and-somerset", period="2019/20").count() == 6000
    assert FICTIONAL_NOTE in force_arrests("avon-and-somerset", "2019/20").warnings
    assert FICTIONAL_NOTE in force_stages("avon-and-somerset", "2019/20").warnings
    assert FICTIONAL_NOTE not in force_arrests("avon-and-somerset", "2018/19").warnings  # the published table


def test_the_demo_loads_the_published_stop_search_series() -> None:
    from parity.cli.demo import import_published
    from parity.justice.models import PublishedSearch
    from parity.justice.national import published_series

    data = locate([SHARED])
    assert data is not None and [p.name for p in data.published] == [
        "stop-and-search.csv",
        "stop-and-search-2006-2023_EXTRACT.csv",
        "by-ethnicity-table_2022-23.csv",
        "by-ethnicity-and-area-table_2022-23.csv",
    ]
    (summary,) = import_published(data.published)
    assert "4 files" in summary and "already held" in summary
    assert PublishedSearch.objects.filter(area="england-and-wales", period="2006/07").exists()
    years = [y.period for y in published_series()]
    assert years[0] == "2006/07" and years[-1] == "2022/23" and "2018/19" not in years
    (again,) = import_published(data.published)
    assert "0 newly imported" in again
