from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "parity.victims"
    label = "victims"

    def ready(self) -> None:
        """The victims' and complaints' records held are part of the data version, so kept
        public pages refresh after an import (or an erasure)."""
        from parity.victims.published import held_version
        from parity.web import cache

        cache.register_held("victims", held_version)
        from parity.accounts import audit
        from parity.victims.models import AdvisorReview, ComplaintDraw

        audit.register(ComplaintDraw)
        audit.register(AdvisorReview, force="drawn.panel.force")
