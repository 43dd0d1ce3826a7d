"""Map boundaries built from ONS's real files in the shared data, once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parity.geography.build import GEOMETRY_FILE, Built, build
from tests.conftest import SHARED

GEOGRAPHY = SHARED / "geography"


@pytest.fixture(scope="session")
def built_boundaries(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """`parity maps build`'s work on the real files, in a folder of the session's own."""
    return build(GEOGRAPHY, tmp_path_factory.mktemp("geography"))


@pytest.fixture
def boundaries_home(built_boundaries: Built, scratch_home: Path) -> Path:
    """This test's PARITY_HOME, holding the built boundaries (a copy of the session's)."""
    target = scratch_home / "geography"
    target.mkdir(exist_ok=True)
    shutil.copyfile(built_boundaries.path, target / GEOMETRY_FILE)
    return target
