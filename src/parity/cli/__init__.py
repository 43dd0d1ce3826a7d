"""The `parity` command: thin wrappers that parse options, call one function, print.

Each command group lives in its own module and is registered here. Django is set up once,
before any command runs, so commands can use the ORM directly.
"""

from __future__ import annotations

import os
from importlib import import_module

import click

from parity import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="parity")
def main() -> None:
    """Parity: measure, scrutinise and publish how policing treats each ethnic group.

    Data and the embedded database live in PARITY_HOME (default ./var); set DATABASE_URL
    to use PostgreSQL. `parity demo` loads real data and serves the site.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    import django

    django.setup()


# One module per command group, each exporting COMMANDS.
COMMAND_MODULES = (
    "actions",
    "analyse",
    "db",
    "deploy",
    "fetch",
    "ingest",
    "maps",
    "panels",
    "privacy",
    "receipts",
    "serve",
    "status",
    "users",
    "warehouse",
    "worker",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        for command in import_module(f"parity.cli.{name}").COMMANDS:
            main.add_command(command)


_register()
