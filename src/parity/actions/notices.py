"""Who the action plan needs next, told through `parity.accounts.notices`: an owner when an
action is given to them and when the board decides on it, the board when an owner asks for
sign-off. The person who acted is not told of their own act. Notices name the action by its
reference and title, which everyone told may already read in the register."""

from __future__ import annotations

from django.urls import reverse

from parity.accounts import notices
from parity.accounts.models import Notice, User
from parity.actions.access import BOARD
from parity.actions.models import Action, Decision, DecisionKind


def _link(action: Action) -> str:
    return reverse("actions:action", kwargs={"force": action.force.slug, "pk": action.pk})


def _named(action: Action) -> str:
    return f"action {action.reference} “{action.title}” in {action.force.name}'s action plan"


def owner_given(action: Action, before: int | None = None) -> list[Notice]:
    """Tell the owner, if the action has one now that it did not have before (`before`, the
    previous owner's id)."""
    if action.owner is None or action.owner_id == before:
        return []
    text = f"You are now the owner of {_named(action)}: you write its updates and add its evidence."
    return notices.tell([action.owner], Notice.Kind.ACTION_ASSIGNED, text, _link(action), force=action.force_id)


def sign_off_asked(action: Action, *, by: User | None = None) -> list[Notice]:
    text = f"The owner of {_named(action)} asks the board to sign it off as complete."
    people = notices.holders(BOARD, force=action.force_id, leaving_out=[by, action.owner])
    return notices.tell(people, Notice.Kind.SIGN_OFF_ASKED, text, _link(action), force=action.force_id)


DECIDED = {
    DecisionKind.APPROVED: "The board approved {named} as complete.",
    DecisionKind.RETURNED: "The board returned {named} to you: its page says what is still needed.",
    DecisionKind.CLOSED: "The board closed {named} without completion: its page says why.",
}


def sign_off_decided(decision: Decision) -> list[Notice]:
    action = decision.action
    if action.owner is None or action.owner_id == decision.decided_by_id:
        return []
    text = DECIDED[DecisionKind(decision.kind)].format(named=_named(action))
    return notices.tell([action.owner], Notice.Kind.SIGN_OFF_DECIDED, text, _link(action), force=action.force_id)
