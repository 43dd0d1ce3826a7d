"""A use-of-force panel runs the stop-and-search cycle on a force's use-of-force records:
the rules pick exactly the reports they name, the case pack shows the redacted report with
its body-worn-video log, and reviews, findings and the force's answers work unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parity import safe_csv
from parity.accounts.models import AuditEvent
from parity.accounts.roles import Role
from parity.powers.importing.pipeline import ingest as ingest_stop_search
from parity.powers.models import StopSearchDetail
from parity.powers.use_of_force.example import example_rows
from parity.powers.use_of_force.extract import HEADER
from parity.powers.use_of_force.ingest import ingest
from parity.reference.ethnicity import group_of
from parity.reference.models import Force
from parity.reference.vocab import Outcome
from parity.scrutiny.models import Case, Finding, ForceResponse, Meeting, Panel
from parity.scrutiny.services.samples import SampleRequest, candidates, draw_sample
from tests.pagecheck import text
from tests.scrutiny import extract
from tests.scrutiny.test_cycle import add_member, follow, person, review, staff

pytestmark = pytest.mark.django_db
YEAR = {"period_start-day": "1", "period_start-month": "4", "period_start-year": "2021"} | {
    "period_end-day": "31",
    "period_end-month": "3",
    "period_end-year": "2022",
}
TACTICS, AGE, REF, SS = (HEADER.index(c) for c in ("Tactics", "Age band", "Report reference", "Stop and search record"))


def _reports(tmp_path: Path) -> list[list[str]]:
    """Wiltshire's fictional reports for 2021/22; one follows a search that found nothing."""
    ingest_stop_search([extract.write(tmp_path, "wiltshire", "2021-06", extract.build("wiltshire", "2021-06"))])
    nothing = StopSearchDetail.objects.filter(
        record__force__slug="wiltshire", record__outcome=Outcome.NO_FURTHER_ACTION
    ).first()
    assert nothing is not None
    rows = example_rows("Wiltshire", "2021/22", reports=120, seed=21)
    rows[1][TACTICS], rows[1][AGE] = "Taser drawn; Taser fired", "11 to 17"
    rows[2][TACTICS] = "Spit and bite guard; Ground restraint"
    rows[3][SS] = nothing.force_reference
    rows[4][HEADER.index("Body-worn video log")] = "Footage WIL-77, Mr Daniel Hughes at 14 Station Road"
    rows[4][TACTICS], rows[4][AGE] = "Taser fired", "Under 11"
    path = tmp_path / "wiltshire-use-of-force.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        safe_csv.writer(file).writerows(rows)
    assert not ingest([path]).refused
    return rows[1:]


