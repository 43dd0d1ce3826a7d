"""The open data API for arrests and criminal-justice stages: the pages' figures as JSON.

Each answer is the result object's `as_dict()`, exactly the pages' JSON download, with the
same protection; anonymous, read-only and rate-limited like the rest of the open data API.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from parity.justice.statistics import (
    JusticeError,
    force_arrests,
    force_disposal_split,
    force_stages,
    national_arrests,
)
from parity.public.api import ERRORS, FIGURE, ForceSlug
from parity.web.throttle import PublicThrottle

router = Router(tags=["Open data"], throttle=[PublicThrottle()])
Period = Annotated[str, Field(pattern=r"^\d{4}(/\d{2})?$", max_length=7, description="2018/19, or 2017 for stages")]


class PeriodQuery(Schema):
    period: Period


def _answer(make: Any) -> dict[str, Any]:
    try:
        return make().as_dict()  # type: ignore[no-any-return]
    except JusticeError as error:
        raise HttpError(404, str(error)) from None


@router.get("/arrests", response={200: dict[str, Any], **ERRORS}, summary="England and Wales arrests by group")
def national(request: HttpRequest, q: Query[PeriodQuery]) -> Any:
    """Arrests per 1,000 residents by self-defined group in England and Wales, and the ratio to White."""
    return _answer(lambda: national_arrests(q.period))


@router.get("/arrests/{force}", response=FIGURE, summary="A force's arrests by group")
def arrests(request: HttpRequest, force: ForceSlug, q: Query[PeriodQuery]) -> Any:
    """Arrests per 1,000 residents by self-defined group in a force area, and the ratio to White."""
    return _answer(lambda: force_arrests(force, q.period))


@router.get("/stages/{force}", response=FIGURE, summary="A force's criminal-justice stages")
def stages(request: HttpRequest, force: ForceSlug, q: Query[PeriodQuery]) -> Any:
    """Each stage's relative rate index over the stage before, with intervals, flags and the pooled index."""
    return _answer(lambda: force_stages(force, q.period))


@router.get("/disposals/{force}", response=FIGURE, summary="A force's out-of-court disposals against charge, by age")
def disposals(request: HttpRequest, force: ForceSlug, q: Query[PeriodQuery]) -> Any:
    """Of the arrests that ended in a charge or an out-of-court disposal, the index of the disposal
    against White people, children (10 to 17) apart from adults; from a force's own records."""
    return _answer(lambda: force_disposal_split(force, q.period))
