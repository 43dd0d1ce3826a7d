"""The open data API: forces, coverage and stop-and-search figures as JSON.

The same figures as the pages and downloads, from the same cached result objects
(`parity.public.figures`), with the same parameters and the same small-number protection:
each figure is the result's `as_dict()`. Anonymous, read-only and rate-limited
(`parity.web.throttle`); lists that grow with the data are paginated (limit, offset);
every answer carries an ETag and Cache-Control, since figures change only on import.
Errors use the API's envelope (`parity.api_errors`). See docs/reference/api.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from parity.api_errors import ErrorOut
from parity.powers.coverage import as_json
from parity.powers.statistics import AnalysisError, NoRecords
from parity.public import compare as compare_
from parity.public import figures
from parity.public.query import Choice
from parity.web.cache import add_cache_headers, cached_json, data_version, etag_for, not_modified
from parity.web.throttle import PublicThrottle

router = Router(tags=["Open data"], throttle=[PublicThrottle()])

Group = Literal["Asian", "Black", "Mixed", "Other", "White"]
Power = Literal["s1", "s60", "s47a", "other"]
Ethnicity = Literal["self", "officer"]
Legislation = Literal[
    "pace-s1",
    "pace-s6",
    "mda-s23",
    "firearms-s47",
    "cja-s139b",
    "psa-s36",
    "psa-s37",
    "poaching-s2",
    "aviation-s27",
    "cema-s163",
    "hunting-s8",
    "crossbows-s4",
    "wildlife-s19",
    "badgers-s11",
    "sporting-s7",
    "seals-s4",
    "deer-s12",
    "cjpoa-s60",
    "tact-s47a",
    "tact-s44",
    "tact-s43",
    "tact-s43a",
    "poa-s11",
    "sa-s342e",
]
SLUG = r"^[a-z][a-z-]{1,39}$"  # a data.police.uk force identifier
ForceSlug = Annotated[str, Path(..., pattern=SLUG, description="data.police.uk identifier, e.g. wiltshire")]
ERRORS: dict[int | tuple[int, ...], type[ErrorOut]] = {(400, 404, 422, 429): ErrorOut}
FIGURE: dict[int | tuple[int, ...], Any] = {200: dict[str, Any], 304: None, **ERRORS}


class Figures(Schema):
    """The parameters every stop-and-search figure takes, as on the pages."""

    period: str | None = Field(
        None,
        max_length=40,
        description="2020/21 (financial year), 2020/21-Q1, 2020, 2020-Q2, 2020-05, or twelve whole months "
        "such as 2019-10..2020-09; never a day or a run of days. "
        "Default: the force's latest financial year with every month held.",
        examples=["2020/21"],
    )
    power: Power | None = Field(None, description="Only searches under this group of powers.")
    legislation: Legislation | None = Field(None, description="Only searches under this Act and section.")
    ethnicity: Ethnicity = Field(
        "self", description="self: self-defined (the Home Office basis); officer: the officer's perception."
    )
    reference: Group = Field("White", description="The group the others are compared with.")

    def choice(self) -> Choice:
        return Choice(self.period, self.power, self.legislation, self.ethnicity, self.reference)


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100, description="How many items to return (at most 100).")
    offset: int = Field(0, ge=0, description="How many items to skip.")


class ForceOut(Schema):
    force: str = Field(description="data.police.uk identifier")
    name: str
    records: int
    first_month: str
    last_month: str
    months_held: int
    months_missing: list[str]
    low_volume_months: list[str]
    financial_years: list[dict[str, Any]] = Field(description="Each year held: label, months held, complete")
    latest_complete_year: str | None
    warnings: list[str]
    links: dict[str, str]


class ForcePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ForceOut]


class CoveragePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class TablePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


def _cached(request: HttpRequest, response: HttpResponse) -> tuple[str, HttpResponse | None]:
    """The ETag for this request, and a 304 if the client already has it."""
    etag = etag_for(request, data_version())
    add_cache_headers(response, etag)
    if not_modified(request, etag):
        return etag, add_cache_headers(HttpResponse(status=304), etag)
    return etag, None


def _force_out(force: figures.ForceHeld) -> dict[str, Any]:
    from parity.powers.coverage import month_range

    return {
        "force": force.slug,
        "name": force.name,
        "records": force.records,
        "first_month": force.first,
        "last_month": force.last,
        "months_held": len(force.months),
        "months_missing": [m for first, last in force.gaps for m in month_range(first, last)],
        "low_volume_months": list(force.low_volume),
        "financial_years": [
            {"label": y.label, "months_held": y.months_held, "complete": y.complete} for y in force.years
        ],
        "latest_complete_year": force.latest_complete,
        "warnings": list(force.warnings),
        "links": {
            "page": f"/forces/{force.slug}",
            "stop_and_search": f"/forces/{force.slug}/stop-and-search",
            "rates": f"/api/stop-and-search/{force.slug}/rates",
        },
    }


def _held(slug: str) -> figures.ForceHeld:
    try:
        return figures.force_held(slug)
    except figures.NotHeld as error:
        raise HttpError(404, str(error)) from None


def _page(items: list[Any], paging: Paging) -> dict[str, Any]:
    return {
        "count": len(items),
        "limit": paging.limit,
        "offset": paging.offset,
        "items": items[paging.offset : paging.offset + paging.limit],
    }


@router.get("/forces", response={200: ForcePage, 304: None, **ERRORS}, summary="Forces held")
def forces(request: HttpRequest, response: HttpResponse, paging: Query[Paging]) -> Any:
    """Every force whose stop-and-search records Parity holds, by name, with the months held."""
    _, unchanged = _cached(request, response)
    if unchanged:
        return unchanged
    return _page([_force_out(f) for f in figures.forces_held()], paging)


@router.get("/forces/{force}", response={200: ForceOut, 304: None, **ERRORS}, summary="One force held")
def force(request: HttpRequest, response: HttpResponse, force: ForceSlug) -> Any:
    _, unchanged = _cached(request, response)
    if unchanged:
        return unchanged
    return _force_out(_held(force))


@router.get("/coverage", response={200: CoveragePage, 304: None, **ERRORS}, summary="Months held and completeness")
def coverage(request: HttpRequest, response: HttpResponse, paging: Query[Paging], force: str | None = None) -> Any:
    """Per force: each month held with its records, gaps, low months and blank fields."""
    _, unchanged = _cached(request, response)
    if unchanged:
        return unchanged
    if force is not None:
        _held(force)
    found = as_json(list(figures.coverage_of(force)))["forces"]
    return _page(found, paging)


def _figure(slug: str, table: str, params: Figures) -> dict[str, Any]:
    _held(slug)
    try:
        _, choice = figures.resolved(slug, params.choice())
        result = figures.table(slug, table, choice)
    except NoRecords as error:
        raise HttpError(404, str(error)) from None
    except AnalysisError as error:
        raise HttpError(400, str(error)) from None
    return result.as_dict()  # type: ignore[no-any-return]


def _json(request: HttpRequest, response: HttpResponse, make: Callable[[], Any]) -> HttpResponse:
    """The figure's JSON (kept per data version and address) with its cache headers."""
    etag, unchanged = _cached(request, response)
    return unchanged or add_cache_headers(cached_json(request, make), etag)


