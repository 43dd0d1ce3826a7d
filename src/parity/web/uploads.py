"""Refuse a request body larger than Parity takes, before any of it is read.

The limit is `PARITY_UPLOAD_MAX_MB`, the same number the deploying guide gives the proxy
(`client_max_body_size`), so a body refused by one is refused by the other. Django reads a
body only when it has a length, so checking the declared length is enough.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from parity.api_errors import envelope

logger = logging.getLogger("django.request")


def max_bytes() -> int:
    return int(settings.PARITY_UPLOAD_MAX_MB) * 1024 * 1024


class RequestSizeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_bytes():
            logger.warning("Request body too large (%s bytes): %s", length, request.path)
            return too_large(request)
        return self.get_response(request)


def too_large(request: HttpRequest) -> HttpResponse:
    limit = int(settings.PARITY_UPLOAD_MAX_MB)
    if request.path.startswith("/api/"):
        body = envelope(413, f"The request is larger than the {limit} MB Parity takes.")
        return HttpResponse(json.dumps(body), status=413, content_type="application/json")
    page = render_to_string("web/errors/413.html", {"limit": limit}, request=request)
    return HttpResponse(page, status=413)
