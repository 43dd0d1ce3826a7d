"""Database commands: migrate, and a pass-through to Django's own management commands."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

import click
from django.core.management import call_command, execute_from_command_line


def ensure_database(verbose: bool = False) -> None:
    """Create or migrate the database if it is behind; quick when it is up to date."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


@contextmanager
def command_line() -> Iterator[None]:
    """Set up the database and attribute audit events to whoever runs the command."""
    from parity.accounts.audit import acting_as

    ensure_database()
    with acting_as(label=f"command line ({getpass.getuser()})"):
        yield


@click.command()
def migrate() -> None:
    """Create the database, or bring it up to date with this version of Parity."""
    call_command("migrate", interactive=False)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `parity manage createsuperuser`."""
    execute_from_command_line(["parity manage", *args])


COMMANDS = [migrate, manage]
