"""`parity user ...` and `parity audit verify`: people, roles, API tokens and the audit trail.

Everything a command changes is written to the audit trail as done from the command line
by the operating-system user who ran it. Passwords never go on the command line: a new
person gets an e-mailed one-time link, or the password is read from standard input.
"""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from parity.cli.db import command_line, ensure_database
from parity.cli.output import FORMAT_OPTION, UsageProblem, err, fail, out, print_json


def _force(slug: str | None) -> Any:
    from parity.reference.models import Force

    if slug is None:
        return None
    force = Force.objects.filter(slug=slug).first()
    if force is None:
        raise UsageProblem(f"--force {slug!r} is not a force; use a data.police.uk slug such as 'west-midlands'")
    return force


def _panel(name: str, force: Any) -> Any:
    from parity.scrutiny.models import Panel

    panels = Panel.objects.filter(name__iexact=name.strip()).select_related("force")
    if force is not None:
        panels = panels.filter(force=force)
    found = list(panels)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        forces = ", ".join(p.force.slug for p in found)
        raise UsageProblem(f"--panel {name!r} is the name of panels in several forces ({forces}); add --force")
    known = Panel.objects.filter(force=force) if force is not None else Panel.objects.none()
    listed = ", ".join(repr(p.name) for p in known) or "none yet"
    raise UsageProblem(f"--panel {name!r} is not a panel{f' in {force.name}' if force else ''}; panels there: {listed}")


def _user(email: str) -> Any:
    from parity.accounts.models import User

    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        raise click.ClickException(f"no account has the e-mail address {email}")
    return user


def _check_email(email: str) -> None:
    """Refuse (exit 2) an address that is not one, before anything is made for it."""
    from django.core.exceptions import ValidationError

    from parity.accounts import services

    try:
        services.normalise_email(email)
    except ValidationError:
        raise UsageProblem(f"{email!r} is not an e-mail address") from None


def _password_or_link(person: Any, password: str | None) -> None:
    """Set the password read from standard input, or e-mail a person with none a link to set one."""
    from django.conf import settings
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from parity.accounts import services

    if password is not None:
        try:
            validate_password(password, person)
        except ValidationError as error:
            fail(error)
        person.set_password(password)
        person.save(update_fields=["password"])
        out.print("Password set from standard input.")
    elif not person.has_usable_password():
        services.send_set_password(person)
        where = (
            f" With the file mail backend it is in {settings.EMAIL_FILE_PATH}."
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
            else ""
        )
        out.print(f"E-mailed {person.email} a one-time link to set a password.{where}")


@click.group()
def user() -> None:
    """Add people, give them roles, list them, unlock them, and issue API tokens."""


@user.command("add")
@click.argument("email")
@click.option(
    "--role",
    "role_name",
    required=True,
    help="force-admin, analyst, officer, supervisor, panel-chair, panel-member, action-owner, board-member, "
    "engagement-officer or group-chair.",
)
@click.option("--force", "force_slug", help="The force the role is held in (data.police.uk slug).")
@click.option("--panel", "panel_name", help="The panel, for panel-chair and panel-member.")
@click.option("--team", "team_name", help="The team: an officer's own, or the one a supervisor supervises.")
@click.option("--name", "full_name", default="", help="Their full name, for a new account.")
@click.option("--password-stdin", is_flag=True, help="Read a password from standard input instead of e-mailing a link.")
def add(
    *,
    email: str,
    role_name: str,
    force_slug: str | None,
    panel_name: str | None,
    team_name: str | None,
    full_name: str,
    password_stdin: bool,
) -> None:
    """Give EMAIL a role, making their account first if there is none.

    A new account has no password: Parity e-mails a one-time link to set one (with the
    default mail backend, the message is a file in PARITY_HOME/outbox). Exit status: 0 done,
    1 the role could not be given, 2 usage error.
    """
    from django.core.exceptions import ValidationError

    from parity.accounts import services
    from parity.accounts.roles import PANEL_ROLES, parse_role

    try:
        role = parse_role(role_name)
    except ValueError as error:
        raise UsageProblem(str(error)) from None
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    with command_line():
        force = _force(force_slug)
        panel = _panel(panel_name, force) if panel_name else None
        force = force or (panel.force if panel is not None else None)
        if force is None:
            raise UsageProblem("every role is held in a force: add --force SLUG")
        if role in PANEL_ROLES and panel is None:
            raise UsageProblem(f"a {role.label.lower()} sits on a panel: add --panel NAME")
        _check_email(email)
        try:
            person, created, assignment = services.add_with_role(
                email, role, force, full_name=full_name, panel=panel, team_name=team_name or ""
            )
        except ValidationError as error:
            fail(error)
        out.print(
            f"{'Added' if created else 'Found'} {person.email}; now {assignment.get_role_display().lower()}"
            f" for {assignment.scope_label()}."
        )
        _password_or_link(person, password)


