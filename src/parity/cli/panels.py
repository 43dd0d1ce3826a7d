"""`parity panel ...`: set up scrutiny panels, their members and meetings, and draw samples.

The web pages do all of this too; the commands are for setting a panel up in bulk, for
scripts, and for `parity panel expire` (which `parity worker` runs nightly). Everything they
change is written to the audit trail as done from the command line.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click
from rich.table import Table

from parity.cli.db import command_line
from parity.cli.output import FORMAT_OPTION, UsageProblem, fail, out, print_json
from parity.cli.users import _check_email, _force, _panel, _password_or_link

KINDS = ("stop-and-search", "use-of-force", "out-of-court-disposals", "youth", "complaints")


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, such as 2026-11-21") from None


def _meeting(meeting_id: int) -> Any:
    from parity.scrutiny.models import Meeting

    meeting = Meeting.objects.select_related("panel__force").filter(pk=meeting_id).first()
    if meeting is None:
        raise UsageProblem(f"--meeting {meeting_id} is not a meeting; `parity panel list` shows each panel's meetings")
    return meeting


@click.group()
def panel() -> None:
    """Scrutiny panels: set them up, add members and meetings, and choose cases."""


@panel.command("add")
@click.argument("name")
@click.option("--force", "force_slug", required=True, help="The force the panel scrutinises (data.police.uk slug).")
@click.option("--kind", type=click.Choice(KINDS), default="stop-and-search", show_default=True)
def add(name: str, force_slug: str, kind: str) -> None:
    """Set up a panel called NAME in a force."""
    from django.core.exceptions import ValidationError

    from parity.scrutiny.services.members import create_panel

    with command_line():
        force = _force(force_slug)
        try:
            made = create_panel(force, name, kind)
        except ValidationError as error:
            fail(error)
    out.print(f"Set up the panel {made.name!r} in {force.name} (id {made.pk}).")


@panel.command("list")
@click.option("--force", "force_slug", help="Only this force's panels.")
@FORMAT_OPTION
def list_panels(force_slug: str | None, fmt: str) -> None:
    """List panels, with their members and meetings."""
    from parity.scrutiny.models import Panel

    with command_line():
        panels = Panel.objects.select_related("force").prefetch_related("members__user", "meetings")
        if force_slug:
            panels = panels.filter(force=_force(force_slug))
        rows: list[dict[str, Any]] = [
            {
                "id": p.pk,
                "name": p.name,
                "force": p.force.slug,
                "kind": p.kind,
                "members": [
                    {"email": m.user.email, "role": m.role, "current": m.is_current()} for m in p.members.all()
                ],
                "meetings": [{"id": m.pk, "held_on": m.held_on.isoformat()} for m in p.meetings.all()],
            }
            for p in panels
        ]
    if fmt == "json":
        print_json({"panels": rows})
        return
    if not rows:
        out.print("No panels yet. Set one up with `parity panel add NAME --force SLUG`.")
        return
    table = Table(title="Panels")
    for column in ("Id", "Panel", "Force", "Members", "Meetings (id: date)"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["name"],
            row["force"],
            "\n".join(f"{m['email']} ({m['role']}{'' if m['current'] else ', former'})" for m in row["members"])
            or "none",
            "\n".join(f"{m['id']}: {m['held_on']}" for m in row["meetings"]) or "none",
        )
    out.print(table)


@panel.command("add-member")
@click.argument("email")
@click.option("--panel", "panel_name", required=True, help="The panel's name.")
@click.option("--force", "force_slug", help="The panel's force, if several forces have a panel of that name.")
@click.option("--role", type=click.Choice(["chair", "member", "observer"]), default="member", show_default=True)
@click.option("--name", "full_name", default="", help="Their full name, for a new account.")
@click.option("--vetted", help="When police vetting was granted (YYYY-MM-DD).")
@click.option("--vetting-expires", help="When police vetting expires (YYYY-MM-DD).")
@click.option("--trained", help="When they completed the panel's training (YYYY-MM-DD).")
@click.option("--term-ends", help="When their term ends (YYYY-MM-DD).")
@click.option("--password-stdin", is_flag=True, help="Read a password from standard input instead of e-mailing a link.")
def add_member(
    *,
    email: str,
    panel_name: str,
    force_slug: str | None,
    role: str,
    full_name: str,
    vetted: str | None,
    vetting_expires: str | None,
    trained: str | None,
    term_ends: str | None,
    password_stdin: bool,
) -> None:
    """Put EMAIL on a panel (making their account if needed); they get the panel role that
    goes with their membership: panel chair for a chair, panel member otherwise."""
    from django.core.exceptions import ValidationError

    from parity.scrutiny.services.members import MemberDates
    from parity.scrutiny.services.members import add_member as add

    dates = MemberDates(
        vetted_on=_date(vetted, "--vetted"),
        vetting_expires_on=_date(vetting_expires, "--vetting-expires"),
        trained_on=_date(trained, "--trained"),
        term_ends_on=_date(term_ends, "--term-ends"),
    )
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    with command_line():
        found = _panel(panel_name, _force(force_slug))
        _check_email(email)
        try:
            member, _ = add(found, email, role, full_name=full_name, dates=dates)
        except ValidationError as error:
            fail(error)
        out.print(f"Added {member.user.email} to {found.name} as {member.get_role_display().lower()}.")
        _password_or_link(member.user, password)


@panel.command("add-meeting")
@click.option("--panel", "panel_name", required=True, help="The panel's name.")
@click.option("--force", "force_slug", help="The panel's force, if several forces have a panel of that name.")
@click.option("--date", "held_on", required=True, help="The date of the meeting (YYYY-MM-DD).")
@click.option("--place", default="", help="Where: a room, or 'online'.")
def add_meeting(panel_name: str, force_slug: str | None, held_on: str, place: str) -> None:
    """Arrange a panel meeting; prints its id, for `parity panel sample --meeting`."""
    from parity.scrutiny.services.meetings import create_meeting

    day = _date(held_on, "--date")
    assert day is not None
    with command_line():
        meeting = create_meeting(_panel(panel_name, _force(force_slug)), day, place=place)
    out.print(f"Arranged the meeting on {day:%-d %B %Y} (id {meeting.pk}).")


@panel.command("rules")
@FORMAT_OPTION
def list_rules(fmt: str) -> None:
    """List the sampling rules, with the key `parity panel sample --rule` takes."""
    from parity.scrutiny.sampling import rules

    if fmt == "json":
        print_json(
            {
                "rules": [
                    {"key": r.key, "label": r.label, "description": r.description, "kind": r.kind,
                     "params": [p.name for p in r.params]}
                    for r in rules()
                ]
            }
        )  # fmt: skip
        return
    table = Table(title="Sampling rules")
    for column in ("Key", "Rule", "What it chooses"):
        table.add_column(column, overflow="fold")
    for rule in rules():
        params = "".join(f" (--param {p.name}=...)" for p in rule.params)
        table.add_row(rule.key, rule.label, rule.description + params)
    out.print(table)


@panel.command("sample")
@click.option("--meeting", "meeting_id", type=int, required=True, help="The meeting's id (`parity panel list`).")
@click.option("--rule", "rule_key", default="random", show_default=True, help="A key from `parity panel rules`.")
@click.option("--from", "start", required=True, help="First day of the searches to choose from (YYYY-MM-DD).")
@click.option("--to", "end", required=True, help="Last day of the searches to choose from (YYYY-MM-DD).")
@click.option("--size", type=click.IntRange(1, 200), default=10, show_default=True, help="How many cases.")
@click.option("--seed", type=click.IntRange(1, 2**31 - 1), help="Repeat an earlier sample: give its seed.")
@click.option("--equal", is_flag=True, help="Stratified rules: the same number from each group.")
@click.option("--param", "params", multiple=True, help="A rule's value, as NAME=VALUE (e.g. officer=OFF-ABCD1234).")
@FORMAT_OPTION
def sample(
    *,
    meeting_id: int,
    rule_key: str,
    start: str,
    end: str,
    size: int,
    seed: int | None,
    equal: bool,
    params: tuple[str, ...],
    fmt: str,
) -> None:
    """Choose cases for a meeting by a sampling rule. Exit status: 0 chosen, 1 nothing to
    choose from (the message says why), 2 usage error."""
    from parity.scrutiny.sampling import EmptySelection, UnknownRule, get_rule
    from parity.scrutiny.services.samples import MeetingFull, SampleRequest, draw_sample

    try:
        get_rule(rule_key)
    except UnknownRule:
        raise UsageProblem(f"--rule {rule_key!r} is not a sampling rule; `parity panel rules` lists them") from None
    given: dict[str, str] = {}
    for pair in params:
        name, equals, value = pair.partition("=")
        if not equals:
            raise UsageProblem(f"--param {pair!r}: write it as NAME=VALUE")
        given[name.strip()] = value.strip()
    first, last = _date(start, "--from"), _date(end, "--to")
    assert first is not None and last is not None
    if last < first:
        raise UsageProblem("--to is before --from")
    with command_line():
        meeting = _meeting(meeting_id)
        wanted = SampleRequest(
            rule_key, first, last, size, given, seed, allocation="equal" if equal else "proportional"
        )
        try:
            drawn = draw_sample(meeting, wanted)
        except (EmptySelection, MeetingFull) as refused:
            raise click.ClickException(str(refused)) from None
        cases = list(drawn.cases.order_by("number"))
    if fmt == "json":
        print_json(
            {
                "sample": drawn.pk,
                "seed": drawn.seed,
                "selected": drawn.selected,
                "cases": [
                    {"id": c.pk, "number": c.number, "record": c.record_id, "use_of_force": c.use_of_force_id}
                    for c in cases
                ],
            }
        )
        return
    out.print(
        f"Chose {len(cases)} of {drawn.selected:,} records by {drawn.rule_label!r} for {meeting} "
        f"(sample {drawn.pk}, seed {drawn.seed}). Case ids: {', '.join(str(c.pk) for c in cases)}."
    )


@panel.command("expire")
def expire() -> None:
    """Take panel access from members who have left or whose term has ended; run it daily."""
    from parity.scrutiny.services.members import expire_memberships

    with command_line():
        changed = expire_memberships()
    for member in changed:
        out.print(f"{member.user.email} no longer has access to {member.panel.name}.")
    out.print(f"{len(changed)} {'membership' if len(changed) == 1 else 'memberships'} ended.")


COMMANDS = [panel]
