"""Meetings: arranging them, taking attendance, writing up minutes and the public summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from parity.scrutiny.models import Attendance, Meeting, Member, Panel


def create_meeting(panel: Panel, held_on: dt.date, *, place: str = "", agenda: str = "") -> Meeting:
    return Meeting.objects.create(panel=panel, held_on=held_on, place=place.strip(), agenda=agenda.strip())


def update_meeting(meeting: Meeting, **fields: object) -> Meeting:
    """Change the date, place, agenda, minutes or public summary."""
    allowed = {"held_on", "place", "agenda", "minutes", "public_summary"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"a meeting has no {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.save()
    return meeting


def attendees(meeting: Meeting) -> list[Member]:
    """The members who could have come: on the panel on the day of the meeting."""
    members = Member.objects.filter(panel=meeting.panel).select_related("user")
    return [m for m in members if m.joined_on <= meeting.held_on and m.is_current(meeting.held_on)]


@transaction.atomic
def record_attendance(meeting: Meeting, statuses: Mapping[int, str]) -> None:
    """Attendance by member id; a member left out keeps what was recorded before."""
    known = {m.pk: m for m in Member.objects.filter(panel=meeting.panel)}
    for member_id, status in statuses.items():
        if member_id not in known:
            raise ValueError(f"member {member_id} is not on the panel")
        row = Attendance.objects.filter(meeting=meeting, member_id=member_id).first()
        if row is None:
            Attendance.objects.create(meeting=meeting, member=known[member_id], status=status)
        elif row.status != status:
            row.status = status
            row.save()