@user.command("remove-role")
@click.argument("email")
@click.option("--role", "role_name", required=True, help="The role to take away.")
@click.option("--force", "force_slug", required=True, help="The force it is held in.")
@click.option("--panel", "panel_name", help="The panel, for panel roles.")
def remove_role(email: str, role_name: str, force_slug: str, panel_name: str | None) -> None:
    """Take a role away from EMAIL (every team they hold it in, for officers and supervisors)."""
    from parity.accounts import services
    from parity.accounts.models import RoleAssignment
    from parity.accounts.roles import parse_role

    try:
        role = parse_role(role_name)
    except ValueError as error:
        raise UsageProblem(str(error)) from None
    with command_line():
        force = _force(force_slug)
        held = RoleAssignment.objects.filter(user=_user(email), role=role, force=force)
        if panel_name:
            held = held.filter(panel=_panel(panel_name, force))
        found = list(held.select_related("force", "panel", "team"))
        if not found:
            raise click.ClickException(f"{email} is not {role.label.lower()} in {force.name}")
        for assignment in found:
            services.revoke_role(assignment)
            out.print(f"Removed: {assignment}.")


@user.command("list")
@click.option("--force", "force_slug", help="Only people with a role in this force.")
@FORMAT_OPTION
def list_users(force_slug: str | None, fmt: str) -> None:
    """List people, their roles, and whether they have a second factor or are locked out."""
    from django.db.models import Prefetch

    from parity.accounts import services
    from parity.accounts.models import RoleAssignment, User

    with command_line():
        force = _force(force_slug)
        roles = RoleAssignment.objects.select_related("force", "panel", "team")
        people = User.objects.order_by("email")
        if force is not None:
            roles = roles.filter(force=force)
            people = people.filter(roles__force=force).distinct()
        people = people.prefetch_related(Prefetch("roles", queryset=roles, to_attr="listed"))
        rows: list[dict[str, Any]] = []
        for person in people:
            lock = services.lock_out(person)
            rows.append(
                {
                    "email": person.email,
                    "full_name": person.full_name,
                    "active": person.is_active,
                    "password_set": person.has_usable_password(),
                    "second_factor": services.has_second_factor(person),
                    "locked_out_until": lock.until.isoformat() if lock and lock.until else None,
                    "locked_out": lock is not None,
                    "last_sign_in": person.last_login.isoformat() if person.last_login else None,
                    "roles": [
                        {
                            "role": a.role,
                            "force": a.force.slug,
                            "panel": a.panel.name if a.panel else None,
                            "team": a.team.name if a.team else None,
                        }
                        for a in person.listed
                    ],
                }
            )
    if fmt == "json":
        print_json({"people": rows})
        return
    if not rows:
        out.print("No one has an account yet. Add someone with `parity user add EMAIL --role ROLE --force SLUG`.")
        return
    table = Table(title="People")
    table.add_column("E-mail", overflow="fold", min_width=16)  # never cut short with an ellipsis
    for column in ("Name", "Roles", "Second factor", "Locked out", "Last sign-in"):
        table.add_column(column, overflow="fold")
    for row in rows:
        roles_text = "\n".join(
            " ".join(
                filter(
                    None,
                    [
                        r["role"],
                        r["force"],
                        r["panel"] and f"panel {r['panel']!r}",
                        r["team"] and f"team {r['team']!r}",
                    ],
                )
            )
            for r in row["roles"]
        )
        table.add_row(
            row["email"] + ("" if row["active"] else " (inactive)"),
            row["full_name"],
            roles_text or "none",
            "yes" if row["second_factor"] else "no",
            "yes" if row["locked_out"] else "no",
            (row["last_sign_in"] or "never")[:16].replace("T", " "),
        )
    out.print(table)


@user.command("unlock")
@click.argument("email")
def unlock(email: str) -> None:
    """Let EMAIL sign in again after being locked out by failed attempts."""
    from parity.accounts import services

    with command_line():
        cleared = services.unlock(_user(email))
    out.print(f"Unlocked {email.lower()} ({cleared} failed-attempt record{'s' if cleared != 1 else ''} cleared).")


