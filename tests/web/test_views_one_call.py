"""Views make one call and render: the querying lives in a service, not the view."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import parity

SOURCE = Path(parity.__file__).parent
# Every view module of these domains is held to it, found on disk, so a new view is too.
DOMAINS = ("public", "scrutiny", "actions", "engagement", "recording", "accounts", "victims", "hr")


def _is_views(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views"


ONE_CALL = sorted(
    str(path.relative_to(SOURCE))
    for domain in DOMAINS
    for path in (SOURCE / domain).rglob("*.py")
    if _is_views(path) and path.name != "__init__.py"
)


def test_every_domain_has_its_views_held() -> None:
    """The search finds the views (a moved package would otherwise leave nothing to check)."""
    for domain in DOMAINS:
        assert any(v.startswith(f"{domain}/") for v in ONE_CALL), f"no view module found for {domain}"


def _queries(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"line {node.lineno}: .objects")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"get_object_or_404", "get_list_or_404"}:
            found.append(f"line {node.lineno}: {node.func.id}")  # type: ignore[attr-defined]
    return found


@pytest.mark.parametrize("view", ONE_CALL)
def test_the_view_queries_nothing_itself(view: str) -> None:
    tree: ast.AST = ast.parse((SOURCE / view).read_text())
    found = _queries(tree)
    assert not found, f"{view} queries in the view; move it into a service: {found}"
