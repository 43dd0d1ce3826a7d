from __future__ import annotations

from django.apps import AppConfig
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


class ScrutinyConfig(AppConfig):
    name = "parity.scrutiny"
    label = "scrutiny"

    def ready(self) -> None:
        from parity.accounts import audit, scopes
        from parity.scrutiny import models as m
        from parity.scrutiny import sampling, sections, use_of_force

        scopes.register_panel_model(m.Panel)  # panel roles are held on panels
        scopes.register_ended_roles(_membership_ended)
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


def _membership_ended() -> Q:
    """A panel role whose membership has ended (term over, or left) counts for nothing from
    that day, before the daily job that revokes it has run."""
    from parity.scrutiny.models import Member

    today = timezone.localdate()
    ended = Member.objects.filter(panel_id=OuterRef("panel_id"), user_id=OuterRef("user_id")).filter(
        Q(left_on__lte=today) | Q(term_ends_on__lt=today)
    )
    return Q(Exists(ended))
