"""`parity warehouse`: keep the Parquet warehouse in step with the database."""

from __future__ import annotations

import click

from parity.cli.db import ensure_database
from parity.cli.output import err


@click.group()
def warehouse() -> None:
    """Rebuild or bring up to date the analysis warehouse (Parquet, read by DuckDB)."""


@warehouse.command()
def rebuild() -> None:
    """Regenerate every partition from the database."""
    from parity.powers.partitions import rebuild as run

    ensure_database()
    with err.status("Rebuilding the warehouse") as spinner:
        count = run(progress=lambda what: spinner.update(f"Rebuilding the warehouse: {what}"))
    click.echo(f"Wrote {count} stop-and-search partitions and the census populations.")


@warehouse.command()
def sync() -> None:
    """Write only the partitions an interrupted import left unwritten."""
    from parity.powers.partitions import sync_pending

    ensure_database()
    click.echo(f"Wrote {sync_pending()} pending partitions.")


COMMANDS = [warehouse]
