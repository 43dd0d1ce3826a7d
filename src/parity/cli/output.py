"""Shared output helpers: JSON to stdout, people-facing text and progress to stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from parity.errors import ParityError

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for other programs.",
)

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def import_progress(*, transient: bool = False) -> Progress:
    """The bar an import shows on stderr: files done of all, rows read, time left."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeRemainingColumn(),
        console=err,
        transient=transient,
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def fail(error: Any) -> None:
    """Report a ValidationError as plain sentences and exit 1."""
    messages = [m for ms in error.message_dict.values() for m in ms] if hasattr(error, "error_dict") else error.messages
    raise click.ClickException(" ".join(messages))


class UsageProblem(click.UsageError, ParityError):
    """Exit code 2, as for any usage error."""
