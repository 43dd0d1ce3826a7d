"""Once the panel has decided a case, a member's review of it is read-only: the page shows the
review they gave, with no form, and a review sent afterwards (a page left open) is refused,
audited, and changes nothing."""

from __future__ import annotations

import pytest

from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.roles import Role
from parity.reference.models import Force
from parity.scrutiny.models import Member, Panel, Review
from parity.scrutiny.services import reviews
from tests.pagecheck import CheckedClient, text
from tests.roles import sign_in_second_factor
from tests.scrutiny.helpers import build

pytestmark = pytest.mark.django_db

SENT = {
    "verdict": "Grounds not reasonable",
    "conduct": "serious-concerns",
    "explanation_given": "no",
    "receipt_offered": "no",
    "observations": "Changed after the decision.",
    "refer": "yes",
}


def test_a_review_after_the_decision_is_read_only_and_a_late_post_is_refused(client: CheckedClient) -> None:
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="Decided panel", kind=Panel.Kind.STOP_AND_SEARCH)
    records = build(panel)
    member = User.objects.create_user("reviewer@decided.test")
    Member.objects.create(panel=panel, user=member, role=Member.Role.MEMBER)
    RoleAssignment.objects.create(user=member, role=Role.PANEL_MEMBER, force=wiltshire, panel=panel)
    client.force_login(member)
    sign_in_second_factor(client, member)
    case = records.case
    before = SENT | {"verdict": "Grounds reasonable", "conduct": "good", "refer": "no"}
    before["observations"] = "Clear grounds."
    open_form = client.get(f"/scrutiny/cases/{case.pk}/review").page
    assert open_form.select_one("form input[name=verdict]") is not None
    assert client.post(f"/scrutiny/cases/{case.pk}/review", before).status_code == 302

    reviews.decide(case, reviews.Decision(verdict="Grounds reasonable", refer=False))

    page = client.get(f"/scrutiny/cases/{case.pk}/review").page
    assert page.select("form input[name=verdict]") == [] and page.select("textarea") == []
    assert "reviews can no longer change" in text(page.select_one("#review-closed"))
    shown = text(page.select_one("#your-review"))
    assert "Grounds reasonable" in shown and "Clear grounds." in shown and "Good" in shown

    late = client.post(f"/scrutiny/cases/{case.pk}/review", SENT)
    assert late.status_code == 302 and late["Location"] == f"/scrutiny/cases/{case.pk}/review"
    saved = Review.objects.get(case=case, reviewer=member)
    assert (saved.verdict, saved.observations, saved.refer) == ("Grounds reasonable", "Clear grounds.", False)
    refusal = AuditEvent.objects.filter(actor=member, allowed=False).latest("pk")
    assert "already decided" in refusal.summary and refusal.force_id == wiltshire.pk
    message = text(client.get(late["Location"]).page.select_one(".govuk-notification-banner, .govuk-error-summary"))
    assert "already decided case 1" in message


def test_a_member_who_did_not_review_before_the_decision_cannot_add_one(client: CheckedClient) -> None:
    wiltshire = Force.objects.get(slug="wiltshire")
    panel = Panel.objects.create(force=wiltshire, name="Late panel", kind=Panel.Kind.STOP_AND_SEARCH)
    records = build(panel)
    member = User.objects.create_user("late@decided.test")
    Member.objects.create(panel=panel, user=member, role=Member.Role.MEMBER)
    RoleAssignment.objects.create(user=member, role=Role.PANEL_MEMBER, force=wiltshire, panel=panel)
    client.force_login(member)
    sign_in_second_factor(client, member)
    reviews.decide(records.case, reviews.Decision(verdict="Grounds unclear", refer=False))
    page = client.get(f"/scrutiny/cases/{records.case.pk}/review").page
    assert "You did not review it before the decision" in text(page.select_one("#review-closed"))
    assert client.post(f"/scrutiny/cases/{records.case.pk}/review", SENT).status_code == 302
    assert not Review.objects.filter(case=records.case, reviewer=member).exists()
