"""Scrutiny's own registered case-pack section: it uses the same registry as other domains'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parity.accounts.models import User
from parity.powers.models import StopSearch, StopSearchDetail
from parity.reference.vocab import Outcome
from parity.scrutiny.casepack import register_section

OFFICER_WINDOW_DAYS = 365


def officer_searches(record: StopSearch, viewer: User) -> dict[str, Any] | None:
    """How many searches the same officer pseudonym recorded in the year up to this one.

    A panel asks whether a search fits a pattern; the pseudonym hides who the officer is.
    Only force extracts carry pseudonyms, so data.police.uk records show nothing here.
    """
    detail = StopSearchDetail.objects.filter(record=record).first()
    if detail is None or not detail.officer_pseudonym:
        return None
    since = record.local_date - dt.timedelta(days=OFFICER_WINDOW_DAYS)
    searches = StopSearch.objects.filter(
        force_id=record.force_id,
        detail__officer_pseudonym=detail.officer_pseudonym,
        local_date__gt=since,
        local_date__lte=record.local_date,
    )
    total = searches.count()
    return {
        "pseudonym": detail.officer_pseudonym,
        "since": since + dt.timedelta(days=1),
        "until": record.local_date,
        "searches": total,
        "no_further_action": searches.filter(outcome=Outcome.NO_FURTHER_ACTION).count(),
    }


def register_built_in_sections() -> None:
    register_section(
        "officer-searches",
        "Other searches by this officer",
        "scrutiny/sections/officer.html",
        officer_searches,
        order=40,
    )
