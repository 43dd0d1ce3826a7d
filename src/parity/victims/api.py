"""The victims' API, under /api/victims/: a force's own figures for its staff, as on the page.

JSON is the result objects' `as_dict()`, small numbers already protected inside them; the
survey's shares are given exactly as published (as text, so no digit is lost), `null` where
the survey withheld them.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.errors import HttpError

from parity.accounts.api import ApiAuth
from parity.accounts.permissions import require_role
from parity.analysis.period import PeriodError
from parity.api_errors import ErrorOut
from parity.reference.models import Force
from parity.victims.dashboard import figures
from parity.victims.views import FOLLOW_UP_ROLES

router = Router(tags=["Victims and complaints"])
ForceSlug = Annotated[
    str, Path(..., pattern=r"^[a-z][a-z-]{1,39}$", description="data.police.uk identifier, e.g. wiltshire")
]
ERRORS: dict[int | tuple[int, ...], type[ErrorOut]] = {(400, 401, 403, 404, 422): ErrorOut}


def _published(raw: dict[str, str], column: str) -> str | None:
    """The figure as the survey wrote it, or None where it withheld it."""
    text = raw[column].strip()
    return None if text == "?" else text


@router.get("/forces/{force}/figures", response={200: dict[str, Any], **ERRORS}, auth=ApiAuth(*FOLLOW_UP_ROLES))
def figures_api(
    request: HttpRequest,
    force: ForceSlug,
    period: Annotated[
        str, Query(max_length=40, description="2024/25, 2024-Q3, 2024-05 or a range; blank: 12 months")
    ] = "",
) -> dict[str, Any]:
    """Every victims' measure and the complaints figures for a period, and the survey's shares."""
    found = get_object_or_404(Force, slug=force)
    require_role(request, *FOLLOW_UP_ROLES, force=found)
    try:
        result = figures(found, period, today=timezone.localdate())
    except PeriodError as error:
        raise HttpError(400, str(error)) from None
    survey = result.survey
    return {
        "force": found.slug,
        "period": {"start": result.period.start, "end": result.period.end, "label": result.period.label},
        "fictional": result.fictional,
        "victims": result.victims.as_dict(),
        "complaints": result.complaints.as_dict(),
        "survey": None
        if survey is None
        else {
            "window": survey.window,
            "caveat": survey.caveat,
            "groups": [
                {
                    "ethnicity": e.ethnicity,
                    "sample_size": e.sample_size,
                    "value_percent": _published(e.raw, "Value"),
                    "ci_low_percent": _published(e.raw, "Lower CI"),
                    "ci_high_percent": _published(e.raw, "Upper CI"),
                    "withheld": e.withheld,
                }
                for e in survey.rows
            ],
        },
    }
