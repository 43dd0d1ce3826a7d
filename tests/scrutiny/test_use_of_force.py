"""A use-of-force panel runs the stop-and-search cycle on a force's use-of-force records:
the rules pick exactly the reports they name, the case pack shows the redacted report with
its body-worn-video log, and reviews, findings and the force's answers work unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parity import safe_csv
from parity.accounts.models import AuditEvent, User
from parity.accounts.roles import Role
from parity.powers.importing.pipeline import ingest as ingest_stop_search
from parity.powers.models import StopSearch, StopSearchDetail
from parity.powers.use_of_force.example import example_rows
from parity.powers.use_of_force.extract import HEADER
from parity.powers.use_of_force.ingest import ingest
from parity.reference.ethnicity import group_of
from parity.reference.models import Force
from parity.reference.vocab import Outcome
from parity.scrutiny.models import Case, Finding, ForceResponse, Meeting, Panel
from parity.scrutiny.reports import meeting_report
from parity.scrutiny.services.reviews import Decision, ReviewAnswers, decide, save_review
from parity.scrutiny.services.samples import SampleRequest, candidates, draw_sample
from tests.pagecheck import text
from tests.scrutiny import extract
from tests.scrutiny.test_cycle import add_member, follow, person, staff

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
    # Each rule names the kind of record it draws, and the page says how many of each the force holds.
    assert "Stop and search: Simple random sample" in draw_page
    held = StopSearch.objects.filter(force=wiltshire).count()
    assert f"{held:,} stop-and-search records" in draw_page and "120 use-of-force reports" in draw_page
    assert draw_page.index("Stop and search: Simple random sample") < draw_page.index("Use of force: simple random")

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
    # The sample page shows the tactics used where a search would show its power.
    sample_page = chair.get(f"/scrutiny/samples/{case.sample_id}/").page
    tactics = sample_page.select_one("#makeup-legislation")
    assert tactics is not None and text(tactics).startswith("Cases chosen and all records, by tactics used")
    row_labels = [text(th) for th in sample_page.select("#makeup-legislation ~ tbody th")]
    assert "Use of force" not in row_labels and case.snapshot["tactics"] in row_labels

    # The review asks the use-of-force questions, never the stop-and-search ones.
    form = text(ann.get(f"/scrutiny/cases/{case.pk}/review").page.select_one("main"))
    assert "Was the force used necessary, proportionate and reasonable" in form
    assert "Did the officer try to calm things down" in form and "body-worn video on" in form
    assert "receipt" not in form.lower() and "reason for the search" not in form
    refused = ann.post(f"/scrutiny/cases/{case.pk}/review", _uof_review() | {"de_escalation": "", "conduct": ""})
    problems = text(refused.page.select_one(".govuk-error-summary"))
    assert refused.status_code == 200 and "Say whether the officer tried to calm things down first" in problems
    assert "Choose how the officer treated the person" in problems
    assert not case.reviews.exists()
    assert ann.post(f"/scrutiny/cases/{case.pk}/review", _uof_review()).status_code == 302
    saved = case.reviews.get()
    assert saved.answers["de_escalation"] == "no" and saved.receipt_offered == ""
    pack = text(ann.get(f"/scrutiny/cases/{case.pk}/").page.select_one("main"))
    assert "De-escalation tried: no" in pack and "Video on and matches the record: not known" in pack
    assert "Receipt offered" not in pack
    decision = text(chair.get(f"/scrutiny/cases/{case.pk}/decision").page.select_one("main"))
    assert "Did the officer try to calm things down before using force? No: 1" in decision
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


def _uof_review(verdict: str = "Grounds not reasonable") -> dict[str, str]:
    return {
        "verdict": verdict,
        "conduct": "serious-concerns",
        "de_escalation": "no",
        "bwv_matches": "not-known",
        "injuries_treated": "yes",
        "age_vulnerability": "no",
        "observations": "A Taser on a child with no attempt to talk first.",
        "refer": "yes",
    }


def test_panel_reports_count_each_kind_of_case_under_its_own_questions(tmp_path: Path, settings: Any) -> None:
    settings.PARITY_DISCLOSURE_THRESHOLD = 1  # nothing hidden, so every count can be checked
    _reports(tmp_path)
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="P", kind="use-of-force")
    meeting = Meeting.objects.create(panel=panel, held_on=dt.date(2022, 5, 5))
    year = (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
    draw_sample(meeting, SampleRequest("use-of-force-random", *year, 2, seed=3))
    draw_sample(meeting, SampleRequest("random", *year, 1, seed=3))
    force_cases = list(Case.objects.filter(panel=panel, use_of_force__isnull=False))
    search_case = Case.objects.get(panel=panel, record__isnull=False)
    verdict = panel.verdict_scale[0]
    ann, bob = User.objects.create_user("ann@panel.test"), User.objects.create_user("bob@panel.test")
    uof = {"de_escalation": "yes", "bwv_matches": "no", "injuries_treated": "yes", "age_vulnerability": "yes"}
    for member in (ann, bob):
        save_review(force_cases[0], member, ReviewAnswers(verdict, "good", answers=uof))
    save_review(force_cases[1], ann, ReviewAnswers(verdict, "good", answers=uof | {"bwv_matches": "not-known"}))
    save_review(search_case, ann, ReviewAnswers(verdict, "good", explanation_given="no", receipt_offered="yes"))
    with pytest.raises(ValidationError):  # a stop-and-search review's answers are not a use-of-force review's
        save_review(force_cases[1], bob, ReviewAnswers(verdict, "good", explanation_given="no", receipt_offered="yes"))
    decide(force_cases[0], Decision(verdict, refer=False))

    kinds = {k["name"]: k for k in meeting_report(meeting)["kinds"]}
    force, search = kinds["Use of force"], kinds["Stop and search"]
    assert force["cases"] == 2 and search["cases"] == 1 and force["answers"] == ["Yes", "No", "Not known"]
    by_question = {q["question"]: (q["counts"], q["total"]) for q in force["questions"]}
    assert by_question["Was body-worn video on, and does it match the officer’s record?"] == ([0, 2, 1], 3)
    assert by_question["Did the officer try to calm things down before using force?"] == ([3, 0, 0], 3)
    assert [q["question"] for q in search["questions"]] == [
        "Did the officer explain the reason for the search?",
        "Was the person offered a record of the search (a receipt)?",
    ]
    assert [(q["counts"], q["total"]) for q in search["questions"]] == [([0, 1, 0], 1), ([1, 0, 0], 1)]
    assert force["decided"] == 1 and search["decided"] == 0
    assert {v["verdict"]: v["count"] for v in force["verdicts"]}[verdict] == 1


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
