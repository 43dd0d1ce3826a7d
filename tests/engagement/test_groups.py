"""Advisory groups: network members apply on a public page and confirm by e-mail, an
engagement officer vets them (audited), members hold terms and roles and declare interests,
the chair runs meetings; young people's groups keep the safeguarding rules; erasure from the
network takes everything about a person here with it."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parity.accounts.models import AuditEvent, RoleAssignment
from parity.accounts.roles import STAFF_ROLES, Role
from parity.engagement import group_example, groups, network
from parity.engagement.models import (
    AdvisoryGroup,
    ApplicationStatus,
    GroupApplication,
    GroupKind,
    GroupMeeting,
    GroupMembership,
    GroupRole,
    MeetingAction,
    NetworkMember,
)
from parity.jobs.registry import find
from tests.pagecheck import CheckedClient, text
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def _joined(w: RoleWorld, name: str, email: str = "") -> NetworkMember:
    now = timezone.now()
    return NetworkMember.objects.create(
        force=w.home, name=name, email=email or f"{name.split()[0].lower()}@example.org", involvement="active",
        key=f"key-{name}", consented_at=now, confirmed_at=now,
    )  # fmt: skip


def _group(w: RoleWorld, young: bool = False) -> AdvisoryGroup:
    if young:
        return groups.add_group(
            w.home, name="Young persons' IAG", kind=GroupKind.YOUNG, purpose="Young voices.", min_age=13, max_age=24
        )
    return groups.add_group(w.home, name="Independent advisory group", kind=GroupKind.IAG, purpose="Advice.")


def _confirm_link(message: mail.EmailMessage) -> str:
    [found] = re.findall(r"https?://[^/\s]+(/engagement/groups/confirm/\S+)", str(message.body))
    return str(found)


def _apply(client: CheckedClient, group: AdvisoryGroup, **fields: object) -> CheckedClient:
    mail.outbox.clear()
    answer = client.post(
        f"/engagement/join/{group.force.slug}/groups/{group.pk}/apply",
        {"email": "amira@example.org", "why": "I want to help.", **fields},
        follow=True,
    )
    return answer  # type: ignore[return-value]


def test_a_member_applies_confirms_and_is_vetted_by_the_engagement_officer(role_world: RoleWorld) -> None:
    member = _joined(role_world, "Amira Test")
    group = _group(role_world)
    public = role_world.client("anonymous")
    page = public.get(f"/engagement/join/{role_world.home.slug}/groups/")
    assert "New members are always welcome" in text(page.page.select_one("main"))

    # Not in the network: the same answer, and nothing held or sent.
    answer = _apply(public, group, email="stranger@example.org")
    assert "Check your e-mail" in text(answer.page.select_one("h1"))  # type: ignore[attr-defined]
    assert not GroupApplication.objects.exists() and not mail.outbox

    _apply(public, group, email="AMIRA@example.org")
    [message] = mail.outbox
    assert message.to == ["amira@example.org"] and "List-Unsubscribe" in message.extra_headers
    application = GroupApplication.objects.get()
    assert application.member == member and application.status == ApplicationStatus.UNCONFIRMED

    # Opening the link confirms nothing; pressing the button does.
    link = _confirm_link(message)
    assert public.get(link).status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNCONFIRMED
    done = public.post(link)
    assert "has been sent" in text(done.page.select_one("h1"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITING

    officer = role_world.client("engagement-officer")
    base = f"/engagement/{role_world.home.slug}/groups"
    listing = officer.get(f"{base}/{group.pk}/")
    assert "Amira Test" in text(listing.page.select_one("main"))
    refused = officer.post(f"{base}/applications/{application.pk}/", {"decision": "decline"})
    assert "Say why" in text(refused.page.select_one(".govuk-error-summary"))
    mail.outbox.clear()
    officer.post(f"{base}/applications/{application.pk}/", {"decision": "accept"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == role_world.user("engagement-officer")
    membership = GroupMembership.objects.get()
    assert membership.role == GroupRole.MEMBER and membership.starts_on == timezone.localdate()
    assert membership.ends_on == date(
        membership.starts_on.year + 2, membership.starts_on.month, membership.starts_on.day
    )
    assert "accepted" in mail.outbox[0].body
    trail = AuditEvent.objects.filter(object_type="engagement.groupapplication", object_id=str(application.pk))
    assert any(e.actor == role_world.user("engagement-officer") and e.action == "update" for e in trail)
    # A decided application cannot be decided again.
    again = officer.post(f"{base}/applications/{application.pk}/", {"decision": "decline", "reason": "No."})
    assert again.status_code == 200 and GroupMembership.objects.count() == 1


def test_young_peoples_groups_check_ages_and_need_a_guardians_consent_under_16(role_world: RoleWorld) -> None:
    _joined(role_world, "Amira Test")
    group = _group(role_world, young=True)
    public = role_world.client("anonymous")
    form = public.get(f"/engagement/join/{role_world.home.slug}/groups/{group.pk}/apply")
    assert form.page.select_one("#id_guardian_name") is not None
    too_old = _apply(public, group, age="30")
    assert "aged 13 to 24" in text(too_old.page.select_one(".govuk-error-summary"))  # type: ignore[attr-defined]
    no_guardian = _apply(public, group, age="14")
    assert "parent or guardian" in text(no_guardian.page.select_one(".govuk-error-summary"))  # type: ignore[attr-defined]
    assert not GroupApplication.objects.exists()
    _apply(public, group, age="14", guardian_name="Parent Test", guardian_contact="parent@example.org")
    public.post(_confirm_link(mail.outbox[0]))
    application = GroupApplication.objects.get()
    assert application.needs_consent

    officer = role_world.client("engagement-officer")
    base = f"/engagement/{role_world.home.slug}/groups/applications/{application.pk}"
    blocked = officer.post(f"{base}/", {"decision": "accept"})
    assert "Record the consent" in text(blocked.page.select_one(".govuk-error-summary"))
    assert not GroupMembership.objects.exists()
    officer.post(
        f"{base}/consent",
        {"consent_on-day": "2", "consent_on-month": "3", "consent_on-year": "2026", "how": "Signed form by post"},
    )
    application.refresh_from_db()
    assert application.guardian_consent_on == date(2026, 3, 2)
    officer.post(f"{base}/", {"decision": "accept"})
    membership = GroupMembership.objects.get()

    # Only the engagement officer sees contact details; the chair sees names only.
    page = officer.get(f"/engagement/{role_world.home.slug}/groups/{group.pk}/")
    assert "amira@example.org" in text(page.page.select_one("main"))
    _make_chair(role_world, group)
    chair = role_world.client("group-chair")
    seen = text(chair.get(f"/engagement/{role_world.home.slug}/groups/{group.pk}/").page.select_one("main"))
    assert "Amira Test" in seen and "amira@example.org" not in seen and "Parent Test" not in seen
    assert membership.group == group


def _make_chair(w: RoleWorld, group: AdvisoryGroup, *, ends_on: date | None = None) -> GroupMembership:
    """The group-chair persona, made chair of the group through the network."""
    user = w.user("group-chair")
    member = _joined(w, "Chair Person", email=user.email)
    today = timezone.localdate()
    membership = GroupMembership.objects.create(
        group=group, member=member, role=GroupRole.CHAIR, starts_on=today - timedelta(days=30),
        ends_on=ends_on or today + timedelta(days=300),
    )  # fmt: skip
    return membership


def test_the_chair_runs_their_groups_meetings_and_no_other_groups(role_world: RoleWorld) -> None:
    group = _group(role_world)
    other = groups.add_group(role_world.home, name="Diverse communities group", kind=GroupKind.DIVERSE, purpose="P")
    chair_membership = _make_chair(role_world, group)
    member = GroupMembership.objects.create(
        group=group, member=_joined(role_world, "Tom Member"), starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    chair = role_world.client("group-chair")
    mine = chair.get("/engagement/groups/chair/")
    assert group.name in text(mine.page.select_one("main")) and other.name not in text(mine.page.select_one("main"))
    base = f"/engagement/{role_world.home.slug}/groups"
    chair.post(
        f"{base}/{group.pk}/meetings/add",
        {
            "held_on-day": "9",
            "held_on-month": "1",
            "held_on-year": "2027",
            "place": "Online",
            "agenda": "Welcome\nFigures",
        },
    )
    meeting = GroupMeeting.objects.get()
    assert meeting.created_by == role_world.user("group-chair")
    chair.post(
        f"{base}/meetings/{meeting.pk}/record",
        {"present": [chair_membership.pk, member.pk], "agenda": meeting.agenda, "minutes": "We looked at figures."},
    )
    chair.post(f"{base}/meetings/{meeting.pk}/actions/add", {"text": "Bring outcomes.", "owner": "The chair"})
    action = MeetingAction.objects.get()
    chair.post(f"{base}/actions/{action.pk}/done", {"done": "yes"})
    action.refresh_from_db()
    assert action.done
    page = text(chair.get(f"{base}/meetings/{meeting.pk}/").page.select_one("main"))
    assert "Tom Member" in page and "We looked at figures." in page and "Bring outcomes." in page
    assert "Figures" in page

    # Another group of the same force: refused and audited.
    refusals = AuditEvent.objects.filter(allowed=False, actor=role_world.user("group-chair")).count()
    assert chair.get(f"{base}/{other.pk}/").status_code == 403
    assert AuditEvent.objects.filter(allowed=False, actor=role_world.user("group-chair")).count() == refusals + 1
    # Once the chair's term has ended, the group is closed to them.
    GroupMembership.objects.filter(pk=chair_membership.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert chair.get(f"{base}/{group.pk}/").status_code == 403
    assert chair.get(f"{base}/meetings/{meeting.pk}/").status_code == 403


def test_attendance_names_only_the_groups_members(role_world: RoleWorld) -> None:
    group = _group(role_world)
    other = groups.add_group(role_world.home, name="Other", kind=GroupKind.OTHER, purpose="P")
    outsider = GroupMembership.objects.create(
        group=other, member=_joined(role_world, "Out Sider"), starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=3),
    )  # fmt: skip
    meeting = groups.add_meeting(group, held_on=timezone.localdate(), place="", agenda="A", by=None)
    officer = role_world.client("engagement-officer")
    answer = officer.post(
        f"/engagement/{role_world.home.slug}/groups/meetings/{meeting.pk}/record",
        {"present": [outsider.pk], "agenda": "A", "minutes": "M"},
    )
    assert answer.status_code == 200 and answer.page.select_one(".govuk-error-summary") is not None
    assert not meeting.present.exists()


def test_terms_roles_and_declarations_are_kept_and_erasure_takes_them_all(role_world: RoleWorld) -> None:
    group = _group(role_world, young=True)
    member = _joined(role_world, "Amira Test")
    application = GroupApplication.objects.create(
        group=group, member=member, why="Secret reason", age=14, guardian_name="Parent Secret",
        guardian_contact="parent@example.org", status=ApplicationStatus.WAITING, key="k1",
    )  # fmt: skip
    groups.record_consent(application, consent_on=timezone.localdate(), how="By telephone")
    groups.decide(application, accept=True, by=role_world.user("engagement-officer"))
    membership = GroupMembership.objects.get()
    officer = role_world.client("engagement-officer")
    base = f"/engagement/{role_world.home.slug}/groups/members/{membership.pk}"
    officer.post(f"{base}/declare", {"text": "Cousin in the force"})
    officer.post(
        f"{base}/",
        {"role": "chair", "starts_on-day": "1", "starts_on-month": "1", "starts_on-year": "2026",
         "ends_on-day": "31", "ends_on-month": "12", "ends_on-year": "2027"},
    )  # fmt: skip
    membership.refresh_from_db()
    assert membership.role == GroupRole.CHAIR and membership.ends_on == date(2027, 12, 31)
    assert membership.declarations.get().text == "Cousin in the force"
    backwards = officer.post(
        f"{base}/",
        {"role": "member", "starts_on-day": "1", "starts_on-month": "1", "starts_on-year": "2026",
         "ends_on-day": "1", "ends_on-month": "1", "ends_on-year": "2025"},
    )  # fmt: skip
    assert "must end on or after" in text(backwards.page.select_one(".govuk-error-summary"))

    network.erase(member)
    assert not GroupApplication.objects.exists() and not GroupMembership.objects.exists()
    trail = AuditEvent.objects.filter(object_type__in=["engagement.groupapplication", "engagement.declaration"])
    assert trail.exists()
    dumped = json.dumps([[e.summary, e.changes] for e in trail], default=str)
    for secret in ("Secret reason", "Parent Secret", "parent@example.org", "Cousin in the force", "By telephone"):
        assert secret not in dumped


def test_links_that_are_altered_or_expired_confirm_nothing_and_unconfirmed_applications_go(
    role_world: RoleWorld,
) -> None:
    _joined(role_world, "Amira Test")
    group = _group(role_world)
    public = role_world.client("anonymous")
    _apply(public, group)
    link = _confirm_link(mail.outbox[0])
    assert public.post(link[:-3] + "abc").status_code == 400
    application = GroupApplication.objects.get()
    eight_days_ago = time.time() - 8 * 86400
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: eight_days_ago)
        old = groups.token(application)
    assert public.post(f"/engagement/groups/confirm/{old}").status_code == 400
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNCONFIRMED
    assert find("erase-group-applications").target == "parity.engagement.groups.erase_unconfirmed"
    assert groups.erase_unconfirmed() == 0
    GroupApplication.objects.update(applied_at=timezone.now() - timedelta(days=8))
    assert groups.erase_unconfirmed() == 1 and not GroupApplication.objects.exists()


def test_the_engagement_officer_is_staff_with_a_second_factor() -> None:
    assert Role.ENGAGEMENT_OFFICER in STAFF_ROLES and Role.GROUP_CHAIR not in STAFF_ROLES


def test_the_illustrative_groups_are_labelled_and_made_once(role_world: RoleWorld) -> None:
    made = group_example.load(role_world.home)
    assert made.groups == 3 and made.members == 10
    assert all(g.illustrative for g in AdvisoryGroup.objects.all())
    assert all(m.name.endswith("(illustrative)") for m in NetworkMember.objects.all())
    assert all(m.email.endswith("@example.org") for m in NetworkMember.objects.all())
    young = AdvisoryGroup.objects.get(kind=GroupKind.YOUNG)
    under_16 = GroupApplication.objects.get(group=young, age__lt=16)
    assert under_16.guardian_consent_on is not None
    assert GroupApplication.objects.filter(status=ApplicationStatus.WAITING).count() == 1
    assert group_example.load(role_world.home).groups == 0
    # The illustrative IAG chair signs in with the group-chair role and sees their group.
    chair = RoleAssignment.objects.get(role=Role.GROUP_CHAIR).user
    assert [g.name for g in groups.chaired_by(chair)] == ["Independent advisory group"]
    assert mail.outbox == []


# --- who may open what -----------------------------------------------------------------------


def _things(w: RoleWorld) -> dict[str, int]:
    """A group with its chair, a waiting application, a meeting and an action, made once per world."""
    found: dict[str, int] | None = getattr(w, "group_things", None)
    if found is None:
        group = _group(w)
        chair = _make_chair(w, group)
        applicant = _joined(w, "Applicant One")
        application = GroupApplication.objects.create(
            group=group, member=applicant, why="W", status=ApplicationStatus.WAITING, key="k-app"
        )
        meeting = groups.add_meeting(group, held_on=timezone.localdate(), place="", agenda="A", by=None)
        action = groups.add_action(meeting, text="T", owner="O")
        found = {"g": group.pk, "a": application.pk, "m": meeting.pk, "s": chair.pk, "x": action.pk}
        setattr(w, "group_things", found)  # noqa: B010 - RoleWorld has no field for it
    return found


def _at(path: str) -> Callable[[RoleWorld], str]:
    return lambda w: path.format(force=w.home.slug, **_things(w))


ROUTES: dict[str, str | Callable[[RoleWorld], str] | Route] = {
    "join": _at("/engagement/join/{force}/groups/"),
    "apply": _at("/engagement/join/{force}/groups/{g}/apply"),
    "list": _at("/engagement/{force}/groups/"),
    "add": _at("/engagement/{force}/groups/add"),
    "vet": _at("/engagement/{force}/groups/applications/{a}/"),
    "consent": Route(_at("/engagement/{force}/groups/applications/{a}/consent"), "post", {}),
    "member": _at("/engagement/{force}/groups/members/{s}/"),
    "declare": Route(_at("/engagement/{force}/groups/members/{s}/declare"), "post", {"text": "D"}),
    "group": _at("/engagement/{force}/groups/{g}/"),
    "meet": _at("/engagement/{force}/groups/{g}/meetings/add"),
    "meeting": _at("/engagement/{force}/groups/meetings/{m}/"),
    "minutes": _at("/engagement/{force}/groups/meetings/{m}/record"),
    "action": _at("/engagement/{force}/groups/meetings/{m}/actions/add"),
    "done": Route(_at("/engagement/{force}/groups/actions/{x}/done"), "post", {"done": "yes"}),
    "chair": _at("/engagement/groups/chair/"),
}

# The engagement officer's own pages, and the public ones.
OFFICER_PAGES = RoleTable(
    routes=ROUTES,
    table="""
        persona                         join  apply  list     add      vet      consent  member   declare
        anonymous                       200   200    sign-in  sign-in  sign-in  sign-in  sign-in  sign-in
        no-role                         200   200    403      403      403      403      403      403
        officer                         200   200    403      403      403      403      403      403
        board-member                    200   200    403      403      403      403      403      403
        action-owner                    200   200    403      403      403      403      403      403
        engagement-officer              200   200    200      200      200      200      200      302
        engagement-officer@other-force  200   200    403      403      403      403      403      403
        engagement-officer/unverified   2fa   2fa    2fa      2fa      2fa      2fa      2fa      2fa
        group-chair                     200   200    403      403      403      403      403      403
    """,
)

# The pages an engagement officer shares with the group's chair.
CHAIR_PAGES = RoleTable(
    routes=ROUTES,
    table="""
        persona                         group    meet     meeting  minutes  action   done     chair
        anonymous                       sign-in  sign-in  sign-in  sign-in  sign-in  sign-in  sign-in
        no-role                         403      403      403      403      403      403      403
        analyst                         403      403      403      403      403      403      403
        board-member                    403      403      403      403      403      403      403
        panel-chair                     403      403      403      403      403      403      403
        engagement-officer              200      200      200      200      200      302      403
        engagement-officer@other-force  403      403      403      403      403      403      403
        engagement-officer/unverified   2fa      2fa      2fa      2fa      2fa      2fa      2fa
        group-chair                     200      200      200      200      200      302      200
        group-chair@other-force         403      403      403      403      403      403      200
    """,
)


@OFFICER_PAGES.parametrize
def test_who_opens_the_engagement_officers_pages(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


@CHAIR_PAGES.parametrize
def test_who_opens_a_groups_meetings(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def test_the_roles_reference_says_who_runs_groups_as_the_code_does() -> None:
    """docs/reference/roles.md's engagement rows against the roles the pages check."""
    from pathlib import Path

    from parity.engagement.access import CHAIRS, OFFICERS, READERS

    doc = (Path(__file__).parents[2] / "docs" / "reference" / "roles.md").read_text()
    table = [[c.strip() for c in line.split("|")[1:-1]] for line in doc.splitlines() if line.startswith("| ")]
    header = next(cells for cells in table if cells[0] == "Pages")[1:]
    checked = {
        "The network's members; erasing one": READERS,
        "Advisory groups: adding them, vetting applications, members' roles, terms and declarations": OFFICERS,
        "A group's page, meetings, agenda, attendance, minutes and actions": (*OFFICERS, *CHAIRS),
    }
    for name, roles in checked.items():
        row = dict(zip(header, next(c for c in table if c[0] == name)[1:], strict=True))
        for role in Role:
            assert (row[role.label] != "no") == (role in roles), (name, role)


def test_parity_demo_makes_the_illustrative_groups_once() -> None:
    from parity.cli.demo import load_groups_example

    [made] = load_groups_example("wiltshire")
    assert "Illustrative advisory groups for Wiltshire (made-up people, labelled): 3 groups, 10 members" in made
    assert load_groups_example("wiltshire") == ["Illustrative advisory groups for Wiltshire: already held."]
    assert AdvisoryGroup.objects.filter(force__slug="wiltshire", illustrative=False).count() == 0
