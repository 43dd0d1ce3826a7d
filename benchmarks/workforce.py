"""Workforce import benchmark: Parity against a pandas script doing the same parsing.

Both read the two shared Home Office workforce ethnicity files (25,224 rows), each in a fresh
process timing only its own work. pandas reads the counts as the Home Office writes them
(`" 1,976 "`, `-` for none), maps the force names and ethnicities, and appends to SQLite;
Parity also checks every row, keeps the raw row and stores one force-year per transaction.
Then the same for the headcount workbook without ethnicity (29,304 rows): both read the sheet
with the same reader (python-calamine; pandas' `engine="calamine"`), so the comparison is of
what each does with the rows. The best of the repetitions counts; every run's time is listed.

Then a force's own HR extract: 200,000 people at a date (made here, seeded), imported by
Parity (every value checked, pseudonyms, dates, the 2021 ethnicity list, duplicates, one
transaction per unit, the raw row kept) against pandas parsing the same columns (dates,
ethnicity codes to groups, a pseudonym pattern) and appending to SQLite.
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.ingest import _best, _python, _times

FILES = ("officers-by-rank-ethnicity-2003-2006.csv", "chief-officers-by-ethnicity-2003-2021.csv")
WORKBOOK = "open-data-table-police-workforce-260723.ods"

PARITY = """
import os, resource, sys, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "parity.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from pathlib import Path
from parity.workforce.importing.home_office import ingest
paths = [Path(p) for p in sys.argv[1:]]
start = time.perf_counter()
report = ingest(paths)
elapsed = time.perf_counter() - start
assert report.rows_imported + report.rows_unchanged + report.rows_rejected == report.rows_read
print(json.dumps({"seconds": elapsed, "rows": report.rows_read,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PANDAS = """
import os, sqlite3, sys, time
import pandas as pd
sys.path.insert(0, "src")
from parity.reference.forces import find_force
start = time.perf_counter()
con = sqlite3.connect(os.path.join(sys.argv[1], "pandas.sqlite3"))
rows = 0
groups = {"White": "white", "Asian or Asian British": "asian", "Black or Black British": "black", "Mixed": "mixed",
          "Chinese or Other Ethnic Group (pre 2021 category)": "other", "Other ethnic group": "other",
          "Not stated": "not_stated"}
for path in sys.argv[2:]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).iloc[:, :11]
    for column in ("Total (headcount)", "Total (FTE)"):
        frame[column] = pd.to_numeric(frame[column].str.strip().str.replace(",", "").replace("-", "0"))
    frame["force"] = frame["Force Name"].map(lambda name: find_force(name).slug)
    frame["group"] = frame["Ethnicity"].map(groups)
    frame.to_sql("headcount", con, if_exists="append", index=False)
    rows += len(frame)
con.commit()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows}))
"""

PANDAS_WORKBOOK = """
import os, sqlite3, sys, time
import pandas as pd
sys.path.insert(0, "src")
from parity.reference.forces import find_force
start = time.perf_counter()
con = sqlite3.connect(os.path.join(sys.argv[1], "pandas.sqlite3"))
frame = pd.read_excel(sys.argv[2], sheet_name="Data", engine="calamine")
frame["Total (FTE)"] = pd.to_numeric(frame["Total (FTE)"], errors="coerce")
frame["force"] = frame["Force Name"].map(lambda name: find_force(name).slug)
frame["worker"] = frame["Worker type"].str.lower()
frame.to_sql("total", con, if_exists="append", index=False)
con.commit()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(frame)}))
"""


HR_ROWS = 200_000

HR_PARITY = PARITY.replace("parity.workforce.importing.home_office", "parity.workforce.importing.hr")

# The same import with tracemalloc on (slower, so timed apart): the most memory Python held
# during the import, less what it held before. A streaming import holds about the same at any size.
HR_PARITY_MEMORY = """
import os, sys, tracemalloc, django
os.environ["DJANGO_SETTINGS_MODULE"] = "parity.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from pathlib import Path
from parity.workforce.importing.hr import ingest
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
report = ingest([Path(sys.argv[1])])
assert report.rows_imported == report.rows_read
print(json.dumps({"seconds": 0, "rows": report.rows_read,
                  "traced_peak_mb": (tracemalloc.get_traced_memory()[1] - before) / 1e6}))
"""

HR_PANDAS = """
import os, sqlite3, sys, time
import pandas as pd
sys.path.insert(0, "src")
from parity.reference.ethnicity import DETAILED
start = time.perf_counter()
con = sqlite3.connect(os.path.join(sys.argv[1], "pandas.sqlite3"))
frame = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
for column in ("as_at", "start_date"):
    frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
groups = {d.code: d.group.value for d in DETAILED}
frame["group"] = frame["ethnicity"].map(groups)
assert frame["group"].notna().all() and frame["pseudonym"].str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{3,63}").all()
assert not frame.duplicated(["as_at", "pseudonym"]).any()
frame.to_sql("hr_person", con, if_exists="append", index=False)
con.commit()
import resource
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(frame),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

HR_PANDAS_MEMORY = "import tracemalloc\ntracemalloc.start()\n" + HR_PANDAS.replace(
    "import resource\n", "import resource\npeak = tracemalloc.get_traced_memory()[1] / 1e6\n"
).replace('"rows": len(frame),', '"rows": len(frame), "traced_peak_mb": peak,')


def make_hr_extract(path: Path, rows: int = HR_ROWS) -> Path:
    """People at a date in the HR extract layout (docs/reference/workforce-hr-extract.md), seeded."""
    rng = random.Random(13)
    codes = ["W1"] * 40 + [
        "W2",
        "W9",
        "A1",
        "A2",
        "A3",
        "A4",
        "A9",
        "B1",
        "B2",
        "B9",
        "M1",
        "M2",
        "M3",
        "M9",
        "O1",
        "O9",
    ]
    ranks = ["constable"] * 8 + ["sergeant", "inspector"]
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["force", "as_at", "pseudonym", "worker_type", "rank", "ethnicity", "gender", "age_band",
                      "start_date", "unit"])  # fmt: skip
        for i in range(rows):
            out.writerow(["Kent", "2025-03-31", f"BENCH{i:07d}", "officer", rng.choice(ranks), rng.choice(codes),
                          rng.choice(("female", "male")), rng.choice(("25-34", "35-44")),
                          f"{rng.randint(1990, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "North"])  # fmt: skip
    return path


def _compare(args: Any, paths: list[str], pandas_script: str) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    repeats = 1 if args.quick else 3
    parity, pandas = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as home:
            parity.append(_python(PARITY, *paths, env={"PARITY_HOME": home, "DATABASE_URL": ""}))
        with tempfile.TemporaryDirectory() as scratch:
            pandas.append(_python(pandas_script, scratch, *paths))
    return _best(parity), _best(pandas), [parity, pandas]


def run(args: Any) -> dict[str, Any]:
    folder = Path(args.shared) / "home-office" / "police-workforce"
    best_parity, best_pandas, (parity, pandas) = _compare(args, [str(folder / name) for name in FILES], PANDAS)
    book_parity, book_pandas, (book_runs, book_pandas_runs) = _compare(args, [str(folder / WORKBOOK)], PANDAS_WORKBOOK)
    hr_parity, hr_pandas = [], []
    with tempfile.TemporaryDirectory() as data:
        len_hr = 20_000 if args.quick else HR_ROWS
        extract = make_hr_extract(Path(data) / "people.csv", len_hr)
        for _ in range(1 if args.quick else 3):
            with tempfile.TemporaryDirectory() as home:
                hr_parity.append(_python(HR_PARITY, str(extract), env={"PARITY_HOME": home, "DATABASE_URL": ""}))
            with tempfile.TemporaryDirectory() as scratch:
                hr_pandas.append(_python(HR_PANDAS, scratch, str(extract)))
        # memory: Parity at a quarter of the rows and at all of them (flat: about the same), and pandas
        memory = {}
        for rows in (len_hr // 4, len_hr):
            sized = make_hr_extract(Path(data) / f"people-{rows}.csv", rows)
            with tempfile.TemporaryDirectory() as home:
                memory[rows] = _python(HR_PARITY_MEMORY, str(sized), env={"PARITY_HOME": home, "DATABASE_URL": ""})
        with tempfile.TemporaryDirectory() as scratch:
            pandas_memory = _python(HR_PANDAS_MEMORY, scratch, str(extract))
    best_hr, best_hr_pandas = _best(hr_parity), _best(hr_pandas)
    small, large = (memory[rows]["traced_peak_mb"] for rows in sorted(memory))
    return {
        "hr_parity_traced_peak_mb": {str(rows): round(m["traced_peak_mb"], 1) for rows, m in sorted(memory.items())},
        "hr_parity_memory_growth_4x_rows": round(large / small, 2),
        "hr_pandas_traced_peak_mb": round(pandas_memory["traced_peak_mb"], 1),
        "hr_parity_over_pandas_memory": round(large / pandas_memory["traced_peak_mb"], 2),
        "hr_pandas_peak_rss_mb": round(best_hr_pandas["peak_rss_mb"], 1),
        "hr_extract_rows": best_hr["rows"],
        "hr_parity_sqlite_seconds": round(best_hr["seconds"], 3),
        "hr_parity_runs": _times(hr_parity),
        "hr_parity_peak_rss_mb": round(best_hr["peak_rss_mb"], 1),
        "hr_pandas_seconds": round(best_hr_pandas["seconds"], 3),
        "hr_pandas_runs": _times(hr_pandas),
        "hr_parity_over_pandas": round(best_hr["seconds"] / best_hr_pandas["seconds"], 2),
        "rows": best_parity["rows"],
        "parity_sqlite_seconds": round(best_parity["seconds"], 3),
        "parity_runs": _times(parity),
        "parity_peak_rss_mb": round(best_parity["peak_rss_mb"], 1),
        "pandas_seconds": round(best_pandas["seconds"], 3),
        "pandas_runs": _times(pandas),
        "parity_over_pandas": round(best_parity["seconds"] / best_pandas["seconds"], 2),
        "headcount_table_rows": book_parity["rows"],
        "headcount_table_parity_seconds": round(book_parity["seconds"], 3),
        "headcount_table_parity_runs": _times(book_runs),
        "headcount_table_pandas_seconds": round(book_pandas["seconds"], 3),
        "headcount_table_pandas_runs": _times(book_pandas_runs),
        "headcount_table_parity_over_pandas": round(book_parity["seconds"] / book_pandas["seconds"], 2),
    }
