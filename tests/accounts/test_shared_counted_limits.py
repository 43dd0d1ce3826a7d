"""The counted limits hold across workers and machines (issue 11, item 3): receipt guesses
and set-password requests count in Django's cache, so with PARITY_CACHE_URL on Redis
separate processes add to one count per client; the sign-in lock-out counts in the database
every worker shares (docs/decisions/0009-counted-limits.md). Tested with separate processes
on a real Redis and one database, as two machines would be."""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.test import Client

from parity.recording import references
from tests.conftest import REDIS_URL, ROOT

pytestmark = pytest.mark.django_db
PARITY = Path(sys.executable).parent / "parity"

WORKER = """
import json, sys
import django
django.setup()
from django.test import Client
address, method, path, times = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = json.loads(sys.argv[5])
client = Client(REMOTE_ADDR=address)
ask = client.get if method == "GET" else client.post
print(json.dumps([ask(path, data).status_code for _ in range(times)]))
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database for every process, as the machines of one deployment share theirs."""
    path = tmp_path_factory.mktemp("shared-home")
    migrated = subprocess.run(
        [PARITY, "migrate"], env=_env(path, ""), capture_output=True, text=True, check=False, timeout=300
    )
    assert migrated.returncode == 0, migrated.stderr
    return path


def _env(home: Path, cache_url: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PARITY_", "DATABASE_URL", "DJANGO_"))}
    return keep | {
        "PARITY_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "parity.settings",
        "PARITY_CACHE_URL": cache_url,
        "PARITY_PAGE_RATE_LIMITS": "off",
        "PARITY_RECEIPT_GUESS_LIMIT": "3",
        "PARITY_PASSWORD_REQUESTS_PER_HOUR": "3",
        "PARITY_LOCKOUT_ATTEMPTS": "3",
        "PARITY_LOG_LEVEL": "WARNING",
    }


def worker(home: Path, cache_url: str, address: str, request: str, times: int, data: dict[str, str]) -> list[int]:  # noqa: PLR0917
    """One server process, with its own Django and cache connection, asking `times` times."""
    method, path = request.split(" ", 1)
    result = subprocess.run(
        [sys.executable, "-c", WORKER, address, method, path, str(times), json.dumps(data)],
        env=_env(home, cache_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def _client() -> str:
    """This run's own client, written as Parity writes addresses (no leading zeros)."""
    return str(ipaddress.IPv6Address(f"2001:db8:{uuid.uuid4().hex[:4]}::{uuid.uuid4().hex[:4]}"))


def test_receipt_guesses_from_two_processes_add_to_one_count_in_redis(redis_cache: str, home: Path) -> None:
    address = _client()
    guess = f"GET /receipt/{references.new_reference()}"
    assert worker(home, REDIS_URL, address, guess, 2, {}) == [404, 404]
    assert worker(home, REDIS_URL, address, guess, 2, {}) == [404, 429], "the second saw the first one's guesses"
    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"*:rate:receipt-guesses:*{address}")]
    assert len(keys) == 1, keys
    # The address lives only as long as the guessing limit needs it (issue 11, item 6).
    assert 0 < redis.Redis.from_url(REDIS_URL).ttl(keys[0]) <= 3601


def test_without_redis_each_process_counts_guesses_for_itself(home: Path) -> None:
    """The local default, for one process on one machine (docs/guides/deploying.md)."""
    address, guess = _client(), f"GET /receipt/{references.new_reference()}"
    assert worker(home, "", address, guess, 2, {}) == [404, 404]
    assert worker(home, "", address, guess, 2, {}) == [404, 404]


def test_set_password_requests_from_two_processes_share_one_limit_in_redis(redis_cache: str, home: Path) -> None:
    address, ask = _client(), "POST /account/password-reset"
    assert worker(home, REDIS_URL, address, ask, 2, {"email": "nobody@example.org"}) == [302, 302]
    assert worker(home, REDIS_URL, address, ask, 2, {"email": "nobody@example.org"}) == [302, 429]
    assert worker(home, REDIS_URL, _client(), ask, 1, {"email": "nobody@example.org"}) == [302], "another client"


def test_the_sign_in_lock_out_holds_across_processes_through_the_database(home: Path) -> None:
    """Each process has its own (local) cache: the lock-out still holds, because it counts
    in the database they share."""
    address, sign_in = _client(), "POST /account/sign-in"
    wrong = {"email": "someone@example.org", "password": "not the password"}
    assert worker(home, "", address, sign_in, 2, wrong) == [200, 200]
    assert worker(home, "", address, sign_in, 2, wrong) == [429, 429], "the third failure, in another process, locks"


def test_a_guess_counted_in_this_process_is_in_the_cache_not_the_database(client: Client, redis_cache: str) -> None:
    from django.db import connection

    assert client.get(f"/receipt/{references.new_reference()}").status_code == 404
    assert "recording_receiptlookup" not in connection.introspection.table_names()
    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{redis_cache}:*")]
    assert [k for k in keys if ":rate:receipt-guesses:" in k and k.endswith(":127.0.0.1")], keys
