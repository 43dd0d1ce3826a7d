"""Finding what to import: a file, a folder, nested month folders, or a monthly archive zip.

Each unit is one force-month. data.police.uk names it `YYYY-MM-<force>-stop-and-search.csv`
(inside a zip, under a `YYYY-MM/` folder); the force and month come from that name.

A unit larger than the import's limit is refused before it is read: a file by its size on
disk, a zip member by the size its archive declares, before anything is decompressed, so
memory stays flat whatever the archive holds (a member that decompresses past its declared
size is refused too).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from parity.powers.importing.errors import InputRefused
from parity.reference.forces import SLUGS

DEFAULT_MAX_BYTES = 512 * 1024 * 1024  # settings.PARITY_IMPORT_MAX_FILE_MB

POLICE_UK_NAME = re.compile(r"(?P<month>\d{4}-\d{2})-(?P<force>[a-z-]+?)-stop-and-search\.(?P<ext>csv|json)$")
API_FLAT_NAME = re.compile(r"^(?P<force>[a-z-]+?)_stop_search_data\.csv$")
OTHER_POLICE_UK = re.compile(r"\d{4}-\d{2}-[a-z-]+-(street|outcomes)\.csv$")


@dataclass(frozen=True)
class Unit:
    """One force-month's bytes, not yet read. It can be sent to another process to read."""

    name: str
    force: str | None
    month: str | None
    suffix: str
    read: Callable[[], bytes]


def _too_large(name: str, size: int, limit: int) -> InputRefused:
    return InputRefused(
        name,
        f"the file is {size / 1_048_576:,.1f} MB, more than the {limit / 1_048_576:,.0f} MB an import "
        "takes (PARITY_IMPORT_MAX_FILE_MB); split it by month as data.police.uk does",
    )


@dataclass(frozen=True)
class FileBytes:
    """Reads one file, refusing it by its size on disk first."""

    path: Path
    max_bytes: int = DEFAULT_MAX_BYTES

    def __call__(self) -> bytes:
        size = self.path.stat().st_size
        if size > self.max_bytes:
            raise _too_large(str(self.path), size, self.max_bytes)
        return self.path.read_bytes()


@dataclass(frozen=True)
class ArchiveMember:
    """Reads one member of a zip archive, opening the archive each time.

    The declared size is checked before decompressing, and no more than the limit is ever
    decompressed, whatever the declaration says."""

    archive: Path
    member: str
    max_bytes: int = DEFAULT_MAX_BYTES

    def __call__(self) -> bytes:
        name = f"{self.archive}!{self.member}"
        with zipfile.ZipFile(self.archive) as archive:
            info = archive.getinfo(self.member)
            if info.file_size > self.max_bytes:
                raise _too_large(name, info.file_size, self.max_bytes)
            try:
                with archive.open(info) as member:
                    data = member.read(self.max_bytes + 1)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise InputRefused(name, f"the archive member is damaged ({error})") from None
        if len(data) > self.max_bytes:
            raise _too_large(name, len(data), self.max_bytes)
        return data


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


def _from_name(filename: str) -> tuple[str | None, str | None]:
    match = POLICE_UK_NAME.search(filename)
    if match:
        return match["force"], match["month"]
    match = API_FLAT_NAME.search(filename)
    if match:
        return match["force"], None
    return None, None


def _file_unit(path: Path, force: str | None, month: str | None, max_bytes: int) -> Unit:
    name_force, name_month = _from_name(path.name)
    return Unit(str(path), force or name_force, month or name_month, path.suffix.lower(), FileBytes(path, max_bytes))


def _first_damaged(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], max_bytes: int) -> str | None:
    """The first member whose data does not match its checksum, reading in small pieces
    (as `ZipFile.testzip` does) but never a member larger than the limit."""
    for info in members:
        if info.file_size > max_bytes:
            continue  # refused, unread, when its turn comes
        try:
            with archive.open(info) as member:
                while member.read(1 << 20):
                    pass
        except zipfile.BadZipFile:
            return info.filename
    return None


def _zip_units(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Unit | Skipped]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            bad = _first_damaged(archive, members, max_bytes)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise InputRefused(
            str(path),
            f"not a readable zip archive ({error}); expected a "
            "data.police.uk monthly archive holding "
            "YYYY-MM/YYYY-MM-<force>-stop-and-search.csv files",
        ) from None
    if bad is not None:
        raise InputRefused(str(path), f"the archive is damaged or truncated at member {bad!r}")
    found = False
    for info in members:
        if info.is_dir():
            continue
        member = info.filename
        base = member.rsplit("/", 1)[-1]
        force, month = _from_name(base)
        if force is None:
            reason = (
                "street or outcomes file: Parity imports stop-and-search files"
                if OTHER_POLICE_UK.search(base)
                else "not a stop-and-search file"
            )
            yield Skipped(f"{path}!{member}", reason)
            continue
        found = True
        yield Unit(
            f"{path}!{member}",
            force,
            month,
            Path(base).suffix.lower(),
            ArchiveMember(path, member, max_bytes),
        )
    if not found:
        raise InputRefused(str(path), "the archive holds no YYYY-MM-<force>-stop-and-search.csv file")


def discover(
    paths: list[Path], *, force: str | None = None, month: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Unit | Skipped]:
    """Expand paths into units, in a stable order. Raises InputRefused for a missing path.

    `max_bytes` is the largest unit read; a larger one is refused when its turn comes."""
    for path in paths:
        if not path.exists():
            raise InputRefused(str(path), "no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            usable = [p for p in files if p.suffix.lower() in {".csv", ".json", ".zip"}]
            if not usable:
                raise InputRefused(str(path), "the folder holds no .csv, .json or .zip file")
            for file in usable:
                if file.suffix.lower() == ".zip":
                    yield from _zip_units(file, max_bytes)
                elif OTHER_POLICE_UK.search(file.name):
                    yield Skipped(str(file), "street or outcomes file: Parity imports stop-and-search files")
                else:
                    yield _file_unit(file, force, month, max_bytes)
        elif path.suffix.lower() == ".zip":
            yield from _zip_units(path, max_bytes)
        else:
            yield _file_unit(path, force, month, max_bytes)


def check_force(unit: Unit) -> str:
    if unit.force is None:
        raise InputRefused(
            unit.name,
            "cannot tell which force this file is for: name it "
            "YYYY-MM-<force>-stop-and-search.csv as data.police.uk does, or pass --force",
        )
    if unit.force not in SLUGS:
        raise InputRefused(
            unit.name,
            f"{unit.force!r} is not a force Parity knows; expected a "
            "data.police.uk slug such as avon-and-somerset (see `parity forces`)",
        )
    return unit.force
