"""Benchmarks: Parity against the obvious alternative, in the same run, with the ratio.

    python benchmarks/run.py ingest --json
    python benchmarks/run.py analysis --json
    python benchmarks/run.py protection --json
    python benchmarks/run.py web --json
    python benchmarks/run.py national --json
    python benchmarks/run.py workforce --json
    python benchmarks/run.py justice --json
    python benchmarks/run.py dashboard --json

Each suite is a module here exposing `run(args) -> dict`; this prints its figures, as a
table for people or as one JSON object with --json. Timings are measured, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

SUITES = {
    "ingest": "import every shared data.police.uk file; compare pandas, DuckDB and raw COPY",
    "analysis": "the full disproportionality table; compare pandas and a bare DuckDB group-by",
    "workforce": "import the shared Home Office workforce ethnicity tables; compare a pandas script",
    "justice": "the full stage table over 5 million arrests; compare pandas and a bare DuckDB group-by",
    "protection": "protection across linked periods; compare the same tables unprotected",
    "web": "latency and throughput of pages and API under 50 concurrent clients",
    "dashboard": "the workforce dashboard's figures under 50 clients; compare the public workforce figures",
    "national": "43 forces x 8 years imported on SQLite and PostgreSQL, then pages under load sharing Redis",
}
ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suite", choices=sorted(SUITES), help="; ".join(f"{k}: {v}" for k, v in SUITES.items()))
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--shared",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="the shared data folder (default: ../shared/data)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PARITY_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL server to benchmark against (a scratch database is created on it)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a smoke run")
    national = parser.add_argument_group("national")
    national.add_argument("--forces", type=int, help="how many forces (default 43; 4 with --quick)")
    national.add_argument("--years", type=int, help="how many years each (default 8; 1 with --quick)")
    national.add_argument("--steps", type=int, help="import steps, for linearity (default 4; 2 with --quick)")
    national.add_argument("--minutes", type=float, help="the load test's length (default 10; 0.5 with --quick)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    suite = importlib.import_module(f"benchmarks.{args.suite}")
    result = suite.run(args)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        for key, value in result.items():
            print(f"{key:40} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
