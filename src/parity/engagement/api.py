""" "You said, we did" and who takes part, through the JSON API at /api/engagement/: published
entries and protected counts only, for anyone, with the same small-number protection as the
public pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from parity.actions.api import PUBLIC_ERRORS, ForceSlug
from parity.engagement.participation import participation
from parity.engagement.you_said import entries
from parity.reference.lookup import force_or_404
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


class AreaOut(Schema):
    area: str
    minority: int | None
    white_british: int | None
    not_said: int | None
    total: int | None


class GroupOut(Schema):
    key: str
    group: str
    members: int | None


class ParticipationOut(Schema):
    force: str
    force_name: str
    people: list[AreaOut]
    network: list[AreaOut]
    network_groups: list[GroupOut]
    threshold: int
    withheld: bool


@router.get("/forces/{force}/participation", response={200: ParticipationOut, **PUBLIC_ERRORS}, auth=None)
def who_takes_part(request: HttpRequest, force: ForceSlug) -> dict[str, Any]:
    """Who takes part: places at published community conversations by area and ethnic group, and
    the community network's confirmed members by area and by ethnic group; `null` where a count
    is withheld (below `threshold`, or one that would give such a count away). The last row of
    `people` and of `network` is "All areas"."""
    return participation(force_or_404(force), public=True).as_dict()
