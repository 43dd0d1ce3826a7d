from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "parity.scrutiny"
    label = "scrutiny"

    def ready(self) -> None:
        from parity.accounts import audit, scopes
        from parity.scrutiny import models as m
        from parity.scrutiny import sampling, sections

        scopes.register_panel_model(m.Panel)  # panel roles are held on panels
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
