"""/api/docs: Parity's layout, its own copy of Swagger UI, nothing from another host."""

from __future__ import annotations

import pytest

from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db


def test_the_api_docs_page_loads_only_parities_own_files(client: CheckedClient) -> None:
    response = client.get("/api/docs")  # the page checks refuse anything from another host
    assert response.status_code == 200
    page = response.page
    assert text(page.select_one("h1")) == "Parity API documentation"
    assets = [str(tag.get("src") or tag.get("href")) for tag in page.select("script[src], link[rel=stylesheet]")]
    assert any("swagger-ui-bundle" in a for a in assets) and any("api-docs" in a for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        with client.unchecked():
            served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content)  # type: ignore[attr-defined]
        served.close()
    assert page.select_one("#swagger-ui")["data-openapi-url"] == "/api/openapi.json"
