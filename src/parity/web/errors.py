"""Error pages: 400, 403, 404, 429, 500 and a refused CSRF check, through the base layout.

Wired in `parity.urls` (handler400 ...) and `CSRF_FAILURE_VIEW`. The 500 page renders
without the request's context processors, so it does not need the session or the database,
which may be what failed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from parity.web.navigation import footer_links, primary_navigation


def _render(request: HttpRequest | None, template: str, status: int, **context: Any) -> HttpResponse:
    return HttpResponse(render_to_string(f"web/errors/{template}.html", context, request=request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "400", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "403", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "404", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    anonymous = None  # no request: navigation shows public links only, touching no session
    return _render(
        anonymous,
        "500",
        500,
        primary_navigation=primary_navigation(anonymous),
        footer_links=footer_links(anonymous),
    )


def too_many_requests(wait_seconds: int) -> HttpResponse:
    """Too many requests from one address; rendered without the request, like the 500 page,
    because it is answered before the session is read."""
    minutes = -(-wait_seconds // 60)
    wait = f"{wait_seconds} seconds" if wait_seconds < 120 else f"{minutes} minutes"
    anonymous = None
    response = _render(
        anonymous,
        "429",
        429,
        wait=wait,
        primary_navigation=primary_navigation(anonymous),
        footer_links=footer_links(anonymous),
    )
    response["Retry-After"] = str(wait_seconds)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render(request, "csrf", 403)
