"""Protected results kept beside the warehouse, so every process shares one solve.

The protection across periods (decision 10) depends only on the counts, and is the slow
part of a cold build. An import works it out for the forces it changed (`warm`), straight
after the import, and keeps each answer as a small file under `<warehouse>/protection/`,
named by a digest of everything the answer depends on; the web server's processes read
them there instead of solving again on the first request. Files of an older data version
are never read again (their names no longer match) and go when the warehouse does.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from parity.analysis.rates import build_rate_tables
from parity.analysis.rules import Rules
from parity.powers.statistics.common import grouping_of
from parity.powers.statistics.rates import linked_tables

log = logging.getLogger(__name__)

WARMED_SHAPES = (None, "legislation")  # the ethnic-group table, and the all-forces download's


class WarehouseStore:
    """`parity.analysis.protection.Store` as files in the warehouse in use."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root  # None: the warehouse in use, read on every call

    def _path(self, name: str) -> Path:
        return Path(self.root or settings.WAREHOUSE_DIR) / "protection" / name[:2] / name

    def get(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except OSError:
            return None

    def put(self, name: str, status: bytes) -> None:
        path = self._path(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}")
            part.write_bytes(status)
            part.replace(path)  # whole or not at all: a reader never sees half a file
        except OSError as error:
            log.warning("protection: a result could not be kept beside the warehouse (%s)", error)


def warm(forces: Iterable[str]) -> list[str]:
    """Work out the protection across periods of each force's most asked-for tables (the
    ethnic-group table and the table by legislation), keeping every answer, so the first
    request after an import is answered from them. The forces warmed; none while the
    protection across periods is off."""
    if not settings.PROTECT_ACROSS_PERIODS:
        return []
    rules = Rules.from_settings()
    grouping = grouping_of("self", "5+1", "White")
    done = []
    for force in sorted(set(forces)):
        for by in WARMED_SHAPES:
            family = linked_tables(force, by, grouping, "White", None)
            if family:
                build_rate_tables(family[:1], rules, linked=family)
        done.append(force)
    return done
