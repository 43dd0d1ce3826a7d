"""The open data API's workforce figures: the same result objects as the public pages.

Anonymous, read-only and rate-limited like the rest of the open data API; each answer is the
result's `as_dict()`, with small numbers already protected, kept per data version, with an
ETag. See docs/reference/api.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError

from parity.public import workforce
from parity.public.api import ERRORS, FIGURE, SLUG, _json
from parity.reference.forces import SLUGS
from parity.web.throttle import PublicThrottle
from parity.workforce.figures import ForceWorkforce
from parity.workforce.statistics import WorkforceError

router = Router(tags=["Open data: workforce"], throttle=[PublicThrottle()])
ForceSlug = Annotated[str, Path(..., pattern=SLUG, description="data.police.uk identifier, e.g. west-midlands")]


class NationalParams(Schema):
    year: int | None = None  # As at 31 March of this year; default: the latest held for any force


def _force(slug: str) -> ForceWorkforce:
    if slug not in SLUGS:
        raise HttpError(404, f"no force {slug!r}; see /api/forces for the identifiers")
    return workforce.force_workforce(slug)


@router.get("/forces/{force}", response=FIGURE, summary="A force's workforce by ethnic group")
def force_workforce(request: HttpRequest, response: HttpResponse, force: ForceSlug) -> Any:
    """Police officers' representation by ethnic group against the census (latest, by rank, by
    worker type, each year held, chief officers each year) and the headcount by worker type."""
    return _json(request, response, lambda: _force(force).as_dict())


@router.get("/forces/{force}/headcount", response=FIGURE, summary="A force's headcount by worker type and year")
def force_headcount(request: HttpRequest, response: HttpResponse, force: ForceSlug) -> Any:
    """People employed on 31 March of each year, by worker type, and the officer uplift from 2019."""

    def make() -> dict[str, Any]:
        series = _force(force).headcount
        if series is None:
            raise HttpError(404, f"no workforce headcounts are held for {force}")
        return series.as_dict()

    return _json(request, response, make)


@router.get("/national", response={**FIGURE, **ERRORS}, summary="Every force's officers by ethnic group")
def national(request: HttpRequest, response: HttpResponse, params: Query[NationalParams]) -> Any:
    """Each force's police officers' representation ratio by ethnic group in one year, forces in
    alphabetical order, with the years held."""

    def make() -> dict[str, Any]:
        try:
            return workforce.national(params.year).as_dict()
        except WorkforceError as error:
            raise HttpError(404, str(error)) from None

    return _json(request, response, make)
