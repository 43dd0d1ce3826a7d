"""Small OpenDocument workbooks made by code, for the awkward cases no published file holds.

An .ods file is a zip of a few XML parts; this writes the least a reader needs, so a test
can put any cell in any sheet without a spreadsheet program or a writer library.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>{sheets}</office:spreadsheet></office:body></office:document-content>"""


def _cell(value: object) -> str:
    if isinstance(value, int | float):
        kind = f'office:value-type="float" office:value="{value}"'
    else:
        kind = 'office:value-type="string"'
    return f"<table:table-cell {kind}><text:p>{escape(str(value))}</text:p></table:table-cell>"


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook with these sheets, each a list of rows of text or numbers."""
    parts = []
    for name, rows in sheets.items():
        body = "".join(f"<table:table-row>{''.join(_cell(v) for v in row)}</table:table-row>" for row in rows)
        parts.append(f"<table:table table:name={quoteattr(name)}>{body}</table:table>")
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("META-INF/manifest.xml", MANIFEST)
        book.writestr("content.xml", CONTENT.format(sheets="".join(parts)), compress_type=zipfile.ZIP_DEFLATED)
    return path
