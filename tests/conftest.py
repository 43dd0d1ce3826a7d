"""Test set-up: real data, real databases.

- Every database test runs on SQLite; when PARITY_TEST_DATABASE_URL is set, the same pytest
  command then runs every database test again on that PostgreSQL server (a second pass in
  a subprocess, because Django picks its database once per process).
- The real data.police.uk records for all 11 shared forces and both censuses are loaded
  once per pass into the test database, before any database test, and into a session
  warehouse that the `loaded` fixture switches to.
- Each test gets an empty scratch warehouse unless it asks for the loaded one, so a test
  that imports can never disturb another.
- Tests run in parallel (pytest-xdist, `scripts/test` passes `-n auto`) and in a random order
  (pytest-randomly; `-p no:randomly` turns it off, `--randomly-seed=N` repeats an order):
  each worker has its own test database, warehouse and PARITY_HOME, and every module-level
  cache is emptied around each test, so no test can lean on one run before it.
- `slow` marks the tests that analyse all the shared records (`loaded`, `loaded_data`), or
  need the browser tests' server or a browser: `-m "not slow"` is the quick run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from tests.pagecheck import CheckedClient
    from tests.roles import RoleWorld

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared" / "data").resolve()
POLICE_UK = SHARED / "police-uk"
POPULATION = SHARED / "population"
POPULATION_FILES = [
    POPULATION / "census-2011" / "la-ethnic-groups.csv",
    POPULATION
    / "lookups"
    / (
        "Local_Authority_District_to_Community_Safety_Partnerships_to_"
        "Police_Force_Areas__December_2016__Lookup_in_England_and_Wales.csv"
    ),
    POPULATION / "census-2021" / "census_2021_ethnic_group_20cat_by_ltla.csv",
    POPULATION / "lookups" / "LAD22_CSP22_PFA22_lookup.csv",
]
PG_PASS = os.environ.get("PARITY_DB_PASS") == "postgresql"
DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "loaded", "loaded_data", "client", "admin_client"}


def pytest_configure(config: pytest.Config) -> None:
    if not POLICE_UK.is_dir():
        raise pytest.UsageError(
            f"the shared data is missing: expected {POLICE_UK} (a checkout of Parity sits beside ../shared)"
        )
    config.addinivalue_line("markers", "browser: drives chromium; SQLite pass only")
    config.addinivalue_line(
        "markers", "slow: analyses all 305,071 shared records, or needs a real server or a browser; set automatically"
    )
    config.addinivalue_line(
        "markers",
        "uses_up_limits: exhausts an hourly limit of 127.0.0.1 on the browser tests' server; runs last in any order",
    )
    config.addinivalue_line(
        "markers", "postgresql_only: needs a database another process can open; runs on the PostgreSQL pass only"
    )


# Fixtures a test asks for by name that make it slow in itself: analyses over all the shared
# records, the browser tests' server, a browser page. (Every database test waits for the
# session's import of the records, once per worker, whatever it is marked.)
SLOW_FIXTURES = {"loaded", "loaded_data", "parity_server", "server_home", "page"}


def _is_slow(item: pytest.Item) -> bool:
    return bool(SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))) or bool(item.get_closest_marker("browser"))


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark `slow` every test that analyses the shared records or needs a server or a browser,
    as it is collected, so -m can select on it. (Each worker that runs browser tests starts
    its own server, on a free port, in its own temporary folder.)"""
    if _is_slow(item):
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)  # after pytest-randomly has shuffled them
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass keep only the tests that touch the database; on the SQLite
    pass leave out those only PostgreSQL can run (the in-memory test database is out of
    reach of another process). Tests that use up one of the server's hourly limits go last
    (pytest-xdist hands items out in this order, so none runs after them on their worker)."""
    items[:] = sorted(items, key=lambda item: bool(item.get_closest_marker("uses_up_limits")))
    if not PG_PASS:
        only_pg = [item for item in items if item.get_closest_marker("postgresql_only")]
        if only_pg:
            config.hook.pytest_deselected(items=only_pg)
            items[:] = [item for item in items if not item.get_closest_marker("postgresql_only")]
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        uses_db = bool(DB_FIXTURES & set(getattr(item, "fixturenames", ()))) or item.get_closest_marker("django_db")
        (keep if uses_db and not item.get_closest_marker("browser") else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The PostgreSQL pass, started once, by the process that runs the tests or, in parallel
    runs, by the controller (never by a worker), in the same random order."""
    url = os.environ.get("PARITY_TEST_DATABASE_URL")
    if not url or PG_PASS or session.config.option.collectonly or exitstatus == pytest.ExitCode.INTERRUPTED:
        return
    if hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_sep("=", f"PostgreSQL pass: the database tests again on {url.split('@')[-1]}")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PARITY_DB_PASS": "postgresql",
        "PARITY_TEST_DB_NAME": f"test_parity_{os.getpid()}",
    }
    seed = getattr(session.config.option, "randomly_seed", None)
    same_order = [f"--randomly-seed={seed}"] if isinstance(seed, int) else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *session.config.invocation_params.args, *same_order],
        env=env,
        cwd=session.config.invocation_params.dir,
        check=False,
    )
    session.config.stash[_PG_RESULT] = result.returncode
    if result.returncode not in (0, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_PG_RESULT = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: object, exitstatus: int, config: pytest.Config) -> None:
    code = config.stash.get(_PG_RESULT, None)
    if code is not None:
        verdict = "passed" if code in (0, pytest.ExitCode.NO_TESTS_COLLECTED) else f"FAILED (exit {code})"
        terminalreporter.write_line(f"PostgreSQL pass {verdict}")  # type: ignore[attr-defined]


