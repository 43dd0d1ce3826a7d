"""Context processor: what the base layout needs on every page, computed once per request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from parity.web.navigation import footer_links, primary_navigation


def layout(request: HttpRequest) -> dict[str, Any]:
    return {
        "primary_navigation": primary_navigation(request),
        "footer_links": footer_links(request),
    }
