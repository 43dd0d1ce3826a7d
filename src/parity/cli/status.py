"""`parity status`: what is held, for which months, and how complete it is."""

from __future__ import annotations

import click
from rich.table import Table

from parity.cli.db import ensure_database
from parity.cli.output import FORMAT_OPTION, out, print_json


@click.command()
@click.option("--force", help="Only this force (data.police.uk slug).")
@FORMAT_OPTION
def status(force: str | None, fmt: str) -> None:
    """Show, per force, the months held, gaps, low-volume months and blank fields."""
    from parity.powers.coverage import as_json, coverage

    ensure_database()
    forces = coverage(force)
    if fmt == "json":
        print_json(as_json(forces))
        return
    if not forces:
        out.print(
            "No stop-and-search records are held yet. Import some with "
            "`parity ingest police-uk PATH`, or run `parity demo`."
        )
        return
    table = Table(title="Stop-and-search records held")
    for column in (
        "Force",
        "Months",
        "Records",
        "Gaps",
        "Low-volume months",
        "% blank: ethnicity, gender, age, location, outcome linked",
    ):
        table.add_column(column)
    for f in forces:
        c = f.completeness
        blanks = ", ".join(
            f"{c[k]:g}" for k in ("self-defined ethnicity", "gender", "age", "location", "outcome linked")
        )
        low = ", ".join(m.month for m in f.months if m.low_volume) or "none"
        table.add_row(
            f.name,
            f"{f.first} to {f.last} ({len(f.months)})",
            f"{f.records:,}",
            str(len(f.gaps)),
            low,
            blanks,
        )
    out.print(table)


COMMANDS = [status]
