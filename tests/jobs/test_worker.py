"""`parity worker` really runs the scheduled jobs: a worker in its own process takes them
from the database (SQLite, PostgreSQL) or from Redis, and each does its work.

These tests run Parity in subprocesses on a database of their own (a fresh SQLite file, or
a fresh PostgreSQL database), because the worker is another process and must see it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from parity.jobs.registry import JOBS

REDIS_URL = "redis://127.0.0.1:6379/0"

# Run inside Parity (django set up): a panel member whose term ended in 2020 still holds
# the role, and every job is due now.
ARRANGE = """
import datetime as dt
from django.utils import timezone
from django_q.models import Schedule
from parity.accounts.models import RoleAssignment, User
from parity.accounts.roles import Role
from parity.jobs.schedule import RUNNER, register
from parity.reference.models import Force
from parity.scrutiny.models import Member, Panel

force = Force.objects.get(slug="west-midlands")
panel = Panel.objects.create(force=force, name="Stop and search panel")
user = User.objects.create_user("former@jobs.test", password=None, full_name="Former member")
Member.objects.create(panel=panel, user=user, joined_on=dt.date(2018, 1, 1), term_ends_on=dt.date(2020, 1, 1))
RoleAssignment.objects.create(user=user, role=Role.PANEL_MEMBER, force=force, panel=panel)
register()
Schedule.objects.filter(func=RUNNER).update(next_run=timezone.now() - dt.timedelta(minutes=1))
"""

# What the worker has done so far, as JSON.
OBSERVE = """
import json
from django_q.models import Task
from parity.accounts.models import RoleAssignment
from parity.jobs.schedule import RUNNER

tasks = Task.objects.filter(func=RUNNER)
print(json.dumps({
    "succeeded": sorted({t.args[0] for t in tasks if t.success}),
    "failed": {t.args[0]: str(t.result) for t in tasks if not t.success},
    "role_held": RoleAssignment.objects.filter(user__email="former@jobs.test").exists(),
}))
"""

# Register the schedules twice, change one by hand and add a stray, register again.
REGISTER_TWICE = """
import json
from django_q.models import Schedule
from parity.jobs.schedule import RUNNER, register

first = register()
rows = lambda: sorted(Schedule.objects.filter(func=RUNNER).values_list("name", "minutes", "next_run"))
before = rows()
second = register()
after = rows()
Schedule.objects.filter(name="send-receipts").update(minutes=999)
Schedule.objects.create(name="a-job-since-removed", func=RUNNER, args="'a-job-since-removed'")
Schedule.objects.create(name="someone-elses", func="math.floor", args="1")
third = register()
print(json.dumps({
    "first": first.created, "second": [second.created, second.updated, second.removed],
    "same": before == after, "third": [third.created, third.updated, third.removed],
    "restored": rows() == before, "others_kept": Schedule.objects.filter(name="someone-elses").exists(),
}, default=str))
"""


def _parity_env(home: Path, database_url: str | None, broker_url: str, queue: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PARITY_TEST_DB_NAME")}
    env.update(PARITY_HOME=str(home), PARITY_TASK_BROKER_URL=broker_url, PARITY_TASK_QUEUE=queue)
    env["DJANGO_SETTINGS_MODULE"] = "parity.settings"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _python(env: dict[str, str], code: str) -> str:
    script = "import django\ndjango.setup()\n" + code
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _migrate(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "parity", "migrate"], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server, dropped afterwards."""
    server = os.environ.get("PARITY_TEST_DATABASE_URL")
    if not server:
        pytest.skip("PARITY_TEST_DATABASE_URL is not set: no PostgreSQL server to run a worker against")
    import psycopg

    name = f"parity_jobs_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue name of this test's own, so runs sharing a Redis server never meet; its keys
    are deleted afterwards."""
    name = f"parity-test-{uuid.uuid4().hex[:12]}"
    yield name
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = [name, *client.keys(f"django_q:{name}:*")]
        client.delete(*keys)
    except redis.ConnectionError:
        pass
    finally:
        client.close()


def _run_worker_until_done(env: dict[str, str], home: Path) -> dict[str, object]:
    """Start `parity worker`, wait until every job has run (the scheduler looks every 30 s),
    then stop it as systemd would (SIGTERM)."""
    log = (home / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "-m", "parity", "worker"], env=env, stdout=log, stderr=log)
    wanted = sorted(job.name for job in JOBS)
    seen: dict[str, object] = {}
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and worker.poll() is None:
            time.sleep(3)
            seen = json.loads(_python(env, OBSERVE))
            if seen["succeeded"] == wanted or seen["failed"]:
                break
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
    output = (home / "worker.log").read_text()
    assert seen.get("succeeded") == wanted, f"jobs run: {seen}; the worker said:\n{output}"
    assert not seen["failed"], output
    assert worker.returncode == 0, f"the worker did not stop cleanly on SIGTERM:\n{output}"
    return seen


def _check_the_worker_runs_every_job(env: dict[str, str], home: Path) -> None:
    _migrate(env)
    _python(env, ARRANGE)
    assert json.loads(_python(env, OBSERVE))["role_held"] is True
    seen = _run_worker_until_done(env, home)
    assert seen["role_held"] is False  # end-panel-terms really took the ended member's role


def test_the_worker_runs_every_job_from_the_database_on_sqlite(tmp_path: Path, queue: str) -> None:
    _check_the_worker_runs_every_job(_parity_env(tmp_path, None, "", queue), tmp_path)


def test_the_worker_runs_every_job_from_the_database_on_postgresql(
    tmp_path: Path, queue: str, postgresql_url: str
) -> None:
    _check_the_worker_runs_every_job(_parity_env(tmp_path, postgresql_url, "", queue), tmp_path)


def test_the_worker_runs_every_job_from_redis(tmp_path: Path, queue: str) -> None:
    import redis

    env = _parity_env(tmp_path, None, REDIS_URL, queue)
    _check_the_worker_runs_every_job(env, tmp_path)
    # The tasks went through Redis: the cluster kept its statistics under this queue's name.
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert client.keys(f"django_q:{queue}:cluster*")
    finally:
        client.close()


def test_registering_the_schedules_again_changes_nothing(tmp_path: Path, queue: str) -> None:
    env = _parity_env(tmp_path, None, "", queue)
    _migrate(env)
    seen = json.loads(_python(env, REGISTER_TWICE))
    assert seen["first"] == [job.name for job in JOBS]
    assert seen["second"] == [[], [], []] and seen["same"]
    assert seen["third"] == [[], ["send-receipts"], ["a-job-since-removed"]]
    assert seen["restored"] and seen["others_kept"]
