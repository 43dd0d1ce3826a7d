"""The roles a person can hold in Parity, and the rules about what each role is scoped to.

Kept apart from the models so that views, the CLI, the API and the docs test can all read
the same facts without touching the database.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    FORCE_ADMIN = "force-admin", "Force administrator"
    ANALYST = "analyst", "Analyst"
    OFFICER = "officer", "Officer"
    SUPERVISOR = "supervisor", "Supervisor"
    PANEL_CHAIR = "panel-chair", "Panel chair"
    PANEL_MEMBER = "panel-member", "Panel member"
    ACTION_OWNER = "action-owner", "Action owner"
    BOARD_MEMBER = "board-member", "Board member"
    ENGAGEMENT_OFFICER = "engagement-officer", "Engagement officer"
    GROUP_CHAIR = "group-chair", "Advisory group chair"
    ADVISOR = "advisor", "Lived-experience advisor"


# Force staff handle personal data, so they must use a second factor (TOTP). An engagement
# officer sees the contact details of the community network and of young people's groups.
STAFF_ROLES: frozenset[Role] = frozenset(
    {Role.FORCE_ADMIN, Role.ANALYST, Role.OFFICER, Role.SUPERVISOR, Role.ENGAGEMENT_OFFICER}
)
# Held on one panel: the assignment names the panel, which must belong to the same force.
# Advisors sit on a complaints-review panel: vetted, trained, declared and termed like members.
PANEL_ROLES: frozenset[Role] = frozenset({Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.ADVISOR})
# Must sign in with a second factor (TOTP): force staff, panel chairs and members, who open
# case packs and body-worn-video logs (observers are panel members too), and advisors, who
# read complaint case files.
SECOND_FACTOR_ROLES: frozenset[Role] = STAFF_ROLES | PANEL_ROLES
# May name a team: an officer belongs to one, a supervisor must name the team they supervise.
TEAM_ROLES: frozenset[Role] = frozenset({Role.OFFICER, Role.SUPERVISOR})
TEAM_REQUIRED: frozenset[Role] = frozenset({Role.SUPERVISOR})

# One line each, shown when roles are granted; docs/reference/roles.md says more.
DESCRIPTIONS: dict[Role, str] = {
    Role.FORCE_ADMIN: "Adds people to the force, gives and removes their roles, reads the force's audit trail.",
    Role.ANALYST: "Works with the force's records and figures; checks receipt comments before anyone else reads them.",
    Role.OFFICER: "Records stops and sees their own records.",
    Role.SUPERVISOR: "Sees the records of the team they supervise.",
    Role.PANEL_CHAIR: "Runs one scrutiny panel: meetings, samples and reports.",
    Role.PANEL_MEMBER: "Reviews the case packs of one scrutiny panel.",
    Role.ACTION_OWNER: "Updates the actions they own in the force's action plan.",
    Role.BOARD_MEMBER: "Approves completed actions in the force's action plan.",
    Role.ENGAGEMENT_OFFICER: "Runs the community network, advisory groups and conversations; "
    "sees network members' contact details.",
    Role.GROUP_CHAIR: "Chairs an advisory group: its meetings, agenda, attendance, minutes and actions.",
    Role.ADVISOR: "Reviews closed complaints drawn for one complaints-review panel, in redacted case files.",
}


def parse_role(value: str) -> Role:
    """A role from its value ("panel-member") or label ("Panel member"), for the CLI and forms."""
    wanted = value.strip().lower().replace("_", "-").replace(" ", "-")
    for role in Role:
        if wanted in {role.value, role.label.lower().replace(" ", "-")}:
            return role
    choices = ", ".join(r.value for r in Role)
    raise ValueError(f"unknown role {value!r}; expected one of {choices}")
