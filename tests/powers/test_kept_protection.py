"""The protection across periods is worked out after an import and kept beside the
warehouse, so a later request (in any process) reads it instead of solving again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from parity.analysis import protection
from parity.analysis.rates import build_rate_tables
from parity.analysis.rules import Rules
from parity.powers.importing.pipeline import ingest
from parity.powers.statistics import kept
from parity.powers.statistics.common import grouping_of
from parity.powers.statistics.kept import WarehouseStore, warm
from parity.powers.statistics.rates import linked_tables
from tests.powers.helpers import copy_as


def _never(*args: Any, **kwargs: Any) -> np.ndarray:
    raise AssertionError("solved again: the kept protection was not used")


def test_a_warmed_force_is_answered_from_what_is_kept(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.PROTECT_ACROSS_PERIODS = True
    family = linked_tables("city-of-london", None, grouping_of("self", "5+1", "White"), "White", None)
    monkeypatch.setattr(protection, "_store", {})  # no store: solved here
    protection.forget()
    solved = build_rate_tables(family[:1], Rules(), linked=family)[0].as_dict()
    protection.use_store(WarehouseStore(tmp_path))
    protection.forget()
    assert warm(["city-of-london"]) == ["city-of-london"]
    assert any((tmp_path / "protection").rglob("*")), "the answers are kept as files"
    protection.forget()  # another process: nothing in memory, only the files
    monkeypatch.setattr(protection, "_suppress", _never)
    assert build_rate_tables(family[:1], Rules(), linked=family)[0].as_dict() == solved


def test_a_kept_answer_that_would_show_a_small_count_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged or altered file never un-hides a count from 1 to 4: it is solved again."""
    monkeypatch.setattr(protection, "_store", {})
    store = WarehouseStore(tmp_path)
    protection.use_store(store)
    protection.forget()
    lines = [protection.Line(2, (0, 1))]
    first = protection.suppress([3, 40, 43], lines, 5)
    for path in (tmp_path / "protection").rglob("*"):
        if path.is_file():
            path.write_bytes(bytes(3))  # every cell shown
    protection.forget()
    assert list(protection.suppress([3, 40, 43], lines, 5)) == list(first)
    assert first[0] == protection.Status.PRIMARY


def test_an_import_warms_the_forces_it_changed(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.WARM_AFTER_IMPORT = True
    warmed: list[list[str]] = []

    def record(forces: set[str]) -> list[str]:
        warmed.append(sorted(forces))
        return sorted(forces)

    monkeypatch.setattr(kept, "warm", record)
    report = ingest([copy_as(tmp_path, "wiltshire", "2020-06", "kent")])
    assert [r.status for r in report.files] == ["imported"]
    assert warmed == [["kent"]]
    ingest([copy_as(tmp_path, "wiltshire", "2020-06", "kent")])  # unchanged: nothing to work out again
    assert warmed == [["kent"]]
