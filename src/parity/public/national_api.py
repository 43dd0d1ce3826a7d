"""The open data API's England and Wales series: the page's figures as JSON.

The answer is the series' `as_dict()`, exactly the page's JSON download: the Home Office's
published series, and Parity's own figure from the forces held with its coverage, intervals
and protection. Anonymous, read-only, rate-limited and kept per data version like the rest of
the open data API (docs/reference/api.md).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from parity.public.api import FIGURE, _json
from parity.public.national import national_page
from parity.web.throttle import PublicThrottle

router = Router(tags=["Open data"], throttle=[PublicThrottle()])


@router.get("/stop-and-search", response=FIGURE, summary="England and Wales stop and search by year")
def national_stop_search(request: HttpRequest, response: HttpResponse) -> Any:
    """Searches per 1,000 residents by ethnic group and year: the Home Office's published series
    from 2006/07, and Parity's own figure for the forces it holds for the whole year, saying
    which forces it counts."""
    return _json(request, response, lambda: national_page().series.as_dict())
