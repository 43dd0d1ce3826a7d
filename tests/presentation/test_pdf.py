"""Reports become tagged PDFs that fetch nothing but Parity's own files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from parity.presentation.pdf import ForbiddenFetch, html_to_pdf, render_pdf


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pdfinfo(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_a_report_is_a_tagged_pdf_with_its_text(tmp_path: Path) -> None:
    pdf = render_pdf("web/print.html", {"title": "Panel report, 2021 Q1"})
    assert pdf.startswith(b"%PDF")
    info = _pdfinfo(pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert "Title:           Panel report, 2021 Q1" in info
    text = _pdftotext(pdf, tmp_path)
    assert "Panel report, 2021 Q1" in text and "Open Government Licence" in text and "Page 1 of 1" in text


@pytest.mark.parametrize("url", ["https://example.org/x.png", "file:///etc/passwd", "/etc/hostname"])
def test_nothing_outside_parity_static_files_is_fetched(url: str) -> None:
    with pytest.raises(ForbiddenFetch):
        html_to_pdf(f'<html lang="en"><body><img src="{url}" alt="x"></body></html>')
