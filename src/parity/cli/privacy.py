"""`parity privacy purge`: erase receipt contact details once they are no longer needed.

The person stopped may give a mobile number or e-mail address for their receipt. It is
erased as soon as the receipt is sent (`parity receipts send` retries unsent ones), and this
command erases every address held longer than PARITY_CONTACT_RETENTION_DAYS, sent or not.
`parity worker` runs it every hour (the erase-contact-details and forget-receipt-look-ups jobs).
"""

from __future__ import annotations

import click

from parity.cli.db import command_line
from parity.cli.output import FORMAT_OPTION, err, print_json


@click.group()
def privacy() -> None:
    """Erase personal data Parity no longer needs."""


@privacy.command("purge")
@FORMAT_OPTION
def purge(fmt: str) -> None:
    """Erase receipt contact details held longer than PARITY_CONTACT_RETENTION_DAYS, and
    receipt look-ups (with the addresses they came from) older than a day.

    Each erasure is written to the audit trail (that the details were erased, never what
    they were). Exit status: 0.
    """
    from django.conf import settings

    from parity.recording.delivery import purge_expired, purge_lookups

    with command_line():
        erased = purge_expired()
        lookups = purge_lookups()
    days = settings.PARITY_CONTACT_RETENTION_DAYS
    if fmt == "json":
        print_json({"erased": erased, "retention_days": days, "lookups_deleted": lookups})
    else:
        err.print(f"Erased {erased} receipt contact detail{'s' if erased != 1 else ''} held over {days} days.")
        err.print(f"Deleted {lookups} receipt look-up{'s' if lookups != 1 else ''} older than a day.")


COMMANDS = [privacy]
