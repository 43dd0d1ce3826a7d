"""Production settings: `parity check-deploy`, and the headers sent when PARITY_SECURE=true.

Settings are read from the environment once, at start-up, so each case runs Parity in a
subprocess with the environment a deployment would give it.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT

PARITY = Path(sys.executable).parent / "parity"


def environment(home: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PARITY_", "DATABASE_URL", "DJANGO_"))}
    return {**keep, "PARITY_HOME": str(home), **extra}


def production(home: Path) -> dict[str, str]:
    return environment(
        home,
        PARITY_SECURE="true",
        PARITY_SECRET_KEY=secrets.token_urlsafe(50),
        PARITY_ALLOWED_HOSTS="parity.example.org",
        PARITY_SITE_URL="https://parity.example.org",
        PARITY_TRUSTED_PROXIES="127.0.0.1",
        PARITY_CSRF_TRUSTED_ORIGINS="https://parity.example.org",
        DATABASE_URL="postgresql://parity@db.example.org:5432/parity",
        PARITY_CONTACT_EMAIL="accessibility@example.org",
        PARITY_STATIC_MANIFEST="1",
        PARITY_EMAIL_BACKEND="parity.web.notify.EmailBackend",
        PARITY_RECEIPT_BACKEND="parity.recording.delivery.NotifyBackend",
        PARITY_NOTIFY_API_KEY=f"parity-{uuid.uuid4()}-{uuid.uuid4()}",
        PARITY_NOTIFY_EMAIL_TEMPLATE=str(uuid.uuid4()),
        PARITY_NOTIFY_SMS_TEMPLATE=str(uuid.uuid4()),
    )


def run(args: list[str | Path], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)


def test_check_deploy_fails_on_the_development_defaults_and_says_what_to_change(tmp_path: Path) -> None:
    result = run([PARITY, "check-deploy", "--format", "json"], environment(tmp_path))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    fixes = {p["id"]: p["fix"] for p in report["problems"]}
    assert {"parity.W001", "parity.W002", "parity.W003", "parity.W004", "parity.W005", "parity.W006"} <= set(fixes)
    assert fixes["security.W004"] == "PARITY_SECURE=true"  # HSTS, in Parity's terms
    assert fixes["security.W012"] == "PARITY_SECURE=true"  # secure session cookie
    text = run([PARITY, "check-deploy"], environment(tmp_path))
    assert "problems (0 errors" in text.stderr and "docs/guides/deploying.md" in text.stderr


def test_check_deploy_passes_a_production_set_up_once_static_files_are_collected(tmp_path: Path) -> None:
    env = production(tmp_path)
    missing = run([PARITY, "check-deploy", "--format", "json"], env)
    assert missing.returncode == 1
    assert [p["id"] for p in json.loads(missing.stdout)["problems"]] == ["parity.E002"]
    collected = run([PARITY, "manage", "collectstatic", "--noinput"], env)
    assert collected.returncode == 0, collected.stderr
    result = run([PARITY, "check-deploy"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found" in result.stderr


def test_check_deploy_refuses_notify_without_its_key_and_warns_while_messages_are_kept(tmp_path: Path) -> None:
    env = {**production(tmp_path), "PARITY_NOTIFY_API_KEY": "", "PARITY_NOTIFY_SMS_TEMPLATE": ""}
    problems = json.loads(run([PARITY, "check-deploy", "--format", "json"], env).stdout)["problems"]
    (notify,) = [p for p in problems if p["id"] == "parity.E004"]
    assert "PARITY_NOTIFY_API_KEY, PARITY_NOTIFY_SMS_TEMPLATE are not set" in notify["problem"]
    env = {**production(tmp_path), "PARITY_RECEIPT_BACKEND": "parity.recording.delivery.OutboxBackend"}
    problems = json.loads(run([PARITY, "check-deploy", "--format", "json"], env).stdout)["problems"]
    (kept,) = [p for p in problems if p["id"] == "parity.W006"]
    assert (
        kept["problem"] == "Messages are written to a file on the server, not sent: receipts (PARITY_RECEIPT_BACKEND)."
    )


def test_check_deploy_refuses_any_host_a_foreign_site_address_bad_proxies_and_no_cache(tmp_path: Path) -> None:
    env = production(tmp_path) | {
        "PARITY_ALLOWED_HOSTS": "parity.example.org,*",
        "PARITY_SITE_URL": "http://elsewhere.example",
        "PARITY_TRUSTED_PROXIES": "10.0.0.300/8",
        "PARITY_CACHE_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
    result = run([PARITY, "check-deploy", "--format", "json"], env)
    assert result.returncode == 1, result.stderr
    problems = {p["id"]: p for p in json.loads(result.stdout)["problems"]}
    assert {"parity.E009", "parity.E010", "parity.E011", "parity.E012"} <= set(problems)
    assert all(problems[i]["level"] == "error" for i in ("parity.E009", "parity.E010", "parity.E011", "parity.E012"))
    assert "(*)" in problems["parity.E009"]["problem"]
    site = problems["parity.E010"]["problem"]
    assert "not an https:// address" in site and "elsewhere.example is not in PARITY_ALLOWED_HOSTS" in site
    assert "10.0.0.300/8" in problems["parity.E011"]["problem"]
    assert "ConnectionError" in problems["parity.E012"]["problem"]
    without_proxies = production(tmp_path) | {"PARITY_TRUSTED_PROXIES": ""}
    result = run([PARITY, "check-deploy", "--format", "json"], without_proxies)
    problems = {p["id"]: p for p in json.loads(result.stdout)["problems"]}
    assert problems["parity.W009"]["level"] == "warning" and "PARITY_TRUSTED_PROXIES" in problems["parity.W009"]["fix"]


HEADERS_SCRIPT = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="parity.example.org")
plain = client.get("/cookies")
page = client.get("/cookies", secure=True)
missing = client.get("/no-such-page", secure=True)
form = client.get("/components", secure=True)
cookie = form.cookies["csrftoken"]
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location")],
    "hsts": page.get("Strict-Transport-Security"),
    "csp": page.get("Content-Security-Policy"),
    "csp_404": [missing.status_code, missing.get("Content-Security-Policy")],
    "csrf_cookie": {"secure": cookie["secure"], "samesite": cookie["samesite"]},
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "static": page.content.decode().count("/static/parity/parity.css"),
}))
"""


@pytest.mark.parametrize("manifest", [False, True])
def test_secure_settings_send_hsts_csp_and_secure_cookies(tmp_path: Path, manifest: bool) -> None:
    env = production(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "parity.settings"
    if manifest:
        assert run([PARITY, "manage", "collectstatic", "--noinput"], env).returncode == 0
    else:
        env.pop("PARITY_STATIC_MANIFEST")
    result = run([sys.executable, "-c", HEADERS_SCRIPT], env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["redirect"] == [301, "https://parity.example.org/cookies"]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    for policy in (seen["csp"], seen["csp_404"][1]):
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
    assert seen["csp_404"][0] == 404
    assert seen["csrf_cookie"] == {"secure": True, "samesite": "Lax"}
    assert seen["session_cookie_secure"] is True and seen["session_cookie_httponly"] is True
    assert seen["static"] == (0 if manifest else 1)  # hashed names once collected with the manifest
