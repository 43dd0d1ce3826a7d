"""The demonstration's fictional force and everything made up for it (part of `parity demo`).

Illustrative data never lands on a real force: the stop-and-search extract with grounds,
officers and body-worn video, the HR extract, the advisory groups, the victims' and
complaints' records, the action plan, the conversation and the demo accounts all belong to
one fictional force (reference.forces.FICTIONAL), named "(fictional)" wherever it shows and
left out of every national and compared figure. Each step is made once: running the demo
again changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from parity.cli.output import err
from parity.reference.forces import FICTIONAL

PANEL = "Stop and search scrutiny panel (fictional)"
PANEL_CHAIR_EMAIL = "illustrative.panel.chair@example.org"
ADVISOR_EMAIL = "illustrative.advisor@example.org"
BOARD_EMAIL = "illustrative.chair@example.org"  # the action plan's board chair (parity.actions.example)


def stop_search_example() -> list[str]:
    """The fictional force's own extract, made by code and imported through the normal importer."""
    from parity.powers.example import write_example
    from parity.powers.importing.pipeline import ingest
    from parity.reference.fictional import fictional_force

    fictional_force()  # the importer finds a file's force among those held
    err.print(f"Making and importing a fictional stop-and-search extract for {FICTIONAL.name}")
    report = ingest(write_example(settings.PARITY_HOME / "demo" / "fictional-stop-search"))
    for refused in report.refused:
        err.print(f"[bold]refused[/]: {refused.name}: {refused.message}")
    return [
        f"Fictional stop-and-search extract for {FICTIONAL.name} (grounds, officer pseudonyms, body-worn video; "
        f"made by code, in no published figure): {report.rows_read:,} records read, "
        f"{report.rows_imported:,} newly imported, {report.rows_unchanged:,} already held."
    ]


def scrutiny_panel() -> list[str]:
    """A stop-and-search panel whose illustrative chair can draw a sample from the extract."""
    from parity.accounts import audit
    from parity.reference.fictional import fictional_force
    from parity.scrutiny.models import Member, Panel
    from parity.scrutiny.services.members import add_member

    force = fictional_force()
    with audit.acting_as(label="command line (parity demo)"):
        panel, _ = Panel.objects.get_or_create(force=force, name=PANEL, defaults={"kind": Panel.Kind.STOP_AND_SEARCH})
        if not Member.objects.filter(panel=panel, user__email=PANEL_CHAIR_EMAIL).exists():
            add_member(panel, PANEL_CHAIR_EMAIL, Member.Role.CHAIR, full_name="Illustrative panel chair")
    return [f"Panel for {force.name}: {PANEL}, chaired by {PANEL_CHAIR_EMAIL}."]


def advisor() -> list[str]:
    """A lived-experience advisor on the fictional force's complaints-review panel."""
    from parity.accounts import audit
    from parity.reference.fictional import fictional_force
    from parity.scrutiny.models import Member, Panel
    from parity.scrutiny.services.members import add_member
    from parity.victims.example import ADVISORS_PANEL

    force = fictional_force()
    panel = Panel.objects.filter(force=force, name=ADVISORS_PANEL).first()
    if panel is None:
        return ["No complaints-review panel (the victims' table was not found), so no advisor account."]
    with audit.acting_as(label="command line (parity demo)"):
        if not Member.objects.filter(panel=panel, user__email=ADVISOR_EMAIL).exists():
            add_member(panel, ADVISOR_EMAIL, Member.Role.MEMBER, full_name="Illustrative advisor")
    return [f"Lived-experience advisor on {ADVISORS_PANEL}: {ADVISOR_EMAIL}."]


def action_plan(today: date) -> list[str]:
    """The illustrative action plan (with its community conversation and "you said, we did")."""
    from parity.actions.example import load_example
    from parity.actions.models import Source
    from parity.cli.actions import last_quarter
    from parity.reference.fictional import fictional_force

    force = fictional_force()
    if Source.objects.filter(force=force, illustrative=True).exists():
        return [f"Illustrative action plan for {force.name}: already held."]
    err.print(f"Working the illustrative action plan through a quarter for {force.name}")
    outcome = load_example(force, quarter=last_quarter(today), today=today)
    return [
        f"Illustrative action plan for {force.name}: {outcome.updates} updates, {outcome.approvals} completions "
        f"approved, {len(outcome.packs)} steering-group packs; board chair {BOARD_EMAIL}. "
        f"See /actions/{force.slug}/."
    ]


def conversation() -> list[str]:
    """An illustrative conversation taking registrations, with points the facilitator noted."""
    from parity.accounts.models import User
    from parity.engagement import conversation_example
    from parity.engagement.group_example import OFFICER_EMAIL
    from parity.reference.fictional import fictional_force

    force = fictional_force()
    made = conversation_example.load(force, by=User.objects.filter(email=OFFICER_EMAIL).first())
    if not made.registrations:
        return [f"Illustrative conversation for {force.name}: already held."]
    return [
        f"Illustrative conversation for {force.name} (made-up people, labelled): {made.registrations} "
        f"registrations, {made.points} points noted. See /engagement/{force.slug}/."
    ]
