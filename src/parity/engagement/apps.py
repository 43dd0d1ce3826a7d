from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from parity.recording.models import Feedback as ReceiptFeedback


class EngagementConfig(AppConfig):
    name = "parity.engagement"
    label = "engagement"
    verbose_name = "Community engagement"

    def ready(self) -> None:
        from parity.accounts import audit
        from parity.actions import report_sections
        from parity.engagement import example, network
        from parity.engagement.models import Event, Feedback, NetworkUpdate, Response, Theme
        from parity.engagement.you_said import entries
        from parity.recording.moderation import comment_approved

        for model in (Event, Theme, Feedback, Response):
            audit.register(model)
        network.register_audit()
        from parity.engagement import conversations

        conversations.register_audit()
        audit.register(NetworkUpdate)
        # "You said, we did" in the action-plan reports, which may not import engagement.
        report_sections.register_section(
            "you_said", "engagement/report_you_said.html", lambda force, public: entries(force, public=public)
        )
        example.register()
        from parity.engagement.models import ReviewDecision, ReviewSession, ThemeSuggestion

        audit.register(ThemeSuggestion)
        audit.register(ReviewSession)
        audit.register(ReviewDecision)
        # Receipt comments join the force's feedback once approved, to be themed and answered.
        comment_approved.connect(_take_receipt_comment, dispatch_uid="engagement-receipt-comments")
        # Advisory groups: every change audited, personal details redacted.
        from parity.engagement import groups

        groups.register_audit()
        from parity.engagement import moderation

        moderation.register_audit()


def _take_receipt_comment(sender: object, feedback: ReceiptFeedback, **kwargs: object) -> None:
    from parity.engagement.services import add_receipt_comment

    add_receipt_comment(feedback)
