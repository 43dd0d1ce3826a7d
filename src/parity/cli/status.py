"""`parity status`: what is held, for which months, and how complete it is."""

from __future__ import annotations

import click

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
    for f in forces:
        low = ", ".join(m.month for m in f.months if m.low_volume) or "none"
        out.print(
            f"[bold]{f.name}[/] ({f.force}): {len(f.months)} months from {f.first} to {f.last}, {f.records:,} records"
        )
        out.print(f"  missing months: {', '.join(f.gaps) or 'none'}")
        out.print(f"  low-volume months: {low}")
        out.print("  blank: " + ", ".join(f"{name} {pct:g}%" for name, pct in f.completeness.items()))
        for warning in f.warnings:
            out.print(f"  [yellow]warning[/]: {warning}")


COMMANDS = [status]
