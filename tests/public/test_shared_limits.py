"""Limits and kept pages hold across workers and machines: with PARITY_CACHE_URL on Redis,
separate processes add to one count per client and share the pages they keep. Tested on a
real Redis (PARITY_TEST_REDIS_URL; scripts/test starts one)."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
import redis
from django.test import Client

from tests.conftest import REDIS_URL, ROOT

pytestmark = pytest.mark.django_db
PARITY = Path(sys.executable).parent / "parity"


def test_api_limits_count_in_redis(redis_cache: str, client: Client, settings: object) -> None:
    settings.PARITY_API_RATE_LIMITS = "3/m"  # type: ignore[attr-defined]
    answers = [client.get("/api/forces?limit=1").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{redis_cache}:*")]
    counts = [k for k in keys if ":rate:api:3/60:" in k and k.endswith(":127.0.0.1")]
    assert len(counts) == 1, keys
    assert int(redis.Redis.from_url(REDIS_URL).get(counts[0]) or 0) == 4


def test_kept_pages_are_kept_in_redis(redis_cache: str, client: Client, loaded: object) -> None:
    first = client.get("/forces/wiltshire")
    assert first.status_code == 200
    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{redis_cache}:*")]
    assert any(":page:" in k for k in keys) and any(":marked:" in k for k in keys), keys
    again = client.get("/forces/wiltshire")
    assert again.content == first.content


# --- separate processes ------------------------------------------------------------------------

WORKER = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR=sys.argv[1])
print(json.dumps([client.get("/no-such-page").status_code for _ in range(int(sys.argv[2]))]))
"""


def worker(home: Path, address: str, requests: int, cache_url: str) -> list[int]:
    """One server process with its own Django and cache connection, asking `requests` times."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PARITY_", "DATABASE_URL", "DJANGO_"))}
    env = keep | {
        "PARITY_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "parity.settings",
        "PARITY_PAGE_RATE_LIMITS": "5/h",
        "PARITY_CACHE_URL": cache_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", WORKER, address, str(requests)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def test_two_processes_share_one_limit_through_redis(redis_cache: str, tmp_path: Path) -> None:
    address = f"2001:db8:{uuid.uuid4().hex[:4]}::{uuid.uuid4().hex[:4]}"  # this run's own client
    first = worker(tmp_path, address, 3, REDIS_URL)
    second = worker(tmp_path, address, 3, REDIS_URL)
    assert first == [404, 404, 404]
    assert second == [404, 404, 429], "the second process saw the first one's three requests"


def test_four_workers_on_two_servers_behind_the_proxy_share_one_limit(redis_cache: str, tmp_path: Path) -> None:
    """Two `parity serve --workers 2` (two machines' worth), one Redis, the proxy's header."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARITY_", "DATABASE_URL", "DJANGO_"))}
    env |= {
        "PARITY_HOME": str(tmp_path),
        "PARITY_CACHE_URL": REDIS_URL,
        "PARITY_PAGE_RATE_LIMITS": "6/h",
        "PARITY_TRUSTED_PROXIES": "127.0.0.1",  # the test is the proxy in front of both
        "PARITY_LOG_LEVEL": "WARNING",
    }
    migrated = subprocess.run([PARITY, "migrate"], env=env, capture_output=True, text=True, check=False, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    servers, urls = [], []
    try:
        for _ in range(2):
            port = _free_port()
            with (tmp_path / f"serve-{port}.log").open("wb") as log:
                command = [str(PARITY), "serve", "--port", str(port), "--workers", "2"]
                servers.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT))
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_for(url)
        client = f"2001:db8:{uuid.uuid4().hex[:4]}::{uuid.uuid4().hex[:4]}"  # this run's own client
        forwarded = {"X-Forwarded-For": f"192.0.2.1, {client}"}  # what it wrote, then what the proxy saw
        answers = [httpx.get(urls[n % 2] + "/no-such-page", headers=forwarded).status_code for n in range(10)]
        assert answers == [404] * 6 + [429] * 4
        other = {"X-Forwarded-For": str(ipaddress.IPv6Address(client) + 1)}  # the next address along
        assert httpx.get(urls[0] + "/no-such-page", headers=other).status_code == 404, "another client"
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/no-such-page", timeout=2, headers={"X-Forwarded-For": "192.0.2.250"})
            return
        except httpx.TransportError:
            time.sleep(0.25)
    raise AssertionError(f"parity serve did not answer at {url}")


def test_without_redis_each_process_counts_for_itself(tmp_path: Path) -> None:
    """The local default, for one process per machine (docs/guides/deploying.md)."""
    assert worker(tmp_path, "192.0.2.1", 3, "") == [404, 404, 404]
    assert worker(tmp_path, "192.0.2.1", 3, "") == [404, 404, 404]


def test_a_cache_that_cannot_be_reached_slows_nothing_and_refuses_no_one(
    settings: object, client: Client, loaded: object, caplog: pytest.LogCaptureFixture
) -> None:
    from parity.settings import cache_settings

    settings.CACHES = cache_settings("redis://127.0.0.1:1/0")  # type: ignore[attr-defined]  # nothing listens
    settings.PARITY_API_RATE_LIMITS = "1/m"  # type: ignore[attr-defined]
    settings.PARITY_PAGE_RATE_LIMITS = "1/m"  # type: ignore[attr-defined]
    assert [client.get("/forces/wiltshire").status_code for _ in range(2)] == [200, 200]
    assert [client.get("/api/forces?limit=1").status_code for _ in range(2)] == [200, 200]
    assert "rate limits: the cache could not be reached (ConnectionError" in caplog.text
    assert "kept pages: the cache could not be read" in caplog.text