def clear_module_caches() -> None:
    """Empty every cache Parity keeps at module level: functools caches (found, so a new one
    is covered without a change here), the published figures' stores, the normaliser's
    memo and Django's in-process cache (never a shared one such as Redis)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for name, module in list(sys.modules.items()):
        if not name.startswith("parity.") or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()
    published = sys.modules.get("parity.web.cache")
    for store in ("results", "pages", "bodies"):
        getattr(getattr(published, store, None), "clear", lambda: None)()
    held = getattr(published, "_held", None)
    if isinstance(held, dict):
        held.update(value=None, read_at=None)
    combos = getattr(sys.modules.get("parity.powers.importing.normalise"), "_COMBOS", None)
    if isinstance(combos, dict):
        combos.clear()
    for backend in caches.all(initialized_only=True):
        if isinstance(backend, LocMemCache):
            backend.clear()


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Each test starts with every module-level cache empty, so none depends on the order
    tests run in (pytest-randomly shuffles it)."""
    clear_module_caches()
    yield
    clear_module_caches()


@pytest.fixture(autouse=True)
def scratch_home(tmp_path: Path, settings: object) -> Path:
    """An empty PARITY_HOME and warehouse for each test."""
    home = tmp_path / "home"
    home.mkdir()
    settings.PARITY_HOME = home  # type: ignore[attr-defined]
    settings.WAREHOUSE_DIR = home / "warehouse"  # type: ignore[attr-defined]
    settings.RAW_DIR = home / "raw"  # type: ignore[attr-defined]
    return home


@pytest.fixture(autouse=True)
def no_page_limits(settings: object) -> None:
    """The public pages' rate limit off: tests make many requests from one address within a
    second. The limits have tests of their own, which set them explicitly."""
    settings.PARITY_PAGE_RATE_LIMITS = "off"  # type: ignore[attr-defined]


REDIS_URL = os.environ.get("PARITY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_cache(settings: object) -> Iterator[str]:
    """Django's cache on the test Redis (PARITY_TEST_REDIS_URL), as PARITY_CACHE_URL sets it,
    under a key prefix of this test's own, so concurrent runs never meet; its keys are
    deleted afterwards. Without Redis the test fails: scripts/test starts it."""
    import redis

    from parity.settings import cache_settings

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"these tests need Redis at {REDIS_URL} ({error}): run scripts/start-redis, or scripts/test")
    prefix = f"parity-test-{uuid.uuid4().hex}"
    caches = cache_settings(REDIS_URL)
    caches["default"]["KEY_PREFIX"] = prefix
    settings.CACHES = caches  # type: ignore[attr-defined]
    yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="session")
def loaded_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("loaded") / "warehouse"


_LOAD_REPORT = pytest.StashKey[object]()


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: object, loaded_warehouse: Path, request: pytest.FixtureRequest
) -> None:
    """Load every shared force and both censuses once per pass, before any database test.

    Every database test therefore sees the same data, whatever order tests run in. Tests
    that import their own files use forces outside the eleven shared ones (Kent, Essex ...).
    """
    from parity.powers.importing.pipeline import ingest
    from parity.warehouse.population import import_census

    previous, warm = settings.WAREHOUSE_DIR, settings.WARM_AFTER_IMPORT
    settings.WAREHOUSE_DIR = loaded_warehouse
    settings.WARM_AFTER_IMPORT = False  # tests ask for what they need (tests/powers/test_kept_protection.py)
    try:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            report = ingest([POLICE_UK])
            assert not report.refused, report.refused
            import_census(POPULATION_FILES)
    finally:
        settings.WAREHOUSE_DIR, settings.WARM_AFTER_IMPORT = previous, warm
    request.config.stash[_LOAD_REPORT] = report


@pytest.fixture(scope="session")
def loaded_data(django_db_setup: None, request: pytest.FixtureRequest) -> object:
    """The report of the session's import of the shared records."""
    return request.config.stash[_LOAD_REPORT]


@pytest.fixture
def loaded(loaded_data: object, db: None, settings: object, loaded_warehouse: Path) -> Path:
    """The database and warehouse holding all shared records; treat both as read-only."""
    settings.WAREHOUSE_DIR = loaded_warehouse  # type: ignore[attr-defined]
    return loaded_warehouse


@pytest.fixture
def client() -> CheckedClient:
    """Django's test client, running the page checks (tests/pagecheck.py) on every HTML page it fetches."""
    from tests.pagecheck import CheckedClient

    return CheckedClient()


@pytest.fixture
def role_world(db: None) -> RoleWorld:
    """Two forces with panels and teams, and a signed-in person per persona (tests/roles.py)."""
    from tests.roles import RoleWorld

    return RoleWorld.build()
