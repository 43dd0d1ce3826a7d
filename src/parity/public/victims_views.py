"""Public victims' and complaints pages: the forces with figures, and a force's figures for a
quarter, with their downloads. Each view parses the request, makes one call to
`parity.public.victims` and renders; figures are protected inside the result objects, so the
pages and downloads show only what may be shown."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from parity.public import victims
from parity.public.data_views import _problem, _send
from parity.victims.published import BadQuarter, NotHeld
from parity.web.cache import add_cache_headers, data_version, etag_for, not_modified


def _quarter(request: HttpRequest) -> str | None:
    return request.GET.get("quarter") or None


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every force with victims' or complaints' figures published, and its newest quarter."""
    return render(request, "public/victims_index.html", {"forces": victims.forces(timezone.localdate())})


@require_safe
def force(request: HttpRequest, slug: str) -> HttpResponse:
    """A force's victims' and complaints' figures for one quarter (`?quarter=2024-Q3`)."""
    try:
        found = victims.force_quarter(slug, _quarter(request), timezone.localdate())
    except (BadQuarter, NotHeld) as error:
        raise Http404(str(error)) from None
    return render(request, "public/victims_force.html", {"f": found, "charts": victims.charts(found)})


@require_safe
def force_table(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    """A force's victims' or complaints' figures for a quarter, as CSV or JSON (`?quarter=`)."""
    if table not in victims.PARTS:
        raise Http404(f"no table {table}")
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    try:
        part = victims.force_quarter(slug, _quarter(request), timezone.localdate()).part(table)
    except BadQuarter as error:
        return _problem(400, str(error), fmt)
    except NotHeld as error:
        return _problem(404, str(error), fmt)
    return _send(f"{slug}-{table}-{part.figures.quarter}", table, part, fmt, etag)
