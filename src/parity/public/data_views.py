"""Open data: every published table as CSV and JSON at a predictable URL.

A force's table is at the address of its stop-and-search page plus the table's name and
format, with the same query string as the page:

    /forces/wiltshire/stop-and-search?period=2020/21&power=s60
    /forces/wiltshire/stop-and-search/rates.csv?period=2020/21&power=s60

JSON is the result's `as_dict()`, the same as the API; CSV is flattened from the same
object (`parity.public.downloads`). Both carry an ETag and Cache-Control, as the API does.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from parity.engagement.participation import forces as participation_forces
from parity.justice import published as justice_published
from parity.powers.statistics import AnalysisError, NoRecords
from parity.public import compare as compare_
from parity.public import downloads, figures, use_of_force, victims, workforce
from parity.public.forms import CompareForm
from parity.public.query import ETHNICITY_VIEWS, GROUPS, LEGISLATIONS, POWERS, Choice
from parity.web.cache import add_cache_headers, cached_page, data_version, etag_for, not_modified
from parity.web.throttle import describe

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _problem(status: int, message: str, fmt: str) -> HttpResponse:
    if fmt == "json":
        return JsonResponse({"status": status, "detail": message}, status=status)
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _send(name: str, kind: str, result: Any, fmt: str, etag: str) -> HttpResponse:
    if fmt == "json":
        data = [t.as_dict() for t in result] if isinstance(result, list) else result.as_dict()
        body = json.dumps(data, ensure_ascii=False, allow_nan=False)
        response = HttpResponse(body, content_type=CONTENT_TYPES["json"])
    else:
        response = HttpResponse(
            downloads.to_csv(kind, downloads.rows_for(kind, result)), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return add_cache_headers(response, etag)


def _choice(request: HttpRequest) -> tuple[Choice, str | None]:
    """The choice from the query string, or the problem with it."""
    get = request.GET
    unknown = sorted(set(get) - {"period", "power", "legislation", "ethnicity", "reference"})
    if unknown:
        return Choice(), f"Unknown parameter {unknown[0]!r}; use period, power, legislation, ethnicity or reference."
    checks = (
        ("power", POWERS),
        ("legislation", LEGISLATIONS),
        ("ethnicity", ETHNICITY_VIEWS),
        ("reference", dict.fromkeys(GROUPS)),
    )
    for key, allowed in checks:
        if get.get(key) and get[key] not in allowed:
            return Choice(), f"{key} {get[key]!r} is not known; use one of: {', '.join(allowed)}."
    choice = Choice(
        period=get.get("period") or None,
        power=get.get("power") or None,
        legislation=get.get("legislation") or None,
        ethnicity=get.get("ethnicity") or "self",
        reference=get.get("reference") or "White",
    )
    return choice, None


@require_safe
def force_table(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    """One of a force's tables, as CSV or JSON, with the page's filters."""
    if table not in figures.TABLES:
        raise Http404(f"no table {table}")
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    choice, problem = _choice(request)
    if problem:
        return _problem(400, problem, fmt)
    try:
        _, choice = figures.resolved(slug, choice)
        result = figures.table(slug, table, choice)
    except figures.NotHeld as error:
        return _problem(404, str(error), fmt)
    except NoRecords as error:
        return _problem(404, str(error), fmt)
    except AnalysisError as error:
        return _problem(400, str(error), fmt)
    name = f"{slug}-{table}-{(choice.period or '').replace('/', '-')}"
    return _send(name, downloads.KIND[table], result, fmt, etag)


@require_safe
def compare_table(request: HttpRequest, fmt: str) -> HttpResponse:
    """The compare page's table, as CSV or JSON."""
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    form = CompareForm(request.GET, compare_.period_options(), compare_.default_period())
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _problem(400, message, fmt)
    measure, group, choice = form.selection()
    if not choice.period:
        return _problem(404, "No financial year is complete for any force held.", fmt)
    result = compare_.compare(measure, group, choice)
    name = f"compare-{measure}-{group.lower()}-{choice.period.replace('/', '-')}"
    return _send(name, "compare", result, fmt, etag)


