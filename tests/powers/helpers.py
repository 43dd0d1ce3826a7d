"""Small files for import tests, built from the real shared records."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import POLICE_UK


def real_file(force: str, month: str) -> Path:
    return POLICE_UK / force / f"{month}-{force}-stop-and-search.csv"


def real_lines(force: str, month: str, rows: int | None = None) -> list[str]:
    """The header and the first `rows` records of a real file, as text lines."""
    lines = real_file(force, month).read_text(encoding="utf-8").splitlines()
    return lines if rows is None else lines[: rows + 1]


def copy_as(folder: Path, source_force: str, month: str, force: str, new_month: str | None = None) -> Path:
    """A real file presented as another force's (one outside the shared eleven)."""
    return write(folder, force, new_month or month, real_lines(source_force, month))


def write(folder: Path, force: str, month: str, lines: list[str]) -> Path:
    path = folder / f"{month}-{force}-stop-and-search.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
