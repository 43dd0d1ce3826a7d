"""Error pages: each through the base layout, with the right status and the security headers."""

from __future__ import annotations

import pytest

from parity.web.navigation import PRIMARY
from tests.pagecheck import CheckedClient, text

pytestmark = [pytest.mark.urls("tests.web.urls"), pytest.mark.django_db]


def assert_error_page(response: object, status: int, heading: str) -> None:
    assert response.status_code == status  # type: ignore[attr-defined]
    page = response.page  # type: ignore[attr-defined]
    assert text(page.select_one("h1")) == heading
    assert page.select_one("header .govuk-generic-header") is not None, "error pages use the base layout"
    assert "Open Government Licence v3.0" in text(page.select_one("footer"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in policy


def test_404(client: CheckedClient) -> None:
    assert_error_page(client.get("/no-such-page"), 404, "Page not found")


def test_403(client: CheckedClient) -> None:
    assert_error_page(client.get("/test/forbidden"), 403, "You do not have permission to see this page")


def test_400_for_a_host_parity_does_not_serve(client: CheckedClient) -> None:
    response = client.get("/", headers={"host": "attacker.example"})
    assert_error_page(response, 400, "Sorry, there is a problem with your request")


def test_500_renders_without_touching_the_session(client: CheckedClient) -> None:
    client.raise_request_exception = False
    response = client.get("/test/crash")
    assert_error_page(response, 500, "Sorry, there is a problem with Parity")
    assert "deliberate failure" not in response.content.decode()
    # Only the links shown to everyone: deciding who is signed in would touch the session.
    everyone = [link.text for link in PRIMARY if link.audience == "everyone"]
    assert [text(a) for a in response.page.select("header nav a")] == everyone
    assert "Sign in" not in everyone


def test_csrf_failure_explains_what_to_do() -> None:
    client = CheckedClient(enforce_csrf_checks=True)
    response = client.post("/components", {"full_name": "x"})
    assert_error_page(response, 403, "Sorry, your form could not be sent")
    assert response.page.select_one("main a")["href"] == "/cookies"
