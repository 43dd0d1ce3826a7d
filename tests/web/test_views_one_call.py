"""Public views make one call and render: the querying lives in a service, not the view."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import parity

SOURCE = Path(parity.__file__).parent
# The views held to it, by module (every function) or module:function; more join as their
# queries move to services.
ONE_CALL = [
    "actions/views/public.py",
    "scrutiny/views/public.py",
    "engagement/views.py",
    "actions/views/plan.py",
    "actions/views/action.py",
    "actions/views/cycle.py",
    "recording/views/figures.py",
    "recording/views/moderation.py",
    "recording/views/officer.py",
]


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
    module, _, function = view.partition(":")
    tree: ast.AST = ast.parse((SOURCE / module).read_text())
    if function:
        tree = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
    found = _queries(tree)
    assert not found, f"{view} queries in the view; move it into a service: {found}"