def test_a_use_of_force_panel_cycle(tmp_path: Path) -> None:
    rows = _reports(tmp_path)
    wiltshire = Force.objects.get(slug="wiltshire")
    admin = staff("admin@wiltshire.test", Role.FORCE_ADMIN, wiltshire)
    follow(
        admin,
        admin.post("/scrutiny/panels/add", {"force": wiltshire.pk, "name": "Force panel", "kind": "use-of-force"}),
    )
    panel = Panel.objects.get(force=wiltshire, name="Force panel")
    add_member(admin, panel, "chair@panel.test", "chair")
    add_member(admin, panel, "ann@panel.test", "member")
    chair, ann = person("chair@panel.test"), person("ann@panel.test")
    follow(
        chair,
        chair.post(
            f"/scrutiny/panels/{panel.pk}/meetings/add",
            {"held_on-day": "5", "held_on-month": "5", "held_on-year": "2022", "place": "Online", "agenda": "Force"},
        ),
    )
    meeting = Meeting.objects.get(panel=panel)
    draw_page = text(chair.get(f"/scrutiny/meetings/{meeting.pk}/sample").page)
    assert "Use of force: every Taser discharge on a child" in draw_page

    def draw(rule: str) -> set[str]:
        before = set(Case.objects.filter(panel=panel).values_list("pk", flat=True))
        data = {"rule": rule, "size": "50", "seed": "7", **YEAR}
        follow(chair, chair.post(f"/scrutiny/meetings/{meeting.pk}/sample", data))
        return {c.snapshot["force_reference"] for c in Case.objects.filter(panel=panel).exclude(pk__in=before)}

    children = {"11 to 17", "Under 11"}
    fired = {r[REF] for r in rows if ("Taser fired" in r[TACTICS] or "drive-stun" in r[TACTICS]) and r[AGE] in children}
    assert len(fired) >= 2 and draw("use-of-force-taser-child") == fired
    assert draw("use-of-force-spit-guard") == {r[REF] for r in rows if "Spit and bite guard" in r[TACTICS]} - fired
    assert draw("use-of-force-after-nothing-found") == {rows[2][REF]}

    # The case pack: the redacted report and its body-worn-video log; every view audited.
    case = Case.objects.get(panel=panel, snapshot__force_reference=rows[3][REF])
    assert case.record is None and case.use_of_force is not None
    for drawn in Case.objects.filter(panel=panel).select_related("use_of_force"):
        # panel reports count cases by self-defined group; the officer's view is kept apart
        code = drawn.use_of_force.self_defined_code if drawn.use_of_force else ""
        assert drawn.snapshot["ethnic_group"] == (group_of(code).label if code else "Not stated")
        assert drawn.snapshot["officer_defined_ethnicity"] != "" and drawn.snapshot["kind"] == "use-of-force"
    body = text(ann.get(f"/scrutiny/cases/{case.pk}/").page.select_one("main"))
    assert "The use of force" in body and "Taser fired" in body and "Footage WIL-77" in body
    assert "Daniel Hughes" not in body and "Station Road" not in body
    assert AuditEvent.objects.filter(action="view", object_type="scrutiny.case", object_id=str(case.pk)).exists()

    # Review, the panel's decision with a finding, the force's answer, the published report.
    assert "Use of force: Taser fired" in text(ann.get(f"/scrutiny/cases/{case.pk}/review").page.select_one("main"))
    assert "Use of force" in text(chair.get(f"/scrutiny/samples/{case.sample_id}/").page.select_one("main"))
    review(ann, case, "Grounds not reasonable", "yes")
    follow(
        chair,
        chair.post(
            f"/scrutiny/cases/{case.pk}/decision",
            {"verdict": "Grounds not reasonable", "refer": "yes", "finding": "Why a Taser on a young child?"},
        ),
    )
    finding = Finding.objects.get(case=case)
    analyst = staff("analyst@wiltshire.test", Role.ANALYST, wiltshire)
    assert "Why a Taser" in text(analyst.get(f"/scrutiny/findings/{finding.pk}/").page.select_one("main"))
    follow(
        analyst,
        analyst.post(
            f"/scrutiny/findings/{finding.pk}/answer",
            {"answer": "accepted", "action_taken": "Reviewed the Taser use with the officer.", "officer_learning": ""},
        ),
    )
    assert ForceResponse.objects.get(finding=finding).answer == "accepted"
    follow(chair, chair.post(f"/scrutiny/meetings/{meeting.pk}/report/publish"))
    assert "Reviewed the Taser use with the officer." in text(chair.get(f"/scrutiny/meetings/{meeting.pk}/report").page)


def test_reports_already_sampled_are_left_out_of_the_next_draw(tmp_path: Path) -> None:
    _reports(tmp_path)
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="P", kind="use-of-force")
    meeting = Meeting.objects.create(panel=panel, held_on=dt.date(2022, 5, 5))
    request = SampleRequest("use-of-force-random", dt.date(2021, 4, 1), dt.date(2022, 3, 31), 30, seed=3)
    sample = draw_sample(meeting, request)
    left = candidates(panel, dt.date(2021, 4, 1), dt.date(2022, 3, 31), dataset="use-of-force")
    assert sample.cases.count() == 30 and left.count() == 90
    assert not left.filter(pk__in=sample.cases.values("use_of_force_id")).exists()
