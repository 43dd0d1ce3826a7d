"""Action references are unique within a plan whatever the source, and never suggest that an
action belongs to another source's recommendation of the same name."""

from __future__ import annotations

import pytest

from parity.actions import register
from parity.reference.models import Force

pytestmark = pytest.mark.django_db


def test_a_second_source_with_the_same_recommendation_reference_numbers_its_actions_apart() -> None:
    force = Force.objects.get(slug="wiltshire")
    panel = register.add_source(force, kind="local-research", reference="PANEL-26", title="Panel findings (test)")
    review = register.add_source(force, kind="local-research", reference="REVIEW-26", title="A review (test)")
    first = register.add_recommendation(panel, reference="F1", text="Record grounds.", theme="stop-and-search")
    assert register.add_action(first, title="Brief officers").reference == "F1.1"
    again = register.add_recommendation(review, reference="F1", text="Offer receipts.", theme="stop-and-search")
    made = [register.add_action(again, title=f"Step {n}").reference for n in (1, 2)]
    assert made == ["REVIEW-26 F1.1", "REVIEW-26 F1.2"]
    assert register.add_action(first, title="Check records").reference == "F1.2"
