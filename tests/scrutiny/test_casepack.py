"""The case pack: the redacted record, registered sections, and the redaction of grounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from parity.accounts.models import User
from parity.powers.models import StopSearch
from parity.scrutiny import casepack
from parity.scrutiny.redaction import redact_text, snapshot
from tests.roles import RoleWorld
from tests.scrutiny.helpers import PanelRecords, build

pytestmark = pytest.mark.django_db
# Any template renders a section; this one is scrutiny's own officer section.
TEMPLATE = "scrutiny/sections/officer.html"
SAYS = {
    "pseudonym": "OFF-SECTIONTEST",
    "searches": 3,
    "no_further_action": 1,
    "since": dt.date(2021, 1, 1),
    "until": dt.date(2021, 6, 1),
}


@pytest.mark.parametrize(
    ("grounds", "kept", "removed"),
    [
        ("Mr John Smith was seen near the shop.", "was seen near the shop", "John Smith"),
        ("He said his name was Kwame Mensah.", "He said his", "Kwame Mensah"),
        ("Stopped outside 14 Station Road after a call.", "Stopped outside", "Station Road"),
        ("Home address given as BS1 4DJ.", "Home address given as", "BS1 4DJ"),
        ("Gave 07700 900123 and a.person@example.org.", "Gave", "900123"),
        ("DOB 04/05/2001, known to police.", "known to police", "2001"),
    ],
)
def test_personal_details_in_grounds_are_removed(grounds: str, kept: str, removed: str) -> None:
    text, count = redact_text(grounds)
    assert kept in text and removed not in text and count >= 1 and "[removed:" in text


def test_grounds_without_personal_details_are_untouched() -> None:
    grounds = "Strong smell of cannabis from the car; the driver hid something under the seat at 10pm."
    assert redact_text(grounds) == (grounds, 0)


def test_a_snapshot_holds_no_map_point_and_no_source_text() -> None:
    record = StopSearch.objects.filter(latitude__isnull=False).select_related("source_file").first()
    assert record is not None
    shot = snapshot(record)
    values = " ".join(str(v) for v in shot.values())
    assert f"{record.latitude:.4f}"[:7] not in values and "raw" not in shot and record.raw not in values
    assert shot["grounds"] is None and shot["officer"] == "" and shot["source"] == "data.police.uk"


def test_a_registered_section_shows_when_it_has_something_to_say(role_world: RoleWorld) -> None:
    records = build(role_world.panel)
    seen: list[tuple[int, str]] = []

    def provide(record: StopSearch, viewer: User) -> dict[str, Any] | None:
        seen.append((record.pk, viewer.email))
        return SAYS if record.pk == records.case.record_id else None

    casepack.register_section("test-section", "What the test says", TEMPLATE, provide, order=5)
    try:
        client = role_world.client("panel-member")
        page = client.get(f"/scrutiny/cases/{records.case.pk}/").page
        headings = [h.get_text(strip=True) for h in page.select("h2")]
        assert "What the test says" in headings
        assert "OFF-SECTIONTEST recorded 3 searches" in " ".join(page.get_text().split())
        assert seen == [(records.case.record_id, "panel-member@roles.test")]
    finally:
        casepack.unregister_section("test-section")


def test_no_registered_section_shows_once_the_record_was_replaced(role_world: RoleWorld) -> None:
    records: PanelRecords = build(role_world.panel)
    casepack.register_section("test-section", "What the test says", TEMPLATE, lambda r, v: SAYS)
    try:
        records.case.record = None
        records.case.save()
        page = role_world.client("panel-member").get(f"/scrutiny/cases/{records.case.pk}/").page
        assert "What the test says" not in [h.get_text(strip=True) for h in page.select("h2")]
        assert "re-imported" in page.get_text()
    finally:
        casepack.unregister_section("test-section")


def test_a_section_key_cannot_be_taken_twice() -> None:
    with pytest.raises(ValueError, match="already registered"):
        casepack.register_section("officer-searches", "Another", "x.html", lambda r, v: None)
