"""Public arrests pages: England and Wales, and a force's arrests and criminal-justice stages,
with their downloads. Each view parses the request, makes one call to
`parity.justice.published` (or `statistics`) and renders; figures are protected inside the
result objects, so the pages and downloads show only what may be shown."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.justice import published
from parity.justice.statistics import (
    JusticeError,
    force_arrests,
    force_disposal_split,
    force_stages,
    national_arrests,
)
from parity.public.data_views import _problem, _send
from parity.web.cache import data_version, etag_for, not_modified

PERIOD = r"^\d{4}(/\d{2})?$"


def _period(request: HttpRequest) -> str | None:
    period = request.GET.get("period") or None
    if period is not None and not re.match(PERIOD, period):
        raise Http404("a period is a financial year such as 2018/19, or a calendar year such as 2017")
    return period


@require_safe
def arrests_index(request: HttpRequest) -> HttpResponse:
    """England and Wales arrests by ethnic group, and the forces with arrests held."""
    return render(request, "public/arrests.html", {"n": published.national_page()})


@require_safe
def force_arrests_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A force's arrests and its stage table for one period."""
    try:
        page = published.force_page(slug, _period(request))
    except published.NotHeld as error:
        raise Http404(str(error)) from None
    return render(request, "public/force_arrests.html", {"p": page})


TABLES = {"arrests": force_arrests, "stages": force_stages, "disposals": force_disposal_split}


@require_safe
def force_arrests_table(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    """A force's arrests, stage or disposal table, as CSV or JSON (`?period=`, the newest held otherwise)."""
    if table not in TABLES:
        raise Http404(f"no table {table}")
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return HttpResponse(status=304)
    try:
        period = _period(request) or published.force_page(slug).period
        result = TABLES[table](slug, period)
    except (published.NotHeld, JusticeError) as error:
        return _problem(404, str(error), fmt)
    return _send(f"{slug}-{table}-{period.replace('/', '-')}", table, result, fmt, etag)


@require_safe
def national_arrests_table(request: HttpRequest, fmt: str) -> HttpResponse:
    """England and Wales arrests by group for one year (`?period=`, required), as CSV or JSON."""
    etag = etag_for(request, data_version())
    period = _period(request)
    if period is None:
        return _problem(400, "Give the year: ?period=2018/19", fmt)
    try:
        result = national_arrests(period)
    except JusticeError as error:
        return _problem(404, str(error), fmt)
    return _send(f"england-and-wales-arrests-{period.replace('/', '-')}", "arrests", result, fmt, etag)
