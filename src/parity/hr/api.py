"""The workforce dashboard's API, under /api/hr/: the force's own figures for its analysts and
administrators, as on the dashboard, each call written to the audit trail like a view of it.

JSON is the result objects' `as_dict()`, small numbers already protected inside them; only
counts and rates, never a pseudonym.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router

from parity.accounts import audit
from parity.accounts.api import ApiAuth
from parity.accounts.permissions import require_role
from parity.api_errors import ErrorOut
from parity.hr.tables import figures_json
from parity.hr.views import READERS
from parity.reference.lookup import force_or_404

router = Router(tags=["Workforce dashboard"])
ForceSlug = Annotated[
    str, Path(..., pattern=r"^[a-z][a-z-]{1,39}$", description="data.police.uk identifier, e.g. wiltshire")
]
ERRORS: dict[int | tuple[int, ...], type[ErrorOut]] = {(401, 403, 404, 422): ErrorOut}


@router.get(
    "/forces/{force}/dashboard",
    response={200: dict[str, Any], **ERRORS},
    auth=ApiAuth(),  # the role is checked once, in the force asked for, below
    summary="A force's workforce dashboard figures",
)
def dashboard_api(request: HttpRequest, force: ForceSlug) -> HttpResponse:
    """Representation by worker type and rank, the recruitment funnel, positive-action
    outcomes, leaving and promotion rates and each target's projection; `null` for a part
    whose records are not held (`missing` says what is needed)."""
    found = force_or_404(force)
    require_role(request, *READERS, force=found)
    body = figures_json(found)  # serialised once per state of the force's HR extracts and targets
    audit.record(
        audit.Action.VIEW, obj=found, force=found, request=request,
        summary="Read the workforce dashboard through the API",
    )  # fmt: skip
    return HttpResponse(body, content_type="application/json; charset=utf-8")
