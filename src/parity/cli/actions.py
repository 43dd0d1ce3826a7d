"""`parity actions ...`: a force's action plan from the command line.

Import and export the register as CSV, take the monthly snapshot, make the steering-group
pack and the public report, and load the illustrative example. Everything a command
changes is in the audit trail as done from the command line by the operating-system user.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from parity.cli.db import command_line, ensure_database
from parity.cli.output import UsageProblem, err, fail, out


def _force(slug: str) -> Any:
    from parity.reference.models import Force

    force = Force.objects.filter(slug=slug).first()
    if force is None:
        raise UsageProblem(f"--force {slug!r} is not a force; use a data.police.uk slug such as 'nottinghamshire'")
    return force


FORCE = click.option("--force", "force_slug", required=True, help="The force whose plan it is (data.police.uk slug).")


@click.group()
def actions() -> None:
    """Action plans: import and export the register, snapshots, reports, the example."""


@actions.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@FORCE
def import_(path: Path, force_slug: str) -> None:
    """Add or bring up to date the register from the CSV file PATH (nothing is deleted).

    The whole file is checked first: if any line is wrong nothing is saved, and every
    problem is listed with its line, column and value. Exit status: 0 imported, 1 refused.
    """
    from parity.actions.csv_register import ImportRefused, import_register

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not a UTF-8 CSV file") from None
    with command_line():
        force = _force(force_slug)
        try:
            result = import_register(force, text, name=path.name)
        except ImportRefused as refused:
            for problem in refused.problems:
                err.print(str(problem))
            raise click.ClickException(f"{len(refused.problems)} problems: nothing was saved") from None
    for line in result.lines():
        out.print(line)


@actions.command("export")
@FORCE
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not to stdout.")
def export(force_slug: str, output: Path | None) -> None:
    """Write the whole register as CSV, in the form `parity actions import` reads."""
    from parity.actions.csv_register import export_register

    ensure_database()
    text = export_register(_force(force_slug))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}")


@actions.command("snapshot")
@FORCE
@click.option("--month", help="YYYY-MM; default: last month.")
def snapshot(force_slug: str, month: str | None) -> None:
    """Take the monthly snapshot the steering group compares month by month."""
    from django.utils import timezone

    from parity.actions import snapshots

    month = month or snapshots.previous_month(snapshots.month_of(timezone.localdate()))
    try:
        snapshots.month_bounds(month)
    except (ValueError, IndexError):
        raise UsageProblem(f"--month {month!r} is not a month; write it like 2026-09") from None
    with command_line():
        taken = snapshots.take(_force(force_slug), month)
        view = snapshots.monthly(taken)
    out.print(
        f"Snapshot for {month}, as it stood on {taken.taken_on}: {len(view.rows)} actions, "
        f"{len(view.overdue)} overdue, {len(view.awaiting_evidence)} waiting for evidence, "
        f"{len(view.changes)} changed since the last snapshot."
    )


@actions.command("report")
@FORCE
@click.option(
    "--kind",
    type=click.Choice(["steering-group", "public"]),
    required=True,
    help="steering-group: the monthly pack; public: the quarterly progress report.",
)
@click.option("--period", required=True, help="A month for the pack (2026-09), a quarter for the report (2026/27-Q2).")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the PDF here.")
@click.option("--publish", is_flag=True, help="Publish the public report once made.")
def report(force_slug: str, kind: str, period: str, pdf_path: Path | None, publish: bool) -> None:
    """Make a new version of a report (HTML and tagged PDF), keeping earlier versions."""
    from django.core.exceptions import ValidationError

    from parity.actions import reports

    if publish and kind != "public":
        raise UsageProblem("--publish is for the public report; the steering-group pack stays internal")
    with command_line():
        force = _force(force_slug)
        make = reports.steering_pack if kind == "steering-group" else reports.public_report
        try:
            made = make(force, period)
            if publish:
                reports.publish(made)
        except ValidationError as error:
            fail(error)
    if pdf_path is not None:
        pdf_path.write_bytes(bytes(made.pdf))
    out.print(f"{made.title}: version {made.version}{', published' if made.published_on else ''}.")


@actions.command("example-csv")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="Due dates are counted from this day; default today.")
@click.option("--owner", "owners", multiple=True, help="E-mail of an action owner; repeat to share the actions out.")
def example_csv(path: Path, start: Any, owners: tuple[str, ...]) -> None:
    """Write the illustrative 30-recommendation register (made up, and labelled so) as CSV."""
    from django.utils import timezone

    from parity.actions.example import register_csv

    day = start.date() if start else timezone.localdate()
    path.write_text(register_csv(day, owners), encoding="utf-8")
    err.print(f"Wrote {path}: an illustrative example register, not any force's real plan.")


@actions.command("example")
@click.option("--quarter", help="The quarter to work through; default: the last finished financial-year quarter.")
@click.option("--owner", "owners", multiple=True, help="E-mail of an action owner to use; repeat for more.")
@click.option("--board", "board", multiple=True, help="E-mail of a board member to use (chair, then secretary).")
def example(quarter: str | None, owners: tuple[str, ...], board: tuple[str, ...]) -> None:
    """Load the illustrative example for the fictional force (Borsetshire): the register, a
    community conversation, months of updates and decisions up to today, snapshots, packs and
    the quarter's public report.

    Everything it makes is marked illustrative and labelled so on every page and report, and
    it never goes to a real force: its actions, people and reports belong to the fictional one.
    """
    from django.utils import timezone

    from parity.actions.example import AlreadyLoaded, load_example
    from parity.reference.fictional import fictional_force

    today = timezone.localdate()
    with command_line():
        force = fictional_force()
        try:
            outcome = load_example(
                force, quarter=quarter or last_quarter(today), today=today, owners=owners, board=board
            )
        except AlreadyLoaded as error:
            raise click.ClickException(str(error)) from None
    out.print(
        f"Loaded the illustrative example for {force.name}: {outcome.updates} updates, "
        f"{outcome.approvals} completions approved, snapshots {', '.join(outcome.snapshots) or 'none'}, "
        f"{len(outcome.packs)} steering-group packs" + (f", and {outcome.public.title}." if outcome.public else ".")
    )


def last_quarter(today: date) -> str:
    """The last financial-year quarter that has ended: 2026-11-21 → 2026/27-Q2."""
    fy_start = today.year if today.month >= 4 else today.year - 1
    quarter = (today.month - 4) % 12 // 3 + 1  # the current one
    if quarter == 1:
        fy_start, quarter = fy_start - 1, 4
    else:
        quarter -= 1
    return f"{fy_start}/{(fy_start + 1) % 100:02d}-Q{quarter}"


COMMANDS = [actions]
