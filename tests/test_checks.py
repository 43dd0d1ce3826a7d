"""The checks `scripts/test` runs before pytest: lint, format, strict types, import contracts.

A wrong import fails the run: the contracts in pyproject.toml are kept now, and an import
against the direction (docs/decisions/0007-layers.md) breaks them, naming the line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

LINT_IMPORTS = ROOT / ".venv" / "bin" / "lint-imports"


def _lint_imports(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_scripts_test_runs_every_check_before_pytest_and_stops_at_the_first_failure() -> None:
    script = (ROOT / "scripts" / "test").read_text()
    assert "set -euo pipefail" in script
    order = [
        "ruff check src tests benchmarks",
        "ruff format --check src tests benchmarks",
        "check .venv/bin/mypy\n",
        "mypy tests",
        "lint-imports",
        "exec .venv/bin/pytest",
    ]
    positions = [script.find(step) for step in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions, strict=True))


def test_every_import_contract_is_kept() -> None:
    run = _lint_imports(ROOT, ROOT / "src")
    assert run.returncode == 0, run.stdout
    assert "0 broken" in run.stdout


def _with_import(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """lint-imports on a copy of the code with `line` added to `module` (a path under parity/)."""
    shutil.copytree(ROOT / "src" / "parity", tmp_path / "src" / "parity", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / "src" / "parity" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    return _lint_imports(tmp_path, tmp_path / "src")


def test_an_import_against_the_direction_breaks_the_layers(tmp_path: Path) -> None:
    run = _with_import(tmp_path, "reference/calendar.py", "from parity.warehouse import layout")
    assert run.returncode == 1, run.stdout
    assert "parity.reference is not allowed to import parity.warehouse" in run.stdout
    assert "parity.reference.calendar -> parity.warehouse.layout" in run.stdout


def test_sibling_workflows_may_not_know_each_other(tmp_path: Path) -> None:
    run = _with_import(tmp_path, "actions/state.py", "from parity.recording import choices")
    assert run.returncode == 1, run.stdout
    assert "parity.actions is not allowed to import parity.recording" in run.stdout


def test_presentation_may_not_use_the_page_kit(tmp_path: Path) -> None:
    run = _with_import(tmp_path, "presentation/formatting.py", "from parity.web import forms")
    assert run.returncode == 1, run.stdout
    assert "parity.presentation is not allowed to import parity.web" in run.stdout