def _endpoint(table: str, summary: str, description: str) -> None:
    def view(request: HttpRequest, response: HttpResponse, force: ForceSlug, params: Query[Figures]) -> Any:
        return _json(request, response, lambda: _figure(force, table, params))

    view.__name__ = f"stop_search_{table.replace('-', '_')}"
    view.__doc__ = description
    router.get(f"/stop-and-search/{{force}}/{table}", response=FIGURE, summary=summary)(view)


for _table, _summary, _description in (
    (
        "rates",
        "Rates and ratios by ethnic group",
        "Searches per 1,000 residents of each ethnic group, with intervals, and each group's ratio to the "
        "reference group. The figures of the force's stop-and-search page.",
    ),
    ("legislation", "By legislation", "Rates and ratios broken down by Act and section."),
    ("powers", "By power", "Rates and ratios broken down by group of powers (s1, s60, s47a, other)."),
    ("age", "By age band", "Searches by age band and ethnic group (no rates: no census population by age)."),
    ("gender", "By gender", "Searches by gender and ethnic group (no rates: no census population by gender)."),
    ("outcomes", "Outcomes", "Find, arrest and no-further-action rates by ethnic group, with intervals and ratios."),
    (
        "strip-searches",
        "Strip searches",
        "Searches removing more than outer clothing, by group and age; children apart.",
    ),
    (
        "trend",
        "Rolling 12-month trend",
        "Rates and ratios over the 12 months ending in each month held, from the twelfth: the whole series, "
        "whatever the period.",
    ),
    ("change", "Change on the previous year", "This period against the same dates a year earlier, on one census."),
):
    _endpoint(_table, _summary, _description)


