"""`parity receipts send`: send receipts not sent yet, erasing each address once sent."""

from __future__ import annotations

import click

from parity.cli.db import command_line
from parity.cli.output import FORMAT_OPTION, err, print_json


@click.group()
def receipts() -> None:
    """Receipts for recorded stops."""


@receipts.command("send")
@FORMAT_OPTION
def send(fmt: str) -> None:
    """Send every receipt not sent yet whose contact details are still held.

    Each one sent has its contact details erased at once. Exit status: 0 all sent, 1 some
    could not be sent (they are tried again next time, until purged).
    """
    from parity.recording.delivery import send_pending

    with command_line():
        sent, failed = send_pending()
    if fmt == "json":
        print_json({"sent": sent, "failed": failed})
    else:
        err.print(f"Sent {sent} receipt{'s' if sent != 1 else ''}; {failed} could not be sent.")
    if failed:
        raise SystemExit(1)


COMMANDS = [receipts]
