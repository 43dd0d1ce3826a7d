"""Evidence files on disk, under PARITY_HOME/evidence/<force>/<action>/.

Kept out of the web server's reach: they are served only through a view that checks the
reader's role (or, for public evidence of a published action, that it is published). Names
are reduced to safe characters and prefixed with the content's checksum, so two uploads
never overwrite each other and nothing can climb out of the folder.

The type a file is served with is decided by Parity from its content, among the kinds in
the allow-list, never taken from the uploader (who could call a web page a PDF): a file
whose content is not the kind its name says is refused.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from parity.actions.models import Action, Evidence

MAX_BYTES = 20 * 1024 * 1024
# The allow-list: each suffix a file may have, and the type it is served with once its
# content has been found to be that kind.
TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
ALLOWED_SUFFIXES = set(TYPES)
UNKNOWN = "application/octet-stream"
# The part each office format must hold (Open Document files name their type in `mimetype`).
_OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
_KINDS = {".pdf": "PDF", ".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image", ".csv": "text file"}


@dataclass(frozen=True)
class Stored:
    name: str  # the file's own name, made safe
    path: str  # relative to the evidence folder
    sha256: str


def root() -> Path:
    return Path(settings.PARITY_HOME) / "evidence"


def safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "-", base).strip(" .-")
    return cleaned[:120] or "evidence"


def _zip_names(content: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return None


def _open_document_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return None
            return archive.read(info).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return None


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def matches(suffix: str, content: bytes) -> bool:
    """Whether the content is the kind of file its (allowed) suffix says."""
    if suffix == ".pdf":
        return content.startswith(b"%PDF-")
    if suffix == ".png":
        return content.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in {".jpg", ".jpeg"}:
        return content.startswith(b"\xff\xd8\xff")
    if suffix in _OFFICE_PARTS:
        names = _zip_names(content) if content.startswith(b"PK\x03\x04") else None
        return names is not None and _OFFICE_PARTS[suffix] in names
    if suffix in {".odt", ".ods"}:
        return content.startswith(b"PK\x03\x04") and _open_document_type(content) == TYPES[suffix]
    if suffix in {".csv", ".txt"}:
        return _is_text(content)
    return False


def content_type(name: str, content: bytes) -> str:
    """The type to serve a file with: its allowed kind when the content is that kind,
    otherwise a download of unknown type, which no browser renders."""
    suffix = Path(name).suffix.lower()
    return TYPES[suffix] if suffix in TYPES and matches(suffix, content) else UNKNOWN


def check(name: str, size: int) -> None:
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        allowed = ", ".join(sorted(s.lstrip(".").upper() for s in ALLOWED_SUFFIXES))
        raise ValidationError({"file": f"The file must be one of {allowed}"})
    if size > MAX_BYTES:
        raise ValidationError({"file": f"The file must be smaller than {MAX_BYTES // (1024 * 1024)}MB"})
    if size == 0:
        raise ValidationError({"file": "The selected file is empty"})


def check_content(name: str, content: bytes) -> None:
    suffix = Path(name).suffix.lower()
    if not matches(suffix, content):
        kind = _KINDS.get(suffix, f"{suffix.lstrip('.').upper()} file")
        raise ValidationError({"file": f"The file is called {suffix.lstrip('.').upper()} but is not a {kind}"})


def store(action: Action, name: str, content: bytes) -> Stored:
    name = safe_name(name)
    check(name, len(content))
    check_content(name, content)
    digest = hashlib.sha256(content).hexdigest()
    relative = Path(action.force.slug) / str(action.pk) / f"{digest[:12]}-{name}"
    target = root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return Stored(name, relative.as_posix(), digest)


def read(evidence: Evidence) -> bytes:
    """The file's bytes, refusing a path outside the evidence folder or a changed file."""
    base = root().resolve()
    path = (base / evidence.file_path).resolve()
    if base not in path.parents:
        raise FileNotFoundError(evidence.file_path)
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != evidence.sha256:
        raise FileNotFoundError(f"{evidence.file_path} has changed since it was added")
    return content
