"""Every dependency Parity declares is used: a package nothing imports is only an attack surface."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import ROOT

# Used by Django through a name in settings, never imported: the name that uses each.
USED_BY_NAME = {"psycopg": r"postgres", "argon2-cffi": r"Argon2PasswordHasher"}


def _declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower() for spec in project["dependencies"]]


def test_every_runtime_dependency_is_named_in_the_code() -> None:
    """Imported, or named in settings (middleware, hashers, database engines) or commands."""
    modules_of: dict[str, set[str]] = {}
    for module, dists in packages_distributions().items():
        for dist in dists:
            modules_of.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    code = "\n".join(p.read_text() for p in (ROOT / "src" / "parity").rglob("*.py"))
    unused = [
        dist
        for dist in _declared()
        if not any(re.search(rf"\b{re.escape(m)}\b", code) for m in modules_of.get(dist.replace("_", "-"), {dist}))
        and not re.search(USED_BY_NAME.get(dist, r"(?!)"), code)
    ]
    assert not unused, f"declared in pyproject.toml but never used: {unused}; remove them (uv remove NAME)"
