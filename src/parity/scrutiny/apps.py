from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

if TYPE_CHECKING:
    from parity.accounts.models import RoleAssignment


class ScrutinyConfig(AppConfig):
    name = "parity.scrutiny"
    label = "scrutiny"

    def ready(self) -> None:
        from parity.accounts import audit, scopes
        from parity.scrutiny import models as m
        from parity.scrutiny import sampling, sections, use_of_force

        scopes.register_panel_model(m.Panel)  # panel roles are held on panels
        scopes.register_ended_roles(_membership_ended)
        scopes.register_role_wording(_observer_wording)
        audit.register(m.Panel)
        audit.register(m.Member)
        audit.register(m.Declaration, force="member.panel.force")
        audit.register(m.Meeting)
        audit.register(m.Attendance, force="meeting.panel.force")
        audit.register(m.Sample, exclude=("makeup", "allocation_shares"), force="meeting.panel.force")
        audit.register(m.Case, exclude=("snapshot",))
        audit.register(m.BwvRequest, force="case.panel.force")
        audit.register(m.BwvViewing, force="bwv.case.panel.force")
        audit.register(m.Review, exclude=("updated_at",), force="case.panel.force")
        audit.register(m.Finding)
        audit.register(m.ForceResponse, force="finding.panel.force")
        audit.register(m.Report, exclude=("content",))
        assert sampling.rules()  # the built-in rules register when the module loads
        sections.register_built_in_sections()
        use_of_force.register_rules()


OBSERVER_WORDING = (
    "Panel observer",
    "Reads the case packs of one scrutiny panel and comes to its meetings, but does not give verdicts.",
)


def _observer_wording(assignment: RoleAssignment) -> tuple[str, str] | None:
    """An observer holds the panel member role, to read case packs, but is not a member:
    their roles are named as what they are."""
    from parity.accounts.roles import Role
    from parity.scrutiny.models import Member

    if assignment.role != Role.PANEL_MEMBER or not assignment.panel_id:
        return None
    observer = Member.objects.filter(
        panel_id=assignment.panel_id, user_id=assignment.user_id, role=Member.Role.OBSERVER
    ).exists()
    return OBSERVER_WORDING if observer else None


def _membership_ended() -> Q:
    """A panel role whose membership has ended (term over, or left) counts for nothing from
    that day, before the daily job that revokes it has run."""
    from parity.scrutiny.models import Member

    today = timezone.localdate()
    ended = Member.objects.filter(panel_id=OuterRef("panel_id"), user_id=OuterRef("user_id")).filter(
        Q(left_on__lte=today) | Q(term_ends_on__lt=today)
    )
    return Q(Exists(ended))
