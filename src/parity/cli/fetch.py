"""`parity fetch`: download records from data.police.uk's API."""

from __future__ import annotations

import re
import sys

import click

from parity.cli.db import ensure_database
from parity.cli.output import FORMAT_OPTION, err, print_json

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not MONTH.match(value):
        raise click.BadParameter(f"{value!r} is not a month like 2021-03")
    return value


@click.group()
def fetch() -> None:
    """Download records from an online source."""


@fetch.command("police-uk")
@click.option("--force", required=True, help="data.police.uk slug, e.g. avon-and-somerset.")
@click.option("--from", "first", required=True, callback=_month, help="First month, YYYY-MM.")
@click.option("--to", "last", required=True, callback=_month, help="Last month, YYYY-MM.")
@click.option("--no-import", is_flag=True, help="Only save the JSON under PARITY_HOME/raw.")
@FORMAT_OPTION
def police_uk(force: str, first: str, last: str, no_import: bool, fmt: str) -> None:
    """Fetch a force's stop and search from the data.police.uk API, month by month.

    Keeps to the API's rate limit (15 requests a second) and retries failures. Each month is
    saved as PARITY_HOME/raw/police-uk/FORCE/YYYY-MM-FORCE-stop-and-search.json and then
    imported exactly as `parity ingest police-uk` would. Exit status: 0 done, 1 the API or
    the input failed, 2 usage error.
    """
    from parity.powers.fetch import fetch_police_uk
    from parity.powers.police_uk_api import PoliceUkApiError, PoliceUkClient
    from parity.reference.forces import SLUGS

    if force not in SLUGS:
        raise click.BadParameter(f"{force!r} is not a data.police.uk force slug", param_hint="--force")
    if first > last:
        raise click.BadParameter(f"--from {first} is after --to {last}", param_hint="--from")
    ensure_database()
    client = PoliceUkClient()
    try:
        with err.status(f"Fetching {force}") as status:
            report = fetch_police_uk(
                client,
                force,
                first,
                last,
                import_records=not no_import,
                progress=lambda month, n: status.update(
                    f"Fetching {force}: {month} " + ("not published" if n is None else f"{n:,} records")
                ),
            )
    except PoliceUkApiError as error:
        err.print(f"[bold]failed[/]: {error}")
        sys.exit(1)
    finally:
        client.close()
    imported = report.imported
    if fmt == "json":
        print_json(
            {
                "saved": [str(p) for p in report.saved],
                "not_published": report.not_published,
                "import": imported.as_dict() if imported else None,
            }
        )
    else:
        click.echo(f"Saved {len(report.saved)} months; not published: {', '.join(report.not_published) or 'none'}.")
        if imported:
            click.echo(
                f"Imported {imported.rows_imported:,} records ({imported.rows_unchanged:,} already held, "
                f"{imported.rows_rejected:,} rejected)."
            )
    sys.exit(1 if imported and imported.refused else 0)


COMMANDS = [fetch]