@user.command("reset-second-factor")
@click.argument("email")
def reset_second_factor(email: str) -> None:
    """Remove EMAIL's authenticator app (a lost phone); they set up a new one at next sign-in."""
    from parity.accounts import services

    with command_line():
        services.reset_second_factor(_user(email))
    out.print(f"Removed the second factor of {email.lower()}; they will set up a new one when they next sign in.")


@user.command("requests")
@click.option("--accept", "accept_id", type=int, help="Agree to the request with this number, and carry it out.")
@click.option("--decline", "decline_id", type=int, help="Decline the request with this number.")
@FORMAT_OPTION
def requests(accept_id: int | None, decline_id: int | None, fmt: str) -> None:
    """List changes to accounts that wait for another force's agreement; accept or decline one.

    A force administrator cannot give a role to, unlock, or remove the authenticator of an
    account another force also holds (or a site administrator's): the change waits for the
    other forces. Run from the command line, agreeing is a site administrator's and takes
    effect at once. Exit status: 0 done, 1 no such request or already decided, 2 usage error.
    """
    from django.core.exceptions import ValidationError

    from parity.accounts import services
    from parity.accounts.models import AccountRequest

    if accept_id is not None and decline_id is not None:
        raise UsageProblem("give --accept or --decline, not both")
    with command_line():
        chosen = accept_id if accept_id is not None else decline_id
        if chosen is not None:
            asked = AccountRequest.objects.filter(pk=chosen).select_related("user", "force", "panel").first()
            if asked is None:
                raise click.ClickException(f"no account request has the number {chosen}")
            try:
                decided = services.decide(asked, by=None, accept=accept_id is not None)
            except ValidationError as error:
                fail(error)
            out.print(f"{decided.get_status_display()}: {decided.describe()}.")
            return
        pending = AccountRequest.objects.filter(status=AccountRequest.Status.PENDING).select_related(
            "user", "force", "panel", "requested_by"
        )
        rows: list[dict[str, Any]] = [
            {
                "number": r.pk,
                "asked": r.describe(),
                "force": r.force.slug,
                "by": r.requested_by.email if r.requested_by else None,
                "at": r.requested_at.isoformat(),
            }
            for r in pending
        ]
    if fmt == "json":
        print_json({"requests": rows})
        return
    if not rows:
        out.print("No account changes are waiting for agreement.")
        return
    table = Table(title="Account changes waiting for agreement")
    for column in ("Number", "What is asked", "Asked by", "When"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(str(row["number"]), row["asked"], f"{row['force']} {row['by'] or ''}", row["at"][:16])
    out.print(table)


@user.command("token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, e.g. 'Force RMS export'.")
@click.option("--days", type=click.IntRange(min=1), help="Stop working after this many days (default: never).")
def token(email: str, name: str, days: int | None) -> None:
    """Issue an API token that acts as EMAIL, with their roles; it is shown only this once."""
    from parity.accounts.tokens import issue_token

    with command_line():
        issued, raw = issue_token(_user(email), name, days=days)
    click.echo(raw)  # alone on standard output, so a script can capture it
    err.print(
        f"Token {issued.lookup} issued to {email.lower()}; it is shown only this once. Send it as "
        f"'Authorization: Bearer <token>'. Revoke it with `parity user revoke-token {issued.lookup}`."
    )


@user.command("revoke-token")
@click.argument("lookup")
def revoke_token(lookup: str) -> None:
    """Stop the API token whose 8-character LOOKUP is given from working, at once."""
    from parity.accounts.models import ApiToken
    from parity.accounts.tokens import revoke_token as revoke

    with command_line():
        try:
            revoked = revoke(lookup)
        except ApiToken.DoesNotExist:
            raise click.ClickException(f"no API token has the lookup {lookup}") from None
    out.print(f"Revoked token {revoked}.")


@click.group()
def audit() -> None:
    """Check the audit trail."""


@audit.command("verify")
@FORMAT_OPTION
def verify(fmt: str) -> None:
    """Recompute the audit trail's chain of digests; exit 1 if any row was altered or removed."""
    from parity.accounts.audit import verify_chain

    ensure_database()
    report = verify_chain()
    if fmt == "json":
        print_json({"checked": report.checked, "intact": report.intact, "broken_at": report.broken_at})
    elif report.intact:
        out.print(f"The audit trail is intact: {report.checked:,} events checked.")
    else:
        out.print(
            f"The audit trail has been altered at event {report.broken_at} (after {report.checked:,} intact events)."
        )
    if not report.intact:
        sys.exit(1)


COMMANDS = [user, audit]
