"""Who a panel's work tells, and only them: members of the cases drawn for their review, a new
member of their panel and role, the force's answering staff of video asked for and findings
due or overdue; and the force's list of what it must still answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from parity.accounts.models import Notice, RoleAssignment, User
from parity.accounts.roles import Role
from parity.scrutiny.models import BwvRequest, Finding, ForceResponse, Meeting, Member
from parity.scrutiny.services import bwv, findings, members, notices
from parity.scrutiny.services.samples import SampleRequest, draw_sample
from parity.victims import advisors
from tests.roles import Case, RoleTable, RoleWorld
from tests.scrutiny.helpers import PanelRecords, build, first_records, make_case
from tests.victims.extracts import complaints_sample, write_complaints

pytestmark = pytest.mark.django_db

EVERYONE = (
    "panel-member",
    "panel-member@other-panel",
    "panel-member@other-force",
    "panel-chair",
    "panel-chair@other-panel",
    "force-admin",
    "force-admin@other-force",
    "analyst",
    "analyst@other-force",
    "officer",
    "action-owner",
    "board-member",
    "no-role",
)


def told(world: RoleWorld, kind: str) -> set[str]:
    """The personas told of `kind`, made first so that nobody is missed for not existing yet."""
    return {persona for persona in EVERYONE if Notice.objects.filter(user=world.user(persona), kind=kind).exists()}


@pytest.fixture
def world(role_world: RoleWorld) -> RoleWorld:
    for persona in EVERYONE:
        role_world.user(persona)
    return role_world


def test_members_who_give_verdicts_are_told_of_cases_drawn_for_them(world: RoleWorld) -> None:
    chair = world.user("panel-chair")
    observer = User.objects.create_user("observer@panel.test")
    Member.objects.create(panel=world.panel, user=observer, role=Member.Role.OBSERVER)
    RoleAssignment.objects.create(user=observer, role=Role.PANEL_MEMBER, force=world.home, panel=world.panel)
    meeting = Meeting.objects.create(panel=world.panel, held_on=dt.date(2026, 11, 3))

    draw_sample(meeting, SampleRequest("random", dt.date(2021, 1, 1), dt.date(2021, 3, 31), size=4, seed=3), by=chair)

    # The chair drew it and is not told; observers give no verdicts; other panels, forces and staff hear nothing.
    assert told(world, Notice.Kind.CASES_TO_REVIEW) == {"panel-member"}
    assert not Notice.objects.filter(user=observer).exists()
    [notice] = Notice.objects.filter(kind=Notice.Kind.CASES_TO_REVIEW)
    assert notice.text == (
        "The Stop and search panel of West Midlands has drawn 4 cases for its meeting on 3 November 2026: "
        "they wait for your review."
    )
    assert notice.link == f"/scrutiny/meetings/{meeting.pk}/" and notice.force_id == world.home.pk
    assert notice.waiting


def test_a_new_member_is_told_which_panel_and_role(world: RoleWorld) -> None:
    member, created = members.add_member(world.panel, "new.member@panel.test", "observer", by=world.user("panel-chair"))
    assert created
    [notice] = Notice.objects.filter(kind=Notice.Kind.ADDED_TO_PANEL)
    assert notice.user == member.user
    assert notice.text == (
        "You have been added to the Stop and search panel of West Midlands as an observer, with the role panel member."
    )
    assert notice.link == f"/scrutiny/panels/{world.panel.pk}/"
    assert told(world, Notice.Kind.ADDED_TO_PANEL) == set()


def test_the_forces_answering_staff_are_told_of_video_asked_for(world: RoleWorld) -> None:
    records = build(world.panel)
    case = make_case(records.sample, first_records(world.panel, 2)[1], 2)
    member = world.user("panel-member")
    made = bwv.request_footage(case, by=member)
    assert made.status == BwvRequest.Status.REQUESTED
    assert told(world, Notice.Kind.VIDEO_REQUESTED) == {"force-admin", "analyst"}
    notice = Notice.objects.filter(kind=Notice.Kind.VIDEO_REQUESTED).first()
    assert notice is not None and notice.link == f"/scrutiny/cases/{case.pk}/video"
    assert "asks whether body-worn video exists of case 2 for its meeting on 3 November 2026" in notice.text
    assert "would have been deleted on" in notice.text  # the stop was in 2021

    # Asking again changes nothing and tells nobody again.
    bwv.request_footage(case, by=member)
    assert Notice.objects.filter(kind=Notice.Kind.VIDEO_REQUESTED).count() == 2


def test_video_the_force_record_says_was_never_recorded_tells_nobody(world: RoleWorld) -> None:
    records = build(world.panel)
    case = make_case(records.sample, first_records(world.panel, 2)[1], 2)
    case.snapshot = {**case.snapshot, "bwv_recorded": False}
    case.save()
    assert bwv.request_footage(case, by=world.user("panel-member")).status == BwvRequest.Status.NOT_AVAILABLE
    assert not Notice.objects.filter(kind=Notice.Kind.VIDEO_REQUESTED).exists()


def test_the_force_is_told_of_a_finding_and_when_its_answer_is_due(world: RoleWorld) -> None:
    world.panel.answer_within_days = 28
    world.panel.save()
    finding = findings.raise_panel_finding(
        world.panel, "Why were the grounds not recorded?", by=world.user("panel-chair")
    )
    assert told(world, Notice.Kind.FINDING_RAISED) == {"force-admin", "analyst"}
    due = timezone.localdate() + dt.timedelta(days=28)
    assert Notice.objects.filter(kind=Notice.Kind.FINDING_RAISED, link=f"/scrutiny/findings/{finding.pk}/").count() == 2

    # A week before it is due, each is reminded once however often the job runs; then once overdue.
    assert notices.remind(on=due - dt.timedelta(days=8)) == 0
    assert notices.remind(on=due - dt.timedelta(days=7)) == 2
    assert notices.remind(on=due - dt.timedelta(days=6)) == 0
    assert told(world, Notice.Kind.FINDING_DUE) == {"force-admin", "analyst"}
    assert notices.remind(on=due + dt.timedelta(days=1)) == 2
    assert told(world, Notice.Kind.FINDING_OVERDUE) == {"force-admin", "analyst"}
    overdue = Notice.objects.filter(kind=Notice.Kind.FINDING_OVERDUE, link=f"/scrutiny/findings/{finding.pk}/")
    assert overdue.count() == 2
    assert f"was due on {due:%-d %B %Y}: it is overdue" in overdue.get(user=world.user("analyst")).text

    # An answered finding is not a reminder's business.
    ForceResponse.objects.create(
        finding=finding, answer="accepted", action_taken="Briefed.", answered_by=world.user("analyst")
    )
    Notice.objects.all().delete()
    assert notices.remind(on=due + dt.timedelta(days=2)) == 0


def test_video_about_to_be_deleted_with_no_answer_is_a_reminder(world: RoleWorld) -> None:
    records = build(world.panel)
    case = make_case(records.sample, first_records(world.panel, 2)[1], 2)
    asked = BwvRequest.objects.create(case=case, retention_ends_on=dt.date(2027, 1, 10))
    notices.remind(on=dt.date(2027, 1, 2))
    assert told(world, Notice.Kind.VIDEO_DUE) == set()
    notices.remind(on=dt.date(2027, 1, 3))
    assert told(world, Notice.Kind.VIDEO_DUE) == {"force-admin", "analyst"}
    asked.status = BwvRequest.Status.AVAILABLE
    asked.save()
    Notice.objects.filter(kind=Notice.Kind.VIDEO_DUE).delete()
    notices.remind(on=dt.date(2027, 1, 4))
    assert told(world, Notice.Kind.VIDEO_DUE) == set()


def test_advisors_are_told_of_complaints_drawn_for_them(world: RoleWorld, tmp_path: Path) -> None:
    from parity.scrutiny.models import Panel

    world.panel.kind = Panel.Kind.COMPLAINTS
    world.panel.save()
    advisor = world.user("advisor")
    advisor_elsewhere = world.user("advisor@other-panel")
    rows = [{**r, "force": "West Midlands"} for r in complaints_sample()]
    from parity.victims.importing.detect import ingest

    assert ingest([write_complaints(tmp_path / "c.csv", rows)]).files[0].status == "imported"
    made = advisors.draw(world.panel, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), share_percent=100, seed=7)
    n = made.complaints.count()
    [notice] = Notice.objects.filter(kind=Notice.Kind.CASES_TO_REVIEW, user=advisor)
    assert notice.text.endswith(f"has drawn {n} closed complaints for advisors to review.")
    assert notice.link == f"/victims/advisors/panels/{world.panel.pk}/"
    assert not Notice.objects.filter(user=advisor_elsewhere).exists()
    assert told(world, Notice.Kind.CASES_TO_REVIEW) == {"panel-member", "panel-chair"}


# --- the force's list of what it must answer --------------------------------------------------

OPEN_PAGE = RoleTable(
    routes={"open": "/scrutiny/open/"},
    table="""
        persona                    open
        anonymous                  sign-in
        no-role                    403
        panel-member               403
        panel-chair                403
        force-admin                200
        force-admin/unverified     2fa
        analyst                    200
        analyst@other-force        200
        officer                    403
        action-owner               403
        board-member               403
    """,
)


@pytest.fixture
def records(role_world: RoleWorld) -> PanelRecords:
    return build(role_world.panel)


@OPEN_PAGE.parametrize
def test_the_open_list_is_for_force_staff(case: Case, role_world: RoleWorld, records: PanelRecords) -> None:
    case.check(role_world)


def test_the_open_list_shows_only_the_staffs_own_forces_unanswered_items(world: RoleWorld) -> None:
    records = build(world.panel)
    elsewhere = Finding.objects.create(
        panel=world.other_force_panel, summary="Merseyside's own.", due_on=dt.date(2026, 12, 1)
    )
    asked = BwvRequest.objects.filter(case=records.case).get()
    asked.status, asked.answered_at = BwvRequest.Status.REQUESTED, None
    asked.save()
    answered = Finding.objects.create(panel=world.panel, summary="Answered already.", due_on=dt.date(2026, 12, 1))
    ForceResponse.objects.create(
        finding=answered, answer="accepted", action_taken="Done.", answered_by=world.user("analyst")
    )

    page = world.client("analyst").get("/scrutiny/open/")
    html = page.content.decode()
    assert f"/scrutiny/cases/{records.case.pk}/video" in html
    assert f"/scrutiny/findings/{records.finding.pk}/" in html and "1 December 2026" in html
    assert f"/scrutiny/findings/{answered.pk}/" not in html
    assert f"/scrutiny/findings/{elsewhere.pk}/" not in html

    # Staff of the other force see theirs, and none of these.
    theirs = world.client("analyst@other-force").get("/scrutiny/open/").content.decode()
    assert f"/scrutiny/findings/{elsewhere.pk}/" in theirs
    assert f"/scrutiny/findings/{records.finding.pk}/" not in theirs
