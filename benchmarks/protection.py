"""Small-number protection across linked periods: what it costs against no protection at all.

    python benchmarks/run.py protection --json

Every table Parity publishes for a period is protected together with the tables of every
other period on the public grid (months, quarters, years, rolling years) of the same force
and shape, so that no two can be differenced. This measures, over the shared records:

- the all-forces table (every force x financial year x legislation) built cold, its
  protection solved over every linked period, against the same table built with no
  protection (threshold 0) in the same run, and the ratio;
- the same table as the first request after an import, whose warm-up
  (`parity.powers.statistics.kept.warm`) left the answers beside the warehouse: nothing
  in memory, every answer read from there;
- one force's table (Wiltshire by legislation, and by ethnicity) asked for first (the linked
  solve) and asked for again for another period (the kept solve is reused).

Timings are the best of several runs where the run is repeatable, measured, never asserted.
Setting up (importing the shared files into a scratch database) is not timed.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _cold(fn: Callable[[], Any]) -> float:
    """Time with no protected result kept anywhere (memory or beside the warehouse), so the
    solve is measured."""
    from parity.analysis import protection

    saved = dict(protection._store)
    protection.use_store(None)
    protection.forget()
    try:
        return _timed(fn)
    finally:
        protection._store.update(saved)


def _after_import(fn: Callable[[], Any]) -> float:
    """Time as the web server's first request after an import: nothing in this process's
    memory, the answers the import's warm-up kept beside the warehouse there to read."""
    from parity.analysis import protection

    protection.forget()
    return _timed(fn)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.analysis import _setup

    os.environ["PARITY_PROTECT_ACROSS_PERIODS"] = "true"  # what is measured (decision 10)
    os.environ["PARITY_WARM_AFTER_IMPORT"] = "false"  # the warm-up is measured, not run while setting up
    home = Path(tempfile.mkdtemp(prefix="parity-bench-protection-"))
    _setup(home, args.shared)
    return measure(quick=args.quick)


def measure(*, quick: bool = False) -> dict[str, Any]:
    from parity.analysis.rules import Rules
    from parity.powers import statistics

    repeat = 1 if quick else 3
    plain = Rules(disclosure_threshold=0)
    bare = min(_timed(lambda: statistics.full_table(rules=plain)) for _ in range(repeat))
    cold = min(_cold(lambda: statistics.full_table()) for _ in range(repeat))
    from parity.analysis import protection
    from parity.powers.statistics.common import held_months
    from parity.powers.statistics.kept import warm as warm_up

    protection.forget()
    warm_up_s = _timed(lambda: warm_up(held_months()))  # what an import of every force adds
    after = min(_after_import(lambda: statistics.full_table()) for _ in range(repeat))
    warm = min(_timed(lambda: statistics.full_table()) for _ in range(repeat))
    out: dict[str, Any] = {
        "all-forces table, no protection (s)": round(bare, 3),
        "all-forces table, protected across periods, cold (s)": round(cold, 3),
        "warm-up after an import of every force (s)": round(warm_up_s, 3),
        "all-forces table, first request after the warm-up (s)": round(after, 3),
        "all-forces table, protected, solve kept (s)": round(warm, 3),
        "ratio cold / no protection": round(cold / bare, 2) if bare else math.nan,
        "ratio first request after the warm-up / no protection": round(after / bare, 2) if bare else math.nan,
        "ratio kept / no protection": round(warm / bare, 2) if bare else math.nan,
    }
    for by in ("legislation", None):
        name = f"wiltshire by {by or 'ethnicity'}"
        year = partial(statistics.stop_search_rates, "wiltshire", "2019/20", by=by)
        month = partial(statistics.stop_search_rates, "wiltshire", "2020-05", by=by)
        first = min(_cold(year) for _ in range(repeat))
        again = min(_timed(month) for _ in range(repeat))
        bare_one = min(_timed(partial(year, rules=plain)) for _ in range(repeat))
        out[f"{name}, no protection (s)"] = round(bare_one, 3)
        out[f"{name}, first period, linked solve (s)"] = round(first, 3)
        out[f"{name}, another period, solve kept (s)"] = round(again, 3)
        out[f"{name}, ratio first / no protection"] = round(first / bare_one, 2) if bare_one else math.nan
    return out
