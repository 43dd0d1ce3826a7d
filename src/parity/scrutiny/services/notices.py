"""Who a panel's work needs next, told through `parity.accounts.notices`.

- Panel chairs and members who give verdicts: cases drawn for their review (advisors:
  complaints drawn for theirs).
- A new member: the panel and role they were added to.
- The force's staff who answer for it (`access.ANSWERERS` in the panel's force): a request
  for body-worn video, a finding referred to the force, and each day (`remind`, the
  `remind-answers-due` job) a finding due within a week or overdue, and asked-for video
  about to be deleted.

The person who acted is not told of their own act. Notices name the panel, the meeting and
the case number, never what a record says: the page does that, for those entitled.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from parity.accounts import notices
from parity.accounts.models import Notice, User
from parity.accounts.roles import Role
from parity.presentation.formatting import counted, govuk_date
from parity.scrutiny import access
from parity.scrutiny.models import BwvRequest, Finding, Meeting, Member, Panel

SOON = dt.timedelta(days=7)


def _panel(panel: Panel) -> str:
    return f"the {panel.name} of {panel.force.name}"


def _opening(panel: Panel) -> str:
    return f"The {panel.name} of {panel.force.name}"


def reviewers(panel: Panel, *, leaving_out: User | None = None) -> list[User]:
    """The panel's chairs and members who give verdicts (observers do not)."""
    people = notices.holders(access.PANEL_PEOPLE, panel=panel, leaving_out=[leaving_out])
    return [person for person in people if access.can_review(person, panel)]


def cases_drawn(meeting: Meeting, count: int, *, by: User | None = None) -> list[Notice]:
    panel = meeting.panel
    them = "it waits" if count == 1 else "they wait"
    text = (
        f"{_opening(panel)} has drawn {counted(count, 'case')} for its meeting on "
        f"{govuk_date(meeting.held_on)}: {them} for your review."
    )
    link = reverse("scrutiny:meeting", kwargs={"meeting_id": meeting.pk})
    return notices.tell(reviewers(panel, leaving_out=by), Notice.Kind.CASES_TO_REVIEW, text, link, force=panel.force_id)


def complaints_drawn(panel: Panel, count: int, link: str, *, by: User | None = None) -> list[Notice]:
    """Complaints drawn for a complaints-review panel's advisors (their pages are the victims
    workflow's, which gives the link)."""
    text = f"{_opening(panel)} has drawn {counted(count, 'closed complaint')} for advisors to review."
    people = notices.holders([*access.PANEL_PEOPLE, *access.ADVISORS], panel=panel, leaving_out=[by])
    return notices.tell(people, Notice.Kind.CASES_TO_REVIEW, text, link, force=panel.force_id)


def member_added(member: Member, role: Role) -> list[Notice]:
    """`role` is the one membership gave them (`members.role_for`)."""
    panel = member.panel
    places = {Member.Role.CHAIR.value: "its chair", Member.Role.OBSERVER.value: "an observer"}
    place = places.get(str(member.role), "a member")
    text = f"You have been added to {_panel(panel)} as {place}, with the role {role.label.lower()}."
    if role in access.ADVISORS:
        link = reverse("victims:advisors-panel", kwargs={"panel_id": panel.pk})
    else:
        link = reverse("scrutiny:panel", kwargs={"panel_id": panel.pk})
    return notices.tell([member.user], Notice.Kind.ADDED_TO_PANEL, text, link, force=panel.force_id)


def _answerers(panel: Panel, *, leaving_out: User | None = None) -> list[User]:
    return notices.holders(access.ANSWERERS, force=panel.force_id, leaving_out=[leaving_out])


def _video_link(bwv: BwvRequest) -> str:
    return reverse("scrutiny:video", kwargs={"case_id": bwv.case_id})


def video_requested(bwv: BwvRequest, *, by: User | None = None) -> list[Notice]:
    case = bwv.case
    panel = case.panel
    would = "would have been" if bwv.retention_ends_on < timezone.localdate() else "would be"
    text = (
        f"{_opening(panel)} asks whether body-worn video exists of case {case.number} for its meeting "
        f"on {govuk_date(case.sample.meeting.held_on)}. Footage not kept as evidence {would} deleted on "
        f"{govuk_date(bwv.retention_ends_on)}."
    )
    people = _answerers(panel, leaving_out=by)
    return notices.tell(people, Notice.Kind.VIDEO_REQUESTED, text, _video_link(bwv), force=panel.force_id)


def _finding_link(finding: Finding) -> str:
    return reverse("scrutiny:finding", kwargs={"finding_id": finding.pk})


def finding_raised(finding: Finding, *, by: User | None = None) -> list[Notice]:
    panel = finding.panel
    text = f"{_opening(panel)} has referred a finding to the force: its answer is due by {govuk_date(finding.due_on)}."
    people = _answerers(panel, leaving_out=by)
    return notices.tell(people, Notice.Kind.FINDING_RAISED, text, _finding_link(finding), force=panel.force_id)


def remind(on: dt.date | None = None) -> int:
    """The daily reminders to the force: findings due within a week and findings overdue
    (each once a person), and asked-for video deleted within a week with no answer yet.
    Returns how many notices were given."""
    day = on or timezone.localdate()
    made = 0
    open_findings = Finding.objects.filter(response__isnull=True, due_on__lte=day + SOON).select_related("panel__force")
    for finding in open_findings.order_by("due_on", "pk"):
        panel = finding.panel
        if finding.due_on < day:
            kind, key = Notice.Kind.FINDING_OVERDUE, f"finding-overdue:{finding.pk}"
            text = (
                f"The force's answer to a finding of {_panel(panel)} was due on {govuk_date(finding.due_on)}: "
                "it is overdue."
            )
        else:
            kind, key = Notice.Kind.FINDING_DUE, f"finding-due:{finding.pk}"
            text = f"The force's answer to a finding of {_panel(panel)} is due by {govuk_date(finding.due_on)}."
        made += len(notices.tell(_answerers(panel), kind, text, _finding_link(finding), force=panel.force_id, key=key))
    asked = BwvRequest.objects.filter(
        status=BwvRequest.Status.REQUESTED, retention_ends_on__gte=day, retention_ends_on__lte=day + SOON
    ).select_related("case__panel__force")
    for bwv in asked.order_by("retention_ends_on", "pk"):
        panel = bwv.case.panel
        text = (
            f"Body-worn video of case {bwv.case.number}, asked for by {_panel(panel)}, would be deleted on "
            f"{govuk_date(bwv.retention_ends_on)}: the panel is still waiting to hear whether it exists."
        )
        made += len(
            notices.tell(
                _answerers(panel),
                Notice.Kind.VIDEO_DUE,
                text,
                _video_link(bwv),
                force=panel.force_id,
                key=f"video-due:{bwv.pk}",
            )
        )
    return made