class CompareParams(Schema):
    measure: Literal["ratio", "rate"] = Field("ratio", description="ratio: to the reference group; rate: per 1,000.")
    group: Group = Field("Black", description="The group whose figure is compared across forces.")
    reference: Group = Field("White", description="For the ratio: the group it is compared with.")
    period: str | None = Field(
        None,
        pattern=r"^\d{4}/\d{2}$",
        description="A financial year such as 2020/21. Default: the latest year complete for the most forces.",
    )
    power: Power | None = None
    ethnicity: Ethnicity = "self"


@router.get("/stop-and-search/compare", response=FIGURE, summary="One measure across forces")
def compare(request: HttpRequest, response: HttpResponse, params: Query[CompareParams]) -> Any:
    """Every force's figure with its interval, the average of these forces and funnel-plot limits.

    Forces come in alphabetical order, never ranked; `against_average` places each against the
    95% and 99.8% limits."""
    if params.measure == "ratio" and params.group == params.reference:
        raise HttpError(400, "group and reference are the same; choose a different group to compare with")
    period = params.period or compare_.default_period()
    if period is None:
        raise HttpError(404, "No financial year is complete for any force held.")
    choice = Choice(period=period, power=params.power, ethnicity=params.ethnicity, reference=params.reference)
    return _json(request, response, lambda: compare_.compare(params.measure, params.group, choice).as_dict())


class AllForcesParams(Schema):
    force: str | None = Field(None, description="Only this force (data.police.uk identifier).")
    financial_year: str | None = Field(None, pattern=r"^\d{4}/\d{2}$", description="Only this year, e.g. 2020/21.")


@router.get(
    "/stop-and-search/all-forces", response={200: TablePage, 304: None, **ERRORS}, summary="Every force by year"
)
def all_forces(
    request: HttpRequest, response: HttpResponse, paging: Query[Paging], params: Query[AllForcesParams]
) -> Any:
    """Every force x financial year: rates and ratios by ethnic group, broken down by legislation.

    Self-defined ethnicity against White; one item per force and year, paginated."""
    _, unchanged = _cached(request, response)
    if unchanged:
        return unchanged
    tables = [
        t
        for t in figures.all_forces()
        if params.force in (None, t.context.force) and params.financial_year in (None, t.context.period_label)
    ]
    page = _page(tables, paging)
    page["items"] = [t.as_dict() for t in page["items"]]
    return page


# --- use of force -----------------------------------------------------------------------

UseOfForceTable = Literal["rates", "records", "shares"]


class UseOfForceParams(Schema):
    period: str | None = Field(
        None, pattern=r"^\d{4}/\d{2}$", description="A financial year such as 2019/20. Default: the latest held."
    )


def _use_of_force(make: Callable[[], Any]) -> Any:
    from parity.public.figures import NotHeld

    try:
        return make().as_dict()
    except NotHeld as error:
        raise HttpError(404, str(error)) from None


@router.get("/use-of-force/all-forces", response=FIGURE, summary="Use of force: every force")
def use_of_force_all_forces(request: HttpRequest, response: HttpResponse, params: Query[UseOfForceParams]) -> Any:
    """Every area of the Home Office use-of-force table for one year: tactics per 1,000 residents by
    perceived ethnic group and ratios to White, England and Wales first."""
    from parity.public import use_of_force
    from parity.public.figures import NotHeld

    def make() -> dict[str, Any]:
        try:
            period, results = use_of_force.national(params.period)
        except NotHeld as error:
            raise HttpError(404, str(error)) from None
        return {"period": period, "items": [r.as_dict() for r in results]}

    return _json(request, response, make)


@router.get("/use-of-force/{force}/{table}", response=FIGURE, summary="Use of force: one force")
def use_of_force_table(
    request: HttpRequest,
    response: HttpResponse,
    force: ForceSlug,
    table: UseOfForceTable,
    params: Query[UseOfForceParams],
) -> Any:
    """A force's use of force by perceived ethnic group: `rates` from the Home Office table (tactics),
    `records` from the force's own records (reports), `shares` of reports with each tactic, with a
    child, with an injury. The same figures as the force's use-of-force page."""
    from parity.public import use_of_force

    return _json(request, response, lambda: _use_of_force(lambda: use_of_force.table(force, table, params.period)))
