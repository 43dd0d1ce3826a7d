from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "parity.engagement"
    label = "engagement"
    verbose_name = "Community engagement"

    def ready(self) -> None:
        from parity.accounts import audit
        from parity.engagement.models import Event, Feedback, Response, Theme

        for model in (Event, Theme, Feedback, Response):
            audit.register(model)