@require_safe
def forces_table(request: HttpRequest, fmt: str) -> HttpResponse:
    """The forces held and the months each covers."""
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    held = list(figures.forces_held())
    if fmt == "json":
        response = JsonResponse({"forces": downloads.force_rows(held)})
        return add_cache_headers(response, etag)
    return _send("forces", "forces", held, fmt, etag)


@require_safe
def all_forces_table(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every force x financial year x ethnic group x legislation: the national table."""
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    return _send("all-forces-by-year", "rates", list(figures.all_forces()), fmt, etag)


@require_safe
@cached_page
def downloads_page(request: HttpRequest) -> HttpResponse:
    """Every table, its address and formats; the API; the licence."""
    context = {
        "forces": figures.forces_held(),
        "tables": figures.TABLES,
        "compare_period": compare_.default_period(),
        "api_limits": describe(settings.PARITY_API_RATE_LIMITS),
        "victims_forces": victims.forces(timezone.localdate()),
        "use_of_force": use_of_force.open_data(),
        "arrests": justice_published.open_data(),
        "workforce_held": bool(workforce.national_years()),
        "participation_forces": participation_forces(),
    }
    return render(request, "public/downloads.html", context)


@require_safe
@cached_page
def data_dictionary(request: HttpRequest) -> HttpResponse:
    """Every column of every CSV, described once."""
    layouts = {
        "rates": "Rates and ratios (rates, legislation, powers, age, gender and all-forces-by-year)",
        "outcomes": "Outcomes (outcomes)",
        "objects": "What officers searched for: outcomes by object of search (objects)",
        "strip-searches": "Strip searches (strip-searches)",
        "trend": "Rolling trend (trend)",
        "change": "Change on the previous year (change)",
        "compare": "Comparing forces (compare)",
        "forces": "Forces held (forces)",
        "use-of-force": "Use of force by ethnic group (a force's rates and records, and use-of-force all-forces)",
        "use-of-force-shares": "Use of force: tactics, children and injuries (shares)",
        "workforce": "Police workforce by ethnic group (a force's representation, and all forces)",
        "workforce-headcount": "Police workforce headcount (a force's headcount by worker type and year)",
        "arrests": "Arrests by ethnic group (arrests)",
        "stages": "Criminal-justice stages (stages)",
        "victims": "Victims by ethnic group, each quarter (victims)",
        "complaints": "Complaints by the complainant's ethnic group, each quarter (complaints)",
        "disposals": "Out-of-court disposal against charge, children apart (disposals)",
        "participation": "Who takes part in community engagement (a force's participation)",
        "national": "Stop and search in England and Wales by year, published and Parity's own (stop-and-search)",
    }
    context = {
        "layouts": [(key, title, downloads.COLUMNS[key]) for key, title in layouts.items()],
        "dictionary": downloads.DICTIONARY,
        "powers": POWERS,
        "legislations": LEGISLATIONS,
    }
    return render(request, "public/data_dictionary.html", context)


@require_safe
def use_of_force_table(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    """A force's use-of-force table (rates, records or shares), as CSV or JSON; ?period=2019/20."""
    from parity.public import use_of_force

    if table not in use_of_force.TABLES:
        raise Http404(f"no table {table}")
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    period = request.GET.get("period") or None
    try:
        result = use_of_force.table(slug, table, period)
    except figures.NotHeld as error:
        return _problem(404, str(error), fmt)
    name = f"{slug}-use-of-force-{table}-{result.context.period_label.replace('/', '-')}"
    return _send(name, downloads.KIND[f"use-of-force-{table}"], result, fmt, etag)


@require_safe
def use_of_force_all_forces(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every area of the Home Office use-of-force table for one year (?period=2019/20)."""
    etag = etag_for(request, data_version())
    if not_modified(request, etag):
        return add_cache_headers(HttpResponse(status=304), etag)
    try:
        period, results = use_of_force.national(request.GET.get("period") or None)
    except figures.NotHeld as error:
        return _problem(404, str(error), fmt)
    return _send(f"use-of-force-all-forces-{period.replace('/', '-')}", "use-of-force", results, fmt, etag)
