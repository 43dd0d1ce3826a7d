"""Public workforce pages: each force's workforce by ethnic group, and every force side by side.

No sign-in: the figures are published ones, protected inside the result objects. Each view
parses the request, asks `parity.public.workforce` for the figures and renders; downloads
are the same result objects as CSV (`downloads.rows_for`) or JSON (`as_dict()`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.public import workforce
from parity.public.data_views import _problem, _send
from parity.reference.forces import SLUGS, force_by_slug
from parity.web.cache import add_cache_headers, cached_page, data_version, etag_for, not_modified
from parity.workforce.figures import LABELS
from parity.workforce.statistics import WorkforceError

TABLES = {"representation": "workforce", "headcount": "workforce-headcount"}


def _known(slug: str) -> None:
    if slug not in SLUGS:
        raise Http404(f"no force {slug}")


@require_safe
@cached_page
def force(request: HttpRequest, slug: str) -> HttpResponse:
    """A force's workforce by ethnic group against its area, by rank and over time, and its headcount."""
    _known(slug)
    found = workforce.force_workforce(slug)
    context = {"w": found, "worker_labels": LABELS, **workforce.force_charts(found)}
    return render(request, "public/workforce_force.html", context)


@require_safe
def force_table(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    """A force's workforce figures or headcounts, as CSV or JSON."""
    _known(slug)
    if table not in TABLES:
        raise Http404(f"no table {table}")
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    found = workforce.force_workforce(slug)
    result = found if table == "representation" else found.headcount
    if result is None:
        return _problem(404, f"no workforce headcounts are held for {force_by_slug(slug).name}", fmt)
    return _send(f"{slug}-workforce-{table}", TABLES[table], result, fmt, etag)


@require_safe
@cached_page
def national(request: HttpRequest) -> HttpResponse:
    """Every force's officers' representation ratio for one group, side by side."""
    years = workforce.national_years()
    if not years:
        return render(request, "public/workforce_national.html", {"result": None})
    group = workforce.choose_group(request.GET.get("group"))
    result = workforce.national(workforce.choose_year(request.GET.get("year"), years))
    drawn = workforce.national_chart(result, group)
    context = {"result": result, "group": group, "groups": workforce.GROUP_CHOICES, "national_chart": drawn}
    return render(request, "public/workforce_national.html", context)


@require_safe
def national_table(request: HttpRequest, fmt: str) -> HttpResponse:
    """The national page's figures, every group, as CSV or JSON."""
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    year = request.GET.get("year")
    if year is not None and not year.isdigit():
        return _problem(400, f"year {year!r} is not a year; use four digits, e.g. 2006", fmt)
    try:
        result = workforce.national(int(year) if year else None)
    except WorkforceError as error:
        return _problem(404, str(error), fmt)
    return _send(f"workforce-all-forces-{result.year}", "workforce", result, fmt, etag)
