"""Every CSV Parity writes goes through one writer that no spreadsheet can run."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from parity import safe_csv
from parity.public import downloads

SRC = Path(__file__).resolve().parents[1] / "src" / "parity"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-2.5", "-2.5"),
        ("+3", "+3"),
        ("1e-3", "1e-3"),
        ("Black", "Black"),
        ("", ""),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_risky_text_is_escaped_and_numbers_are_not(value: object, written: object) -> None:
    assert safe_csv.escape(value) == written
    if isinstance(value, str):
        assert safe_csv.unescape(str(written)) == value


def test_both_writers_escape_every_cell() -> None:
    out = io.StringIO()
    safe_csv.writer(out).writerows([["=a", "-1", "ok"]])
    dicts = io.StringIO()
    writer = safe_csv.DictWriter(dicts, fieldnames=["a", "b"])
    writer.writerows([{"a": "@b", "b": "+c"}])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=a", "-1", "ok"]
    assert next(csv.reader(io.StringIO(dicts.getvalue()))) == ["'@b", "'+c"]


def test_a_public_download_escapes_a_formula() -> None:
    kind = next(iter(downloads.COLUMNS))
    first = downloads.COLUMNS[kind][0]
    text = downloads.to_csv(kind, [{first: '=WEBSERVICE("http://x.test")'}])
    assert next(csv.reader(io.StringIO(text.splitlines()[1])))[0] == '\'=WEBSERVICE("http://x.test")'


# Writers that produce text Parity reads itself (a record's own source line), never a file
# for people to open.
INTERNAL = {"powers/importing/force_extract.py"}


def test_no_csv_is_written_except_through_the_safe_writer() -> None:
    found = []
    for path in SRC.rglob("*.py"):
        name = path.relative_to(SRC).as_posix()
        if name == "safe_csv.py" or name in INTERNAL:
            continue
        if re.search(r"\bcsv\.(writer|DictWriter)\(|pa_csv\.write_csv\(", path.read_text()):
            found.append(name)
    assert found == ["powers/importing/store.py"]  # the COPY stream into PostgreSQL, not a file
