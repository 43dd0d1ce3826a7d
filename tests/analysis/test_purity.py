"""`parity.analysis` is pure: counts in, results out, nothing read from storage or the web."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import parity.analysis

FORBIDDEN = ("django", "duckdb", "parity.warehouse", "parity.powers", "parity.web", "parity.public", "parity.cli")
PACKAGE = Path(parity.analysis.__file__).parent


@pytest.mark.parametrize("module", sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")))
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


STATISTICS = ("scipy", "statsmodels")


def test_statistics_libraries_are_used_only_in_analysis() -> None:
    """Every interval and test is computed in parity.analysis, so the public pages, API and
    downloads can never carry a second, subtly different version of one."""
    source = PACKAGE.parent
    users = []
    for path in sorted(source.rglob("*.py")):
        if PACKAGE in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            users += [f"{path.relative_to(source)}: {n}" for n in names if n.startswith(STATISTICS)]
    assert not users, users


LONGEST_FUNCTION = 100  # lines, signature and docstring included
LONGEST_MODULE = 1000


@pytest.mark.parametrize("module", sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")))
def test_every_part_is_one_a_reader_can_hold(module: str) -> None:
    text = (PACKAGE / module).read_text()
    assert len(text.splitlines()) <= LONGEST_MODULE, f"split parity/analysis/{module} into parts"
    sizes = {
        node.name: (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef)
    }
    long = [f"{name}: {size} lines" for name, size in sizes.items() if size > LONGEST_FUNCTION]
    assert not long, f"split these functions of parity/analysis/{module}: {long}"
