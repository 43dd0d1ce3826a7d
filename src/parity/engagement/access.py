"""Who works on a force's community engagement, checked on the server for every page.

- Board members and action owners of the force (the action plan's readers) record events,
  feedback and themes, as before.
- An engagement officer runs the community network, the advisory groups and the
  conversations: the only role that sees the contact details of network members and of
  young people in advisory groups, and the one that vets applications to the groups.
- A group chair holds the group-chair role in the force *and* is the chair of the group in
  its membership record (their term not over): they run that group's meetings and no other.
"""

from __future__ import annotations

from parity.accounts.permissions import forces_for
from parity.accounts.roles import Role
from parity.actions.access import READERS as PLAN_READERS
from parity.reference.models import Force

OFFICERS = (Role.ENGAGEMENT_OFFICER,)
READERS = (*PLAN_READERS, *OFFICERS)
CHAIRS = (Role.GROUP_CHAIR,)


def engagement_forces(user: object) -> list[Force]:
    """The forces whose engagement pages this person may open."""
    return list(forces_for(user, *READERS).order_by("name"))  # type: ignore[arg-type]
