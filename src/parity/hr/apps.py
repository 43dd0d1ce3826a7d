from django.apps import AppConfig


class HrConfig(AppConfig):
    """The force's internal workforce dashboard: figures from its own HR extract, for force
    roles only, every view audited. It sits above accounts (roles, audit) and below the
    workflows; the records and statistics it shows are `parity.workforce`'s."""

    name = "parity.hr"
    label = "hr"
    verbose_name = "Workforce dashboard"

    def ready(self) -> None:
        from parity.accounts import audit
        from parity.workforce.models import WorkforceTarget

        audit.register(WorkforceTarget)  # a target is a workflow record: every change kept
