"""A force's own stop-and-search extract: the data.police.uk columns plus five of the force's.

The layout (docs/reference/force-extract.md) is the fifteen data.police.uk columns, in
their order and with their values, followed by `Record ID`, `Grounds`, `Officer pseudonym`,
`Body-worn video` (True or False) and `Neighbourhood`. A force that cannot pseudonymise its
officers heads the eighteenth column `Officer identifier` instead: each identifier is then
replaced, before anything is stored, by a keyed hash of it (`pseudonym`), the same for the
same officer in every file from that force and useless for finding out who they are
without the key. The stored source line carries the pseudonym, never the identifier.

One file holds one force-month, named like data.police.uk's (`YYYY-MM-<force>-stop-and-
search.csv`) or given --force and --month. Importing it replaces that force-month, so a
force's extract supersedes the data.police.uk file for the same month.

The adapter is registered in `adapters.ADAPTERS` ahead of the data.police.uk CSV, whose
header this one starts with. Nothing here imports `adapters` at module level, so either
module can be imported first.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import os
import secrets
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from parity.powers.importing.units import Unit

if TYPE_CHECKING:
    from parity.powers.importing.adapters import Batch, Rows

OFFICER_PSEUDONYM = "Officer pseudonym"
OFFICER_IDENTIFIER = "Officer identifier"
EXTRA_FIELDS = ("Record ID", "Grounds", OFFICER_PSEUDONYM, "Body-worn video", "Neighbourhood")
OFFICER_COLUMN = 17  # zero-based position of the officer column
PSEUDONYM_PREFIX = "OFF-"


def expected_headers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The header with pseudonyms, and the header with identifiers to be hashed."""
    from parity.powers.importing.adapters import RAW_FIELDS

    with_pseudonyms = tuple(RAW_FIELDS)
    assert with_pseudonyms[15:] == EXTRA_FIELDS, "RAW_FIELDS and the force-extract layout disagree"
    with_identifiers = (*with_pseudonyms[:OFFICER_COLUMN], OFFICER_IDENTIFIER, *with_pseudonyms[OFFICER_COLUMN + 1 :])
    return with_pseudonyms, with_identifiers


def _header_of(text: str) -> tuple[str, ...]:
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    try:
        return tuple(h.strip() for h in next(csv.reader([first])))
    except (StopIteration, csv.Error):
        return ()


@cache
def _key() -> bytes:
    """The pseudonym key: PARITY_PSEUDONYM_KEY, else the installation's secret key.

    Read from the environment and PARITY_HOME, not Django's settings, because units are
    also read in a worker process that never sets Django up. Changing the key changes
    every pseudonym made after it, so set PARITY_PSEUDONYM_KEY once and keep it.
    """
    for name in ("PARITY_PSEUDONYM_KEY", "PARITY_SECRET_KEY"):
        if value := os.environ.get(name):
            return value.encode()
    home = Path(os.environ.get("PARITY_HOME", "var")).resolve()
    path = home / "secret_key"  # the file parity.settings keeps the secret key in
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x") as created:
                created.write(secrets.token_urlsafe(50))
            path.chmod(0o600)
        except FileExistsError:
            pass  # another process made it first
    return path.read_text().strip().encode()


def pseudonym(force: str, identifier: str) -> str:
    """The pseudonym for one officer identifier in one force ("OFF-" and eight letters or
    digits), or "" for a blank identifier. Identifiers differing only in case or spacing
    ("pc 1234", "PC1234") are the same officer."""
    normalised = "".join(identifier.split()).upper()
    if not normalised:
        return ""
    digest = hmac.new(_key(), f"parity officer pseudonym\n{force}\n{normalised}".encode(), hashlib.sha256).digest()
    return PSEUDONYM_PREFIX + base64.b32encode(digest[:5]).decode()


def _line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


class ForceExtractCsv:
    width = 20
    format = "force-extract"
    description = "Force stop-and-search extract (Parity layout: data.police.uk columns and five more)"

    def __init__(self) -> None:
        self.header = ",".join(expected_headers()[0])  # stored with each file: always pseudonyms

    def accepts(self, unit: Unit, head: str) -> bool:
        return unit.suffix == ".csv" and _header_of(head) in expected_headers()

    def rows(self, unit: Unit, text: str) -> Rows:
        from parity.powers.importing.adapters import csv_rows

        with_pseudonyms, with_identifiers = expected_headers()
        hashing = _header_of(text) == with_identifiers
        for line, raw, row in csv_rows(unit, text, with_identifiers if hashing else with_pseudonyms):
            if hashing and len(row) > OFFICER_COLUMN:
                fields = list(row)
                fields[OFFICER_COLUMN] = pseudonym(unit.force or "", fields[OFFICER_COLUMN])
                yield line, _line(fields), fields  # the identifier is never kept, even in the raw text
            else:
                yield line, raw, row

    def batch(self, unit: Unit, text: str) -> Batch:
        from parity.powers.importing.adapters import Batch

        return Batch.of_rows(self.rows(unit, text), self.width)
