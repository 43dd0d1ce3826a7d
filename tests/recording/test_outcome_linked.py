"""A recorded "No" for whether the outcome was linked to what was looked for reads the same,
in the same words, on the officer's record and in a panel's case pack of that search."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from parity.powers.models import StopSearch
from parity.scrutiny.models import Sample
from parity.scrutiny.services.meetings import create_meeting
from tests.pagecheck import text
from tests.recording.helpers import save_stop
from tests.roles import RoleWorld
from tests.scrutiny.helpers import make_case

pytestmark = pytest.mark.django_db
LABEL = "Outcome linked to what was looked for"


def rows(page: BeautifulSoup) -> dict[str, str]:
    return {text(row.dt): text(row.dd) for row in page.select(".govuk-summary-list__row") if row.dt and row.dd}


@pytest.mark.parametrize(("linked", "reads"), [(False, "No"), (True, "Yes")])
def test_outcome_linked_reads_the_same_on_the_record_and_in_the_case_pack(
    linked: bool, reads: str, role_world: RoleWorld
) -> None:
    officer, force = role_world.user("officer"), role_world.home
    stop = save_stop(officer, force, "search", outcome="arrest", outcome_linked=linked)
    record_page = role_world.client("officer").get(f"/record/records/{stop.pk}/").page
    assert rows(record_page)[LABEL] == reads

    meeting = create_meeting(role_world.panel, dt.date.today())
    sample = Sample.objects.create(
        meeting=meeting, rule_key="random", rule_label="Simple random sample", size=1, seed=1,
        period_start=dt.date.today(), period_end=dt.date.today(), records_in_period=1, left_out=0, selected=1,
        makeup={},
    )  # fmt: skip
    assert stop.stop_search_id is not None  # a recorded search is mirrored as a record panels can draw
    record = StopSearch.objects.select_related("source_file").get(pk=stop.stop_search_id)
    case = make_case(sample, record, 1)
    pack = role_world.client("panel-member").get(f"/scrutiny/cases/{case.pk}/").page
    assert rows(pack)[LABEL] == reads
