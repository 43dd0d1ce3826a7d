"""The open data API for victims and complaints: a force's quarterly figures as JSON.

Each answer is exactly the page's JSON download (`PublishedPart.as_dict()`), with the same
small-number protection and the same fictional flag; anonymous, read-only and rate-limited
like the rest of the open data API. See docs/reference/api.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from parity.public import victims
from parity.public.api import FIGURE, ForceSlug, Paging, _json, _page
from parity.victims.published import QUARTER_HELP, BadQuarter, NotHeld
from parity.web.throttle import PublicThrottle

router = Router(tags=["Open data: victims and complaints"], throttle=[PublicThrottle()])
Quarter = Annotated[
    str | None,
    Field(None, max_length=7, description=f"{QUARTER_HELP} Default: the newest quarter published for the force."),
]


class QuarterQuery(Schema):
    quarter: Quarter = None


@router.get("/forces", response=FIGURE, summary="Forces with victims' or complaints' figures")
def forces(request: HttpRequest, response: HttpResponse, paging: Query[Paging]) -> Any:
    """Every force with a quarter of victims' or complaints' figures published, by name, with its
    newest quarter and whether its records were made up for the demonstration."""

    def make() -> dict[str, Any]:
        found = victims.forces(timezone.localdate())
        items = [{"force": s, "force_name": n, "latest_quarter": q, "fictional": f} for s, n, q, f in found]
        return _page(items, paging)

    return _json(request, response, make)


@router.get("/forces/{force}/{table}", response=FIGURE, summary="A force's victims' or complaints' figures")
def force_table(
    request: HttpRequest,
    response: HttpResponse,
    force: ForceSlug,
    table: Literal["victims", "complaints"],
    q: Query[QuarterQuery],
) -> Any:
    """Victims: kept informed on time, told the outcome, days to the first update, satisfaction by
    question and hate crime by strand and outcome; complaints: shares and days to finalise; each
    by ethnic group with the gap to White people, for one calendar quarter."""

    def make() -> dict[str, Any]:
        try:
            return victims.force_quarter(force, q.quarter, timezone.localdate()).part(table).as_dict()
        except BadQuarter as error:
            raise HttpError(400, str(error)) from None
        except NotHeld as error:
            raise HttpError(404, str(error)) from None

    return _json(request, response, make)
