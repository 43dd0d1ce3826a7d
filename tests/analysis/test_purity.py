"""`parity.analysis` is pure: counts in, results out, nothing read from storage or the web."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import parity.analysis

FORBIDDEN = ("django", "duckdb", "parity.warehouse", "parity.powers", "parity.web", "parity.public", "parity.cli")
PACKAGE = Path(parity.analysis.__file__).parent


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py")))
def test_no_module_level_import_of_storage_or_web(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text())
    imported = []
    for node in tree.body:  # module level only: Rules.from_settings reads settings when called
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    bad = [name for name in imported if name.startswith(FORBIDDEN)]
    assert not bad, f"parity/analysis/{module} imports {bad}; gather inputs in parity.powers.statistics instead"
