from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "parity.actions"
    label = "actions"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from parity.accounts import audit
        from parity.actions import models

        # Every change to the register is kept, field by field (the "full history").
        for top in (models.Source, models.Recommendation, models.Action):
            audit.register(top)
        audit.register(models.Snapshot, exclude=("data",))  # the whole register: too big for each row
        for part in (models.Milestone, models.Evidence, models.Measure, models.Update, models.Decision):
            audit.register(part, force="action.force")
        # The rendered report is kept whole in the row; its digest is enough for the trail.
        audit.register(models.Report, exclude=("html", "pdf"))
