"""A setting given a value Parity cannot use stops it at start-up with an error naming the setting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SETTINGS = (ROOT / "src" / "parity" / "settings.py").read_text()
PARSED = sorted(set(re.findall(r"""_(?:int|float|bool)\(\s*["'](\w+)["']""", SETTINGS)))
OTHERS = {"DATABASE_URL": "mysql-ish://nowhere", "PARITY_LOG_LEVEL": "loud"}


def _start(name: str, value: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARITY_HOME": str(home), name: value}
    return subprocess.run(
        [sys.executable, "-c", "import parity.settings"], env=env, capture_output=True, text=True, check=False
    )


def test_every_number_and_switch_setting_is_found() -> None:
    assert {"PARITY_SESSION_SECONDS", "PARITY_LOCKOUT_ATTEMPTS", "PARITY_LOCKOUT_HOURS", "PARITY_DEBUG"} <= set(PARSED)


@pytest.mark.parametrize(("name", "value"), [(n, "not-a-value") for n in PARSED] + sorted(OTHERS.items()))
def test_a_bad_value_names_the_setting(name: str, value: str, tmp_path: Path) -> None:
    started = _start(name, value, tmp_path)
    assert started.returncode != 0
    last = started.stderr.strip().splitlines()[-1]
    assert last.startswith("ValueError: ") and name in last, last
