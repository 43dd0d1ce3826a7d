from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "parity.victims"
    label = "victims"

    def ready(self) -> None:
        from parity.accounts import audit
        from parity.victims.models import AdvisorReview, ComplaintDraw

        audit.register(ComplaintDraw)
        audit.register(AdvisorReview, force="drawn.panel.force")
