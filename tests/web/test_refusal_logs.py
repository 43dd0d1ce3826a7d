"""A refused request logs one line with its reason, never a traceback; a crash keeps its."""

from __future__ import annotations

import logging

import pytest

from tests.pagecheck import CheckedClient
from tests.roles import RoleWorld

pytestmark = [pytest.mark.urls("tests.web.urls"), pytest.mark.django_db]


def _logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("django") and r.levelno >= logging.WARNING]


def _one_line(caplog: pytest.LogCaptureFixture, *words: str) -> str:
    [record] = _logged(caplog)
    assert record.exc_info is None and record.exc_text is None
    line = record.getMessage()
    assert "\n" not in line
    for word in words:
        assert word in line
    # And the configured console handler writes it as one line too.
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    assert handler.filter(record)
    assert "\n" not in handler.format(record)
    return line


def test_a_refusal_for_want_of_a_role_is_one_line(caplog: pytest.LogCaptureFixture, role_world: RoleWorld) -> None:
    client = role_world.client("no-role")
    caplog.clear()
    assert client.get(f"/actions/{role_world.home.slug}/").status_code == 403
    _one_line(caplog, "Forbidden", f"/actions/{role_world.home.slug}/", "RoleDenied")


def test_a_permission_denied_page_is_one_line(caplog: pytest.LogCaptureFixture, client: CheckedClient) -> None:
    assert client.get("/test/forbidden").status_code == 403
    _one_line(caplog, "/test/forbidden", "PermissionDenied")


def test_a_request_for_another_host_is_one_line(caplog: pytest.LogCaptureFixture, client: CheckedClient) -> None:
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    _one_line(caplog, "attacker.example", "DisallowedHost")


def test_invalid_api_parameters_are_one_line(caplog: pytest.LogCaptureFixture, client: CheckedClient) -> None:
    assert client.get("/api/stop-and-search/wiltshire/rates?ethnicity=astrological").status_code in {400, 422}
    _one_line(caplog, "/api/stop-and-search/wiltshire/rates")


def test_a_rate_limited_request_is_one_line(
    caplog: pytest.LogCaptureFixture, client: CheckedClient, settings: object
) -> None:
    settings.PARITY_API_RATE_LIMITS = "1/h"  # type: ignore[attr-defined]
    client.get("/api/stop-and-search/kent/rates")
    caplog.clear()
    assert client.get("/api/stop-and-search/kent/rates").status_code == 429
    _one_line(caplog, "Too Many Requests", "/api/stop-and-search/kent/rates")


def test_a_crash_keeps_its_traceback(caplog: pytest.LogCaptureFixture, client: CheckedClient) -> None:
    client.raise_request_exception = False
    with client.unchecked():
        assert client.get("/test/crash").status_code == 500
    [record] = _logged(caplog)
    assert record.exc_info is not None
