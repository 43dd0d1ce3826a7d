"""Panel reports: cases by verdict and ethnic group with small numbers protected, themes,
body-worn video and referrals; publishing freezes what the public reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parity.powers.models import StopSearch
from parity.reference.models import Force
from parity.scrutiny import reports, small_numbers
from parity.scrutiny.models import Case, Meeting, Panel, Sample
from parity.scrutiny.services import publishing
from parity.scrutiny.services.reviews import Decision, decide
from tests.pagecheck import CheckedClient, text
from tests.scrutiny.helpers import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting() -> Meeting:
    panel = Panel.objects.create(force=Force.objects.get(slug="west-midlands"), name="Panel", kind="stop-and-search")
    return Meeting.objects.create(panel=panel, held_on=dt.date(2026, 8, 4), public_summary="We met.\n\nWe reviewed.")


def cases_by_group(meeting: Meeting, wanted: dict[str, int]) -> list[Case]:
    """Real West Midlands records of the people described: {"A1": 3, ...} by self-defined code."""
    sample = Sample.objects.create(
        meeting=meeting, rule_key="random", rule_label="Simple random sample", size=1, seed=1,
        period_start=dt.date(2021, 1, 1), period_end=dt.date(2021, 12, 31),
        records_in_period=1, left_out=0, selected=1, makeup={},
    )  # fmt: skip
    made: list[Case] = []
    for code, count in wanted.items():
        records = StopSearch.objects.filter(force=meeting.panel.force, sde_code=code).select_related("source_file")
        for record in records.order_by("pk")[:count]:
            made.append(make_case(sample, record, len(made) + 1))
    return made


def test_small_counts_are_hidden_and_so_are_the_cells_that_would_reveal_them(meeting: Meeting) -> None:
    # 12 White people (W1) and 2 Black people (B1): every verdict "Grounds reasonable" but
    # one White "Grounds unclear".
    cases = cases_by_group(meeting, {"W1": 12, "B1": 2})
    for i, case in enumerate(cases):
        decide(case, Decision("Grounds unclear" if i == 0 else "Grounds reasonable", refer=False))
    grid = reports.meeting_report(meeting)["grid"]
    rows = {row["group"]: row for row in grid["rows"]}
    assert list(rows) == ["Black", "White"]
    reasonable, unclear = 0, 1
    assert rows["White"]["cells"][unclear] is None  # 1: primary
    assert rows["Black"]["cells"][reasonable] is None  # 2: primary
    assert rows["Black"]["total"] is None  # would equal the hidden 2
    # With Black people's row hidden, the White row's 11 would reveal it through the total
    # of the column, so something else in that column is hidden too.
    column = [rows["White"]["cells"][reasonable], grid["totals"]["cells"][reasonable]]
    assert None in column
    assert grid["totals"]["total"] == 14 or grid["totals"]["total"] is None
    assert grid["suppressed"]


def test_counts_of_five_or_more_are_published(meeting: Meeting) -> None:
    cases = cases_by_group(meeting, {"W1": 6, "B1": 5})
    for case in cases:
        decide(case, Decision("Grounds reasonable", refer=False, themes=("Receipt not offered",)))
    content = reports.meeting_report(meeting)
    rows = {row["group"]: row for row in content["grid"]["rows"]}
    assert rows["White"]["cells"][0] == 6 and rows["Black"]["cells"][0] == 5
    assert content["grid"]["totals"]["total"] == 11
    assert content["themes"]["rows"] == [{"theme": "Receipt not offered", "count": 11}]
    assert not content["suppressed"]
    assert [s["text"] for s in content["summaries"]] == ["We met.\n\nWe reviewed."]


def test_a_quarter_gathers_its_meetings_and_publishing_freezes_it(meeting: Meeting) -> None:
    later = Meeting.objects.create(panel=meeting.panel, held_on=dt.date(2026, 9, 30), public_summary="Second.")
    outside = Meeting.objects.create(panel=meeting.panel, held_on=dt.date(2026, 10, 1))
    for m in (meeting, later, outside):
        for case in cases_by_group(m, {"W1": 5}):
            decide(case, Decision("Grounds reasonable", refer=False))
    start = reports.parse_quarter("2026-q3")
    assert start == dt.date(2026, 7, 1) and reports.quarter_label(start) == "July to September 2026"
    content = reports.quarter_report(meeting.panel, start)
    assert content["cases_decided"] == 10 and len(content["summaries"]) == 2
    published = publishing.publish_quarter(meeting.panel, dt.date(2026, 8, 15))
    assert published.quarter_start == start and published.content["cases_decided"] == 10
    # A decision changed after publication does not change the published report ...
    case = Case.objects.filter(sample__meeting=later)[0]
    decide(case, Decision("Grounds not reasonable", refer=True, finding="Say what was seen."))
    published.refresh_from_db()
    assert published.content["referrals"] == []
    # ... until it is published again.
    again = publishing.publish_quarter(meeting.panel, start)
    assert again.pk == published.pk and len(again.content["referrals"]) == 1
    assert again.content["referrals"][0]["due_on"] == (timezone.localdate() + dt.timedelta(days=28)).isoformat()


def test_a_report_on_few_people_reveals_no_small_number_in_its_tables_or_its_text(meeting: Meeting) -> None:
    # Three people, each of a different group, each with a different verdict: the report the
    # audit saw said "reached a verdict on 3" and listed only the groups present.
    cases = cases_by_group(meeting, {"A1": 1, "B1": 1, "W1": 1})
    verdicts = ["Grounds reasonable", "Grounds unclear", "Grounds not reasonable"]
    for case, verdict in zip(cases, verdicts, strict=True):
        decide(case, Decision(verdict, refer=False, themes=("Receipt not offered",)))
    content = reports.meeting_report(meeting)
    assert content["cases_sampled"] is None and content["cases_decided"] is None
    assert content["grid"]["rows"] == [] and content["grid"]["by_verdict"] == [] and content["grid"]["verdicts"] == []
    assert content["themes"]["rows"] == [] and content["suppressed"]
    report = publishing.publish_meeting(meeting)
    page = CheckedClient().get(f"/scrutiny/reports/{report.pk}/").page
    body = text(page.select_one("main"))
    assert "looked at fewer than 5 records and reached a verdict on fewer than 5" in body
    for revealing in ["Asian", "Black", "White", *verdicts, "Receipt not offered", " 3 ", " 1 "]:
        assert revealing not in body, revealing
    cells = [text(td) for td in page.select("main td")]
    assert all(c in {"0", "not published"} for c in cells), cells
    # The report's own sentences pass the check a chair's words must pass before publishing.
    assert small_numbers.in_text(body) == []


@pytest.mark.parametrize("slug", ["2026-q5", "26-q1", "2026q1", "2026-q0"])
def test_a_quarter_must_be_written_yyyy_qn(slug: str) -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        reports.parse_quarter(slug)
