"""SQL on the operational database is written only in storage code; everything else uses the ORM."""

from __future__ import annotations

import re
from pathlib import Path

import parity

SOURCE = Path(parity.__file__).parent
RAW = re.compile(r"connection\.cursor\(|connection\.connection|\.raw\(|RawSQL\(|\.extra\(")
# Storage code allowed to speak SQL, and why.
STORAGE = {
    "powers/importing/store.py": "bulk insert of records and HR extract rows (many-row INSERTs, or COPY on PostgreSQL)",
    "accounts/audit.py": "PostgreSQL's advisory lock, which serialises the audit chain's writers",
    "jobs/schedule.py": "PostgreSQL's advisory lock, so workers starting together register the schedules once",
    "workforce/importing/home_office_store.py": "bulk insert of Home Office workforce cells and their units",
    "powers/held.py": "what the database holds, read in one statement on each request (the data version)",
}


def test_no_raw_sql_on_the_operational_database_outside_storage_code() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = str(path.relative_to(SOURCE))
        if name in STORAGE or name.startswith("warehouse/"):  # the warehouse is DuckDB's, not Django's
            continue
        found += [f"{name}:{n}" for n, line in enumerate(path.read_text().splitlines(), 1) if RAW.search(line)]
    assert not found, f"move these queries into storage code or the ORM: {found}"
