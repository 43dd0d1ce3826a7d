"""Lived-experience advisors: complaints drawn by rule, redacted case files, structured
reviews, and findings answered by professional standards through scrutiny's cycle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.permissions import needs_second_factor
from parity.accounts.roles import Role
from parity.actions import findings as action_findings
from parity.scrutiny.models import Finding, Panel
from parity.scrutiny.services import findings as finding_services
from parity.scrutiny.services import members
from parity.victims import advisors
from parity.victims.importing.detect import ingest
from parity.victims.models import Complaint, DrawnComplaint
from tests.roles import Case as Cell
from tests.roles import RoleTable, RoleWorld, Route, sign_in_second_factor
from tests.victims.extracts import allegation, complaints_sample, write_complaints

START, END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
PERSONAL = "Mrs Amina Khan lives at 14 Gloucester Road, BS7 8AE; call 07700 900123 or write to amina.khan@example.org"
LEAKS = ("Khan", "Gloucester", "BS7", "07700", "amina.khan", "example.org")


def _complaints_panel(world: RoleWorld) -> Panel:
    panel = world.panel
    panel.kind = Panel.Kind.COMPLAINTS
    panel.save()
    return panel


def _import(tmp_path: Path, force: str = "West Midlands", *, account: str = "") -> None:
    rows = [{**r, "force": force} for r in complaints_sample()]
    rows[0] |= {"complaint_account": account, "reply_text": "We wrote to you on 3 May."}
    rows[1] |= {"complaint_account": account, "reply_text": "We wrote to you on 3 May."}
    report = ingest([write_complaints(tmp_path / "c.csv", rows, text=True)])
    assert report.files[0].status == "imported", report.files[0].message


@pytest.fixture
def advisors_world(role_world: RoleWorld, tmp_path: Path) -> RoleWorld:
    panel = _complaints_panel(role_world)
    _import(tmp_path, account=PERSONAL)
    made = advisors.draw(panel, start=START, end=END, share_percent=100, seed=7)
    drawn = made.complaints.get(reason="discrimination")
    review = advisors.save_review(
        drawn,
        role_world.user("advisor"),
        advisors.ReviewAnswers("no", "partly", "yes", "Listen to the account.", refer=True, finding="Why not?"),
    )
    role_world.drawn = drawn  # type: ignore[attr-defined]
    role_world.finding = review.finding  # type: ignore[attr-defined]
    return role_world


@pytest.mark.django_db
def test_the_draw_takes_every_discrimination_allegation_not_upheld_and_a_share_of_the_rest(
    role_world: RoleWorld, tmp_path: Path
) -> None:
    panel = _complaints_panel(role_world)
    _import(tmp_path)
    none_else = advisors.draw(panel, start=START, end=END, share_percent=0, seed=1)
    assert [(d.case_reference, d.reason) for d in none_else.complaints.all()] == [("CO/1", "discrimination")]
    assert (none_else.closed, none_else.discrimination, none_else.others) == (2, 1, 0)
    # CO/1 is drawn already; CO/3 is still open, so only CO/2 is left, and all of it is taken.
    rest = advisors.draw(panel, start=START, end=END, share_percent=100, seed=1)
    assert [(d.case_reference, d.reason) for d in rest.complaints.all()] == [("CO/2", "random")]
    assert advisors.draw(panel, start=START, end=END, share_percent=100).complaints.count() == 0
    event = AuditEvent.objects.filter(action="complaints.drawn").order_by("at", "id").first()
    assert event is not None and "seed 1" in event.summary and event.force_id == panel.force_id


@pytest.mark.django_db
def test_the_same_seed_repeats_a_draw(role_world: RoleWorld, tmp_path: Path) -> None:
    panel = _complaints_panel(role_world)
    rows = [
        allegation(f"R/{n}", 1, "2024-03-01", force="West Midlands", finalised_date="2024-04-01",
                   allegation_result="resolved")
        for n in range(20)
    ]  # fmt: skip
    assert ingest([write_complaints(tmp_path / "r.csv", rows)]).files[0].status == "imported"
    first = sorted(
        advisors.draw(panel, start=START, end=END, share_percent=25, seed=99).complaints.values_list("case_reference")
    )
    DrawnComplaint.objects.all().delete()
    again = sorted(
        advisors.draw(panel, start=START, end=END, share_percent=25, seed=99).complaints.values_list("case_reference")
    )
    assert first == again and len(first) == 5


@pytest.mark.django_db
def test_only_a_complaints_review_panel_draws(role_world: RoleWorld) -> None:
    with pytest.raises(ValidationError):
        advisors.draw(role_world.panel, start=START, end=END, share_percent=10)


@pytest.mark.django_db
def test_names_and_contact_details_never_reach_the_advisor(advisors_world: RoleWorld) -> None:
    stored = Complaint.objects.get(case_reference="CO/1")
    assert not any(leak in stored.account for leak in LEAKS), stored.account
    assert not any(leak in str(a.raw) for a in stored.allegations.all() for leak in LEAKS)
    page = advisors_world.client("advisor").get(f"/victims/advisors/complaints/{advisors_world.drawn.pk}/")  # type: ignore[attr-defined]
    html = page.content.decode()
    assert page.status_code == 200 and "removed" in html and "We wrote to you" in html
    assert not any(leak in html for leak in LEAKS)


@pytest.mark.django_db
def test_text_held_some_other_way_is_redacted_in_the_case_file(role_world: RoleWorld, tmp_path: Path) -> None:
    panel = _complaints_panel(role_world)
    _import(tmp_path)
    Complaint.objects.filter(case_reference="CO/1").update(account=PERSONAL, reply=PERSONAL)
    drawn = advisors.draw(panel, start=START, end=END, share_percent=0).complaints.get()
    html = role_world.client("advisor").get(f"/victims/advisors/complaints/{drawn.pk}/").content.decode()
    assert not any(leak in html for leak in LEAKS)
    assert drawn.case_file["removed"] >= 8


@pytest.mark.django_db
def test_a_review_raises_a_finding_that_professional_standards_answer(advisors_world: RoleWorld) -> None:
    finding: Finding = advisors_world.finding  # type: ignore[attr-defined]
    panel = finding.panel
    assert finding.meeting is None and finding.due_on == timezone.localdate() + dt.timedelta(days=28)
    assert finding.summary == "Complaint CO/1: Why not?"
    later = finding.due_on + dt.timedelta(days=1)
    assert list(finding_services.overdue(panel, later)) == [finding]
    again = advisors.save_review(
        advisors_world.drawn,  # type: ignore[attr-defined]
        advisors_world.user("advisor"),
        advisors.ReviewAnswers("yes", "partly", "yes", "Changed.", refer=True, finding="Another?"),
    )
    assert again.finding == finding and Finding.objects.count() == 1
    analyst = advisors_world.client("analyst")
    answered = analyst.post(
        f"/scrutiny/findings/{finding.pk}/answer",
        {"answer": "partly", "action_taken": "Retraining on discrimination allegations.", "officer_learning": ""},
    )
    assert answered.status_code == 302
    assert list(finding_services.overdue(panel, later)) == []
    page = advisors_world.client("advisor").get(f"/victims/advisors/findings/{finding.pk}/").content.decode()
    assert "Retraining on discrimination allegations." in page
    assert "raised on" in analyst.get(f"/scrutiny/findings/{finding.pk}/").content.decode()
    assert AuditEvent.objects.filter(object_type="scrutiny.forceresponse").exists()
    # The action plan's path from findings to recommendations takes it too.
    assert finding in action_findings.findings_in(panel.force)
    assert "raised on" in action_findings.describe(finding)


@pytest.mark.django_db
def test_a_review_must_say_what_to_learn_and_what_to_answer(advisors_world: RoleWorld) -> None:
    drawn = advisors_world.drawn  # type: ignore[attr-defined]
    advisor = advisors_world.user("advisor")
    with pytest.raises(ValidationError):
        advisors.save_review(drawn, advisor, advisors.ReviewAnswers("yes", "yes", "yes", " "))
    with pytest.raises(ValidationError):
        advisors.save_review(drawn, advisor, advisors.ReviewAnswers("yes", "yes", "yes", "x", refer=True))


@pytest.mark.django_db
def test_advisors_are_members_of_a_complaints_panel_and_need_a_second_factor(role_world: RoleWorld) -> None:
    panel = _complaints_panel(role_world)
    member, _ = members.add_member(
        panel, "adviser@example.org", "member", dates=members.MemberDates(vetted_on=dt.date(2024, 1, 1))
    )
    members.declare_interest(member, "My brother is a special constable.")
    user = User.objects.get(email="adviser@example.org")
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [Role.ADVISOR]
    assert needs_second_factor(user)
    members.end_membership(member)
    assert not RoleAssignment.objects.filter(user=user).exists()


PAGES = RoleTable(
    routes={
        "home": "/victims/advisors/",
        "panel": lambda w: f"/victims/advisors/panels/{w.panel.pk}/",
        "draw": lambda w: f"/victims/advisors/panels/{w.panel.pk}/draw",
        "case": lambda w: f"/victims/advisors/complaints/{w.drawn.pk}/",  # type: ignore[attr-defined]
        "review": lambda w: f"/victims/advisors/complaints/{w.drawn.pk}/review",  # type: ignore[attr-defined]
        "finding": lambda w: f"/victims/advisors/findings/{w.finding.pk}/",  # type: ignore[attr-defined]
        "answer": lambda w: f"/scrutiny/findings/{w.finding.pk}/answer",  # type: ignore[attr-defined]
        "draw-post": Route(
            lambda w: f"/victims/advisors/panels/{w.panel.pk}/draw",
            method="post",
            data={"period_start": ["1", "1", "2024"], "period_end": ["31", "12", "2024"], "share_percent": "0"},
        ),
    },
    table="""
        persona                 home     panel    draw     case     review   finding  answer   draw-post
        anonymous               sign-in  sign-in  sign-in  sign-in  sign-in  sign-in  sign-in  sign-in
        no-role                 403      403      403      403      403      403      403      403
        advisor                 200      200      403      200      200      200      403      403
        advisor/unverified      2fa      2fa      2fa      2fa      2fa      2fa      2fa      2fa
        advisor@other-panel     200      403      403      403      403      403      403      403
        advisor@other-force     200      403      403      403      403      403      403      403
        panel-member            403      403      403      403      403      403      403      403
        panel-chair             200      200      200      200      200      200      403      -
        analyst                 200      200      200      200      403      200      200      -
        force-admin@other-force 200      403      403      403      403      403      403      403
        officer                 403      403      403      403      403      403      403      403
    """,
)


@PAGES.parametrize
def test_advisors_pages(case: Cell, advisors_world: RoleWorld) -> None:
    case.check(advisors_world)


@pytest.mark.django_db
def test_an_advisor_cannot_review_another_panels_complaint_or_after_leaving(advisors_world: RoleWorld) -> None:
    """An attacker's tries: posting a review to a complaint of a panel they are not on, and
    coming back after their term is over. Both refused, audited, and nothing saved."""
    drawn = advisors_world.drawn  # type: ignore[attr-defined]
    answers = {
        "account_engaged": "no",
        "discrimination_considered": "no",
        "reply_respectful_clear": "no",
        "learning": "x",
        "refer": "yes",
        "finding": "Injected",
    }
    outsider = advisors_world.client("advisor@other-panel")
    assert outsider.post(f"/victims/advisors/complaints/{drawn.pk}/review", answers).status_code == 403
    assert not Finding.objects.filter(summary__contains="Injected").exists()
    panel = drawn.panel
    member, _ = members.add_member(panel, "leaver@example.org", "member")
    leaver = advisors_world.client("no-role")
    leaver.force_login(member.user)
    sign_in_second_factor(leaver, member.user)
    assert leaver.get(f"/victims/advisors/complaints/{drawn.pk}/").status_code == 200
    member.term_ends_on = timezone.localdate() - dt.timedelta(days=1)
    member.save()  # the daily job has not run yet: the role is still held
    refused = leaver.get(f"/victims/advisors/complaints/{drawn.pk}/")
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(actor=member.user, allowed=False).exists()


@pytest.mark.django_db
def test_another_kind_of_panel_has_no_advisors_page(role_world: RoleWorld) -> None:
    chair = role_world.client("panel-chair")
    assert chair.get(f"/victims/advisors/panels/{role_world.panel.pk}/").status_code == 404
