"""Shared output helpers: JSON to stdout, people-facing text and progress to stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console

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


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


class UsageProblem(click.UsageError):
    """Exit code 2, as for any usage error."""
