"""/api/docs in a real browser: Swagger UI runs from Parity's own files, loads nothing from
another host, runs no script the Content Security Policy refuses, and passes axe."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.checks import assert_accessible, assert_reflows

pytestmark = pytest.mark.browser


def test_the_api_docs_load_nothing_from_another_host(page: Page, console_errors: list[str], base_url: str) -> None:
    hosts: set[str] = set()

    def record(request: Request) -> None:
        hosts.add(urlsplit(request.url).netloc)

    page.on("request", record)
    page.goto("/api/docs")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()  # Swagger UI ran
    expect(page.locator("#swagger-ui")).to_contain_text("/api/stop-and-search/")
    assert hosts == {urlsplit(base_url).netloc}
    assert_accessible(page)
    assert_reflows(page)
    assert console_errors == []
