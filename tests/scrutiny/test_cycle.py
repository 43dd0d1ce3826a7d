"""The whole panel cycle through the web pages, on a force's own extract of real records:
set up the panel, choose cases, review them, refer one, the force answers, publish the report.
Every page fetched is page-checked (tests/pagecheck.py)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.db.models import Max, Min
from django.utils import timezone

from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.roles import Role
from parity.powers.importing.force_extract import pseudonym
from parity.powers.importing.pipeline import ingest
from parity.powers.models import StopSearch
from parity.presentation.formatting import govuk_date
from parity.reference.models import Force
from parity.scrutiny.models import BwvRequest, BwvViewing, Case, Finding, ForceResponse, Meeting, Member, Panel, Report
from tests.pagecheck import CheckedClient, CheckedResponse, text
from tests.roles import sign_in_second_factor
from tests.scrutiny import extract

pytestmark = pytest.mark.django_db
JUNE = {"period_start-day": "1", "period_start-month": "6", "period_start-year": "2021"} | {
    "period_end-day": "30",
    "period_end-month": "6",
    "period_end-year": "2021",
}


def staff(email: str, role: Role, force: Force) -> CheckedClient:
    user = User.objects.create_user(email)
    RoleAssignment.objects.create(user=user, role=role, force=force)
    client = CheckedClient()
    client.force_login(user)
    sign_in_second_factor(client, user)
    return client


def person(email: str) -> CheckedClient:
    """A panel chair or member, signed in and through the second factor."""
    user = User.objects.get(email=email)
    client = CheckedClient()
    client.force_login(user)
    sign_in_second_factor(client, user)
    return client


def follow(client: CheckedClient, response: CheckedResponse) -> CheckedResponse:
    assert response.status_code == 302, getattr(response, "content", b"")[:3000]
    return client.get(response["Location"])


def add_member(admin: CheckedClient, panel: Panel, email: str, role: str) -> None:
    response = admin.post(
        f"/scrutiny/panels/{panel.pk}/members/add",
        {
            "email": email,
            "full_name": email.split("@")[0].title(),
            "role": role,
            "vetted_on-day": "1",
            "vetted_on-month": "3",
            "vetted_on-year": "2026",
            "trained_on-day": "2",
            "trained_on-month": "3",
            "trained_on-year": "2026",
        },
    )
    assert response.status_code == 302, response.content[:3000]


def review(client: CheckedClient, case: Case, verdict: str, refer: str) -> None:
    data = {
        "verdict": verdict,
        "conduct": "some-concerns",
        "explanation_given": "yes",
        "receipt_offered": "no",
        "observations": "The grounds do not say what was seen.",
        "refer": refer,
    }
    assert client.post(f"/scrutiny/cases/{case.pk}/review", data).status_code == 302


def test_the_whole_cycle_on_a_force_extract(tmp_path: Path) -> None:
    wiltshire = Force.objects.get(slug="wiltshire")
    # The force imports its own extract for June 2021: 89 real records with grounds and officers.
    report = ingest([extract.write(tmp_path, "wiltshire", "2021-06", extract.build("wiltshire", "2021-06"))])
    assert report.files[0].status == "replaced"

    # 1. The force's administrator sets up the panel and its people.
    admin = staff("admin@wiltshire.test", Role.FORCE_ADMIN, wiltshire)
    follow(
        admin,
        admin.post(
            "/scrutiny/panels/add", {"force": wiltshire.pk, "name": "Stop search panel", "kind": "stop-and-search"}
        ),
    )
    panel = Panel.objects.get(force=wiltshire, name="Stop search panel")
    add_member(admin, panel, "chair@panel.test", "chair")
    add_member(admin, panel, "ann@panel.test", "member")
    add_member(admin, panel, "bo@panel.test", "member")
    add_member(admin, panel, "observer@panel.test", "observer")
    assert len(mail.outbox) == 4  # each new member is e-mailed a link to set a password
    assert set(RoleAssignment.objects.filter(panel=panel).values_list("user__email", "role")) == {
        ("chair@panel.test", Role.PANEL_CHAIR),
        ("ann@panel.test", Role.PANEL_MEMBER),
        ("bo@panel.test", Role.PANEL_MEMBER),
        ("observer@panel.test", Role.PANEL_MEMBER),
    }
    members_page = admin.get(f"/scrutiny/panels/{panel.pk}/members/").page
    assert text(members_page.select_one("caption")) == "3 current members and 1 observer"

    # 2. The chair arranges a meeting and chooses the searches by the busiest officer.
    chair, ann, bo = person("chair@panel.test"), person("ann@panel.test"), person("bo@panel.test")
    meeting_page = follow(
        chair,
        chair.post(
            f"/scrutiny/panels/{panel.pk}/meetings/add",
            {"held_on-day": "5", "held_on-month": "7", "held_on-year": "2021", "place": "Online", "agenda": "June"},
        ),
    )
    meeting = Meeting.objects.get(panel=panel)
    draw_page = chair.get(f"/scrutiny/meetings/{meeting.pk}/sample").page
    busiest = pseudonym("wiltshire", extract.OFFICERS[0])
    assert busiest in text(draw_page.select_one("#id_param_one-officer_officer"))
    sample_page = follow(
        chair,
        chair.post(
            f"/scrutiny/meetings/{meeting.pk}/sample",
            {"rule": "one-officer", "param_one-officer_officer": "", "size": "6", "seed": "4242", **JUNE},
        ),
    ).page
    cases = list(Case.objects.filter(panel=panel).order_by("number"))
    assert len(cases) == 6 and {c.snapshot["officer"] for c in cases} == {busiest}
    assert "4242" in text(sample_page) and "Records the rule found" in text(sample_page)
    assert "All records in the period" in text(sample_page.select_one("table"))
    del meeting_page

    # 3. Members read the case packs: redacted, with grounds; the officer only as a pseudonym.
    pack = ann.get(f"/scrutiny/cases/{cases[2].pk}/").page
    body = text(pack.select_one("main"))
    assert busiest in body and extract.OFFICERS[0] not in body
    assert "Daniel Hughes" not in body and "Station Road" not in body and "SN1 2AB" not in body
    assert "Strong smell" in body or "caller" in body or "Intelligence" in body or "Seen" in body
    assert AuditEvent.objects.filter(action="view", object_type="scrutiny.case", object_id=str(cases[2].pk)).exists()
    with_personal = next((c for c in cases if "[removed:" in (c.snapshot["grounds"] or "")), None)
    if with_personal is not None:
        assert "Parity removed" in text(ann.get(f"/scrutiny/cases/{with_personal.pk}/").page.select_one("main"))

    # 4. Members review; the observer may read but not give a verdict.
    for case in cases[:3]:
        review(ann, case, "Grounds not reasonable", "yes")
        review(bo, case, "Grounds unclear" if case is cases[1] else "Grounds not reasonable", "yes")
    assert person("observer@panel.test").get(f"/scrutiny/cases/{cases[0].pk}/review").status_code == 403
    after = text(bo.get(f"/scrutiny/cases/{cases[1].pk}/").page.select_one("main"))
    assert "No agreement" in after  # one says unclear, one not reasonable

    # 5. Body-worn video: a member asks, the force answers, the member records watching it.
    follow(ann, ann.post(f"/scrutiny/cases/{cases[0].pk}/video/request"))
    bwv = BwvRequest.objects.get(case=cases[0])
    expected = dt.date.fromisoformat(cases[0].snapshot["date"]) + dt.timedelta(days=31)
    assert bwv.retention_ends_on == expected
    if cases[0].snapshot["bwv_recorded"] is False:
        assert bwv.reason == BwvRequest.Reason.NOT_SWITCHED_ON
    else:
        analyst = staff("analyst@wiltshire.test", Role.ANALYST, wiltshire)
        answer_form = analyst.get(f"/scrutiny/cases/{cases[0].pk}/video").page
        assert answer_form.select_one("input[name=reason][value=deleted][checked]") is not None  # past retention
        follow(
            analyst,
            analyst.post(
                f"/scrutiny/cases/{cases[0].pk}/video/answer", {"status": "available", "detail": "Kept as evidence"}
            ),
        )
        follow(ann, ann.post(f"/scrutiny/cases/{cases[0].pk}/video/viewed", {"note": "Watched the whole clip"}))
        assert BwvViewing.objects.get(bwv=bwv).viewed_by.email == "ann@panel.test"
    log = text(ann.get(f"/scrutiny/cases/{cases[0].pk}/video").page.select_one("main"))
    assert "Ann" in log
    assert AuditEvent.objects.filter(action="view", summary__startswith="Viewed the body-worn-video log").exists()

    # 6. The chair records the panel's decisions; a referral becomes a finding with a due date.
    decision = chair.get(f"/scrutiny/cases/{cases[0].pk}/decision").page
    assert decision.select_one("input[name=verdict][value='Grounds not reasonable'][checked]") is not None
    follow(
        chair,
        chair.post(
            f"/scrutiny/cases/{cases[0].pk}/decision",
            {
                "verdict": "Grounds not reasonable",
                "refer": "yes",
                "themes": ["Grounds not clearly recorded"],
                "finding": "The grounds did not say what the officer saw. Please remind officers to record it.",
                "notes": "",
            },
        ),
    )
    for case in cases[1:3]:
        follow(chair, chair.post(f"/scrutiny/cases/{case.pk}/decision", {"verdict": "Grounds unclear", "refer": "no"}))
    finding = Finding.objects.get(case=cases[0])
    assert finding.due_on == timezone.localdate() + dt.timedelta(days=28)
    assert review_is_closed(ann, cases[0])

    # 7. A finding not answered in time is flagged on the panel's dashboard.
    Finding.objects.filter(pk=finding.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    dashboard = text(chair.get(f"/scrutiny/panels/{panel.pk}/").page.select_one("main"))
    assert "The force is late answering 1 finding" in dashboard

    # 8. The force answers; the flag goes.
    analyst = staff("analyst2@wiltshire.test", Role.ANALYST, wiltshire)
    follow(
        analyst,
        analyst.post(
            f"/scrutiny/findings/{finding.pk}/answer",
            {
                "answer": "partly",
                "action_taken": "Briefed the team on recording grounds.",
                "officer_learning": "Say what you saw.",
            },
        ),
    )
    assert ForceResponse.objects.get(finding=finding).answer == "partly"
    assert "late answering" not in text(chair.get(f"/scrutiny/panels/{panel.pk}/").page.select_one("main"))
    assert (
        ann.post(f"/scrutiny/findings/{finding.pk}/answer", {"answer": "accepted", "action_taken": "x"}).status_code
        == 403
    )

    # 9. The chair writes the public summary and publishes the meeting's report.
    follow(
        chair,
        chair.post(
            f"/scrutiny/meetings/{meeting.pk}/edit",
            {
                "held_on-day": "5",
                "held_on-month": "10",
                "held_on-year": "2021",
                "place": "Online",
                "agenda": "June",
                "minutes": "Private notes",
                "public_summary": "We reviewed six searches by one officer.",
            },
        ),
    )
    draft_page = chair.get(f"/scrutiny/meetings/{meeting.pk}/report").page
    draft = text(draft_page.select_one("main"))
    assert "We reviewed six searches by one officer." in draft and "Private notes" not in draft
    # "one officer" states a number the tables would hide: flagged, and not published until
    # the chair confirms it (or changes the words).
    flagged = draft_page.select_one("#small-numbers-list li")
    assert "“We reviewed six searches by one officer.”" in text(flagged) and text(flagged.strong) == "one"
    refused = follow(chair, chair.post(f"/scrutiny/meetings/{meeting.pk}/report/publish"))
    assert "was not published" in text(refused.page.select_one("main")) and not Report.objects.exists()
    publish = f"/scrutiny/meetings/{meeting.pk}/report/publish"
    published = follow(chair, chair.post(publish, {"numbers_confirmed": "yes"}))
    confirmed = AuditEvent.objects.get(action="report.numbers-confirmed")
    assert "one officer" in confirmed.summary and confirmed.actor is not None
    report_row = Report.objects.get(meeting=meeting)
    public = CheckedClient()
    page = public.get(f"/scrutiny/reports/{report_row.pk}/").page
    body = text(page.select_one("main"))
    assert "Briefed the team on recording grounds." in body and "partly accepted" in body
    # Verdicts on three cases: too few to count or break down (test_reports holds the rule).
    assert "reached a verdict on fewer than 5" in body and "too few to be broken down" in body
    assert "Private notes" not in body and busiest not in body and "Daniel" not in body
    assert report_row.title in text(public.get("/scrutiny/reports/").page.select_one("main"))
    del published

    # The PDF is tagged and says the same.
    pdf = public.get(f"/scrutiny/reports/{report_row.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    pdf_path = tmp_path / "report.pdf"
    pdf_path.write_bytes(pdf.content)
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    words = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Briefed the team on recording grounds." in words and "not published" in words
    assert "DRAFT" not in words
    draft_path = tmp_path / "draft.pdf"
    draft_path.write_bytes(chair.get(f"/scrutiny/meetings/{meeting.pk}/report.pdf").content)
    draft = subprocess.run(["pdftotext", str(draft_path), "-"], capture_output=True, text=True, check=True).stdout
    assert draft.count("DRAFT") >= 2 and "has not been published" in draft

    # Anonymous people see no draft.
    assert public.get(f"/scrutiny/meetings/{meeting.pk}/report").status_code == 302

    # 10. The force re-imports a corrected June: the cases keep what the panel reviewed, and a
    # new sample does not bring the reviewed records back.
    corrected = extract.build("wiltshire", "2021-06", grounds_suffix=" Corrected.")
    assert ingest([extract.write(tmp_path / "again", "wiltshire", "2021-06", corrected)]).files[0].status == "replaced"
    kept = Case.objects.get(pk=cases[0].pk)
    assert kept.record is None and kept.snapshot == cases[0].snapshot
    assert chair.get(f"/scrutiny/cases/{kept.pk}/").status_code == 200
    follow(chair, chair.post(f"/scrutiny/meetings/{meeting.pk}/sample", {"rule": "random", "size": "200", **JUNE}))
    again = Case.objects.filter(panel=panel).exclude(pk__in=[c.pk for c in cases])
    assert again.count() == 89 - 6
    references = {c.snapshot["force_reference"] for c in cases}
    assert not references & {c.snapshot["force_reference"] for c in again}


def review_is_closed(client: CheckedClient, case: Case) -> bool:
    """Once the panel has decided, the case pack no longer offers a review."""
    page = client.get(f"/scrutiny/cases/{case.pk}/").page
    return not any(re.search("review this case", text(a), re.I) for a in page.select("a"))


def test_sampling_an_empty_period_says_so_on_the_page(client: CheckedClient) -> None:
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="Youth panel", kind="youth")
    meeting = Meeting.objects.create(panel=panel, held_on=dt.date(2026, 12, 1))
    chair = User.objects.create_user("chair@youth.test")
    Member.objects.create(panel=panel, user=chair, role=Member.Role.CHAIR)
    RoleAssignment.objects.create(user=chair, role=Role.PANEL_CHAIR, force=wiltshire, panel=panel)
    client.force_login(chair)
    sign_in_second_factor(client, chair)
    empty = {"period_start-day": "1", "period_start-month": "1", "period_start-year": "2030"} | {
        "period_end-day": "31",
        "period_end-month": "3",
        "period_end-year": "2030",
    }
    response = client.post(f"/scrutiny/meetings/{meeting.pk}/sample", {"rule": "random", "size": "10", **empty})
    assert response.status_code == 200
    summary = text(response.page.select_one(".govuk-error-summary"))
    assert "There is nothing to sample: Parity holds no stop-and-search records for Wiltshire" in summary
    held = StopSearch.objects.filter(force=wiltshire).aggregate(first=Min("local_date"), last=Max("local_date"))
    assert f"Its stop-and-search records run from {govuk_date(held['first'])} to {govuk_date(held['last'])}" in summary
    # Wiltshire's records are data.police.uk's: the page says what their case packs lack.
    warning = text(response.page.select_one("#police-uk-only"))
    assert "no grounds for the search, no officer and no body-worn video" in warning and "extract" in warning
    assert response.page.title is not None and response.page.title.string.startswith("Error: ")
    assert not Case.objects.filter(panel=panel).exists()


def test_a_panel_uses_its_own_verdict_scale(client: CheckedClient) -> None:
    from tests.scrutiny.helpers import build

    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="RAG panel", kind="stop-and-search")
    records = build(panel)
    chair = User.objects.create_user("chair@rag.test")
    RoleAssignment.objects.create(user=chair, role=Role.PANEL_CHAIR, force=wiltshire, panel=panel)
    client.force_login(chair)
    sign_in_second_factor(client, chair)
    settings = {"verdict_scale": "Green\nAmber\n\nRed\nGreen", "themes": "", "answer_within_days": "14"}
    assert (
        client.post(f"/scrutiny/panels/{panel.pk}/settings", {**settings, "bwv_retention_days": ""}).status_code == 302
    )
    panel.refresh_from_db()
    assert panel.verdict_scale == ["Green", "Amber", "Red"] and panel.themes == [] and panel.answer_within_days == 14
    form = client.get(f"/scrutiny/cases/{records.case.pk}/review").page
    assert [i["value"] for i in form.select("input[name=verdict]")] == ["Green", "Amber", "Red"]
    one = client.post(f"/scrutiny/panels/{panel.pk}/settings", {**settings, "verdict_scale": "Only one"})
    assert one.status_code == 200
    assert "Enter at least two verdicts" in text(one.page.select_one(".govuk-error-summary"))
