"""What recording gives the scrutiny panels: a sampling rule and a case-pack section.

- Rule "negative-feedback", "Every stop with negative feedback": searches recorded in Parity
  where the person said, through a receipt, that they were not treated with respect, not
  told why, or were dissatisfied; feedback on the vehicle stop or stop and account that the
  search followed counts too, since it is the same encounter.
- Section "receipt-feedback": in a recorded search's case pack, everything the person said
  through the receipt (and on the stop it followed). Records imported from data.police.uk
  have no receipt, so the section is left out for them.

Registered from `RecordingConfig.ready()` through scrutiny's registries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from parity.accounts.models import User
from parity.powers.models import StopSearch
from parity.recording import presentation
from parity.recording.feedback import feedback_on, negative_stops
from parity.recording.models import Stop

RULE_KEY = "negative-feedback"
SECTION_KEY = "receipt-feedback"


def with_negative_feedback(records: QuerySet[StopSearch], params: Mapping[str, str]) -> QuerySet[StopSearch]:
    return records.filter(recorded_stop__in=negative_stops())


def receipt_feedback(record: StopSearch, viewer: User) -> dict[str, Any] | None:
    """The feedback rows for a recorded search, or None for a record with no receipt."""
    stop = Stop.objects.filter(stop_search=record).first()
    if stop is None:
        return None
    return {"rows": presentation.feedback_rows(feedback_on(stop).order_by("submitted_at", "id"))}


def register() -> None:
    from parity.scrutiny.casepack import register_section
    from parity.scrutiny.sampling import register_rule

    register_rule(
        RULE_KEY,
        "Every stop with negative feedback",
        "Searches where the person said, through their receipt, that they were not treated with respect, "
        "not told why they were stopped, or were dissatisfied. Only searches recorded in Parity have receipts.",
        with_negative_feedback,
    )
    register_section(
        SECTION_KEY,
        "What the person told us through their receipt",
        "recording/casepack_feedback.html",
        receipt_feedback,
        order=50,
    )
