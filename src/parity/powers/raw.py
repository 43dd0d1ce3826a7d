"""Reading a stored raw record back into the source's own field names and values."""

from __future__ import annotations

import csv
import json


def parse_raw(header: str, raw: str) -> dict[str, str]:
    """Field -> value, for a CSV line (given its file's header) or a JSON object."""
    if not header:
        record = json.loads(raw)
        return {
            k: "" if v is None else json.dumps(v) if isinstance(v, dict | list) else str(v) for k, v in record.items()
        }
    names = next(csv.reader([header]))
    values = next(csv.reader(raw.splitlines()), [])
    return dict(zip(names, values, strict=False))
