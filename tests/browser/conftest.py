"""Browser tests: Debian's chromium driving a real Parity server.

The `parity_server` session fixture starts `parity serve` in a subprocess, on a free port,
against its own PARITY_HOME: an SQLite database holding two small forces (Wiltshire and
City of London, every month 2019 to 2021) and both censuses, loaded with `parity ingest`.
Browser tests therefore never touch pytest-django's test database (its transactional_db
would flush the data other tests share), and `page.goto("/")` goes to that server, which
is also the `base_url` fixture.

Use the helpers in tests/browser/checks.py: `assert_accessible(page)` (axe-core, WCAG 2.2
AA, zero violations), `walk_keyboard(page)` (Tab order, visible focus, skip link first) and
`assert_reflows(page)` (no horizontal scrolling at 320 px). Mark every test
`@pytest.mark.browser`; the PostgreSQL pass skips them.

To set the server up as an operator would, run commands against its PARITY_HOME (the
`server_home` fixture) with `parity(server_home, ...)`; `add_person` and `add_panel_member`
give it someone who signs in with PASSWORD. `sign_in(page, email)` signs in someone who needs
no second factor; force staff and panel chairs and members sign in the first time with
`sign_in_with_new_authenticator(page, email)`, which keeps the key it was shown, and again
with `sign_in_with_authenticator(page, email, key)`.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django_otp.oath import TOTP
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.conftest import POLICE_UK, POPULATION_FILES, SHARED

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_FORCES = ("wiltshire", "city-of-london")
# The Home Office workforce tables: officers by rank and ethnicity, and headcounts without ethnicity.
WORKFORCE_FILES = [
    SHARED / "home-office" / "police-workforce" / name
    for name in ("officers-by-rank-ethnicity-2003-2006.csv", "open-data-table-police-workforce-260723.ods")
]
PARITY = Path(sys.executable).parent / "parity"
PASSWORD = "a long browser-test passphrase"  # everyone the browser tests add signs in with it


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium (never `playwright install`), headless and quiet on the network."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_environment(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PARITY_", "DATABASE_URL", "DJANGO_"))}
    # The page limit off: the whole browser suite asks from one address (its own tests set it).
    return {**keep, "PARITY_HOME": str(home), "PARITY_LOG_LEVEL": "WARNING", "PARITY_PAGE_RATE_LIMITS": "off"}


def _run(args: list[str | Path], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({result.returncode}):\n{result.stderr[-3000:]}")


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"parity serve stopped ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"parity serve did not answer at {url} within 120 s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def parity_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Parity, served by gunicorn on a free port, with two forces loaded. Yields its URL."""
    home = tmp_path_factory.mktemp("parity-server")
    env = _server_environment(home)
    _run([PARITY, "migrate"], env)
    _run([PARITY, "ingest", "police-uk", *(POLICE_UK / force for force in SERVER_FORCES)], env)
    _run([PARITY, "ingest", "population", *POPULATION_FILES], env)
    _run([PARITY, "ingest", "workforce", *WORKFORCE_FILES], env)
    port = _free_port()
    log = home / "server.log"
    url = f"http://127.0.0.1:{port}"
    env["PARITY_SITE_URL"] = url  # the start of the links it sends (receipts, set-password e-mails)
    with log.open("wb") as output:
        server = subprocess.Popen(
            [PARITY, "serve", "--port", str(port), "--workers", "1"], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_serving(url + "/", server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def server_home(parity_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PARITY_HOME of the browser tests' server: `parity_server` makes it, once per session, as
    the first numbered "parity-server" folder."""
    home = tmp_path_factory.getbasetemp() / "parity-server0"
    assert (home / "server.log").exists(), f"the browser tests' server is not in {home}"
    return home


def parity(home: Path, *args: str, stdin: str = "") -> str:
    """Run a `parity` command against the server's PARITY_HOME; what it printed."""
    result = subprocess.run(
        [PARITY, *args],
        input=stdin,
        env=_server_environment(home),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"parity {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def add_person(home: Path, email: str, role: str, *, force: str = "wiltshire") -> None:
    """Give the server a person with PASSWORD and a role in a force: `parity user add`."""
    parity(home, "user", "add", email, "--role", role, "--force", force, "--password-stdin", stdin=PASSWORD + "\n")


def add_panel_member(home: Path, email: str, panel: str, role: str) -> None:
    """Put a person with PASSWORD on a panel: `parity panel add-member`."""
    parity(
        home, "panel", "add-member", email, "--panel", panel, "--role", role, "--password-stdin", stdin=PASSWORD + "\n"
    )


def enter_password(page: Page, email: str) -> None:
    """The sign-in page, with PASSWORD; force staff go on to their second factor."""
    page.goto("/account/sign-in")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, email: str) -> None:
    """Sign in someone with no second factor to give: they land on their account page."""
    enter_password(page, email)
    expect(page.locator("h1")).to_have_text("Your account")


def authenticator_code(key: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app set up with KEY shows now (or `steps_ahead` half-minutes on)."""
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in_with_new_authenticator(page: Page, email: str) -> str:
    """Sign in for the first time as force staff or a panel chair or member: set up the
    authenticator app from the key shown. The key, for signing in again."""
    enter_password(page, email)
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    key = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.fill("#id_token", authenticator_code(key))
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.locator("h1")).to_have_text("Your account")
    return key


def sign_in_with_authenticator(page: Page, email: str, key: str) -> None:
    """Sign in again with the authenticator app set up with KEY. A code is taken once only, so
    this enters the next half-minute's, which Parity accepts as a clock a little ahead."""
    enter_password(page, email)
    expect(page.locator("h1")).to_have_text("Enter your code")
    page.fill("#id_token", authenticator_code(key, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your account")


@pytest.fixture(scope="session")
def base_url(parity_server: str) -> str:
    """pytest-playwright resolves `page.goto("/path")` against this."""
    return parity_server


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Errors the page reports (a script refused by the Content Security Policy, a 404 asset ...).

    Ask for it in a test and assert it is empty at the end; a page meant to answer 404 or 403
    itself logs one "Failed to load resource" line for the document, which is filtered out.
    """
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
