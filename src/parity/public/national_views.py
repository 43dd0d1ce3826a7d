"""The England and Wales page and its downloads: Parity's figure from the forces held, and the
Home Office's published series beside it. Each view parses the request, asks
`parity.public.national` and renders."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.public.data_views import _send
from parity.public.national import national_page
from parity.web.cache import add_cache_headers, cached_page, data_version, etag_for, not_modified


@require_safe
@cached_page
def national(request: HttpRequest) -> HttpResponse:
    """Stop and search in England and Wales: the long view, and what Parity holds."""
    return render(request, "public/national.html", {"p": national_page()})


@require_safe
def national_table(request: HttpRequest, fmt: str) -> HttpResponse:
    """The series as CSV (one row a year, source and group) or JSON (the API's answer)."""
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    return _send("england-and-wales-stop-and-search", "national", national_page().series, fmt, etag)
