""" "You said, we did" through the JSON API, at /api/engagement/: published entries only,
for anyone, with the same small-number protection as the public page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from parity.actions.api import PUBLIC_ERRORS, ForceSlug
from parity.engagement.you_said import entries
from parity.reference.models import Force

router = Router(tags=["Community engagement"])


class LinkedActionOut(Schema):
    reference: str
    title: str
    status: str


class EntryOut(Schema):
    kind: str
    heading: str
    you_said: str
    we_did: str
    origin: str
    on: date | None
    feedback_count: int | None
    feedback_suppressed: bool
    illustrative: bool
    actions: list[LinkedActionOut]


class YouSaidWeDidOut(Schema):
    force: str
    force_name: str
    entries: list[EntryOut]


@router.get("/forces/{force}/you-said-we-did", response={200: YouSaidWeDidOut, **PUBLIC_ERRORS}, auth=None)
def you_said_we_did(request: HttpRequest, force: ForceSlug) -> dict[str, Any]:
    """Published answers to community feedback themes, and panel findings with the actions taken."""
    found = get_object_or_404(Force, slug=force)
    return {
        "force": found.slug,
        "force_name": found.name,
        "entries": [e.as_dict() for e in entries(found, public=True)],
    }
