"""Evidence files on disk, under PARITY_HOME/evidence/<force>/<action>/.

Kept out of the web server's reach: they are served only through a view that checks the
reader's role (or, for public evidence of a published action, that it is published). Names
are reduced to safe characters and prefixed with the content's checksum, so two uploads
never overwrite each other and nothing can climb out of the folder.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from parity.actions.models import Action, Evidence

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = {".pdf", ".docx", ".xlsx", ".odt", ".ods", ".csv", ".txt", ".png", ".jpg", ".jpeg", ".pptx"}


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


def content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def check(name: str, size: int) -> None:
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        allowed = ", ".join(sorted(s.lstrip(".").upper() for s in ALLOWED_SUFFIXES))
        raise ValidationError({"file": f"The file must be one of {allowed}"})
    if size > MAX_BYTES:
        raise ValidationError({"file": f"The file must be smaller than {MAX_BYTES // (1024 * 1024)}MB"})
    if size == 0:
        raise ValidationError({"file": "The selected file is empty"})


def store(action: Action, name: str, content: bytes) -> Stored:
    name = safe_name(name)
    check(name, len(content))
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
