"""`parity serve` with several workers on PostgreSQL: each worker has its own connection.

gunicorn forks its workers from the process that ran the migrations check; a connection
opened there and inherited by both workers made their queries interleave on one socket
(wrong rows, 500s, and a figure wrongly "not held" kept for the data version). This runs a
real server on the pass's PostgreSQL test database, asking the database on every request,
and sends requests for every force's page and figures, 16 at a time (without the fix this
fails). SQLite test databases live in memory, out of reach of another process, so the test
runs on the PostgreSQL pass.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql_only]
PARITY = Path(sys.executable).parent / "parity"
FORCES = ["avon-and-somerset", "bedfordshire", "city-of-london", "leicestershire", "nottinghamshire", "wiltshire"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_two_workers_answer_their_first_requests_correctly(loaded: Path) -> None:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PARITY_", "DATABASE_URL", "DJANGO_"))}
    env = {
        **keep,
        "PARITY_HOME": str(loaded.parent),  # its warehouse is the session's loaded one
        "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
        "PARITY_API_RATE_LIMITS": "off",
        "PARITY_PAGE_RATE_LIMITS": "off",
        "PARITY_DATA_VERSION_SECONDS": "0",  # every request asks the database: many chances to interleave
        "PARITY_LOG_LEVEL": "WARNING",
    }
    port = _free_port()
    log = loaded.parent / f"serve-{port}.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [PARITY, "serve", "--port", str(port), "--workers", "2"], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()[-2000:]
            try:
                httpx.get(url + "/cookies", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        paths = [f"/forces/{f}" for f in FORCES] + [f"/api/stop-and-search/{f}/rates" for f in FORCES]
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(lambda p: (p, httpx.get(url + p, timeout=120).status_code), paths * 20))
        assert [a for a in answers if a[1] != 200] == [], log.read_text()[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=30)
