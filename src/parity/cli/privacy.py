"""`parity privacy purge`: erase personal data from receipts once it is no longer needed.

The person stopped may give a mobile number or e-mail address for their receipt. It is
erased as soon as the receipt is sent (`parity receipts send` retries unsent ones), and this
command erases every address held longer than PARITY_CONTACT_RETENTION_DAYS, sent or not.
It also forgets the network addresses and browsers of people who opened a receipt once the
guessing limit no longer needs them (an hour; `parity.recording.retention`).
`parity worker` runs both every hour (the erase-contact-details and forget-receipt-viewers jobs).
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
    """Erase receipt contact details held longer than PARITY_CONTACT_RETENTION_DAYS, and blank
    the address and browser on the audit events of people who opened a receipt over an hour
    ago (the events stay; the guessing limit's own counts expire by themselves).

    Each erasure is written to the audit trail (that the details were erased, never what
    they were), and the trail still verifies. Exit status: 0.
    """
    from django.conf import settings

    from parity.recording.delivery import purge_expired
    from parity.recording.retention import forget_receipt_viewers

    with command_line():
        erased = purge_expired()
        forgotten = forget_receipt_viewers()
    days = settings.PARITY_CONTACT_RETENTION_DAYS
    if fmt == "json":
        print_json(
            {
                "erased": erased,
                "retention_days": days,
                "viewer_events_erased": forgotten.events_erased,
            }
        )
    else:
        err.print(f"Erased {erased} receipt contact detail{'s' if erased != 1 else ''} held over {days} days.")
        events = forgotten.events_erased
        err.print(
            f"Erased the address and browser from {events} audit event{'s' if events != 1 else ''} "
            "of people who opened a receipt over an hour ago."
        )


COMMANDS = [privacy]
