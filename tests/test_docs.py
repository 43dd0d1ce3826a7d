"""The documentation covers every command and setting, and its links resolve."""

from __future__ import annotations

import re

import click
import pytest

from parity.cli import main
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def _commands(group: click.Group, prefix: str = "parity") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append(path)
    return found


def test_every_command_has_a_section_in_the_cli_reference() -> None:
    text = (DOCS / "reference" / "cli.md").read_text()
    headings = set(re.findall(r"^#+ (parity[\w -]*?)\s*$", text, flags=re.M))
    missing = [c for c in _commands(main) if c not in headings]
    assert not missing, f"add a '### <command>' section to docs/reference/cli.md for: {missing}"


ENV_READ = re.compile(
    r"""(?:environ\.get|getenv|_bool|_list|_int|_float|environ\[)\(?\s*["'](PARITY_\w+|DATABASE_URL)["']"""
)


def test_every_setting_is_documented() -> None:
    names = {name for path in (ROOT / "src" / "parity").rglob("*.py") for name in ENV_READ.findall(path.read_text())}
    assert {"PARITY_HOME", "DATABASE_URL", "PARITY_SECRET_KEY"} <= names
    documented = (DOCS / "reference" / "settings.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert not missing, f"document these in docs/reference/settings.md: {missing}"


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_links_between_documentation_pages_resolve(page: str) -> None:
    path = DOCS / page
    for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", path.read_text()):
        if "://" not in target:
            assert (path.parent / target).resolve().exists(), f"{page} links to missing {target}"
