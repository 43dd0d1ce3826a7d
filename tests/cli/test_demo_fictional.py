"""`parity demo` keeps what it makes up apart from real forces: one fictional force holds the
stop-and-search extract (grounds, officers, video), the HR extract, the victims' records, the
action plan, the conversation and the demo accounts; no national or compared figure counts it,
and running the demo again changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db.models import Model

from parity.accounts.models import AuditEvent, RoleAssignment, User
from parity.accounts.roles import Role
from parity.actions.models import Action, Source
from parity.cli import demo_fictional
from parity.cli.demo import load_fictional
from parity.engagement.models import Event, Point, Registration
from parity.powers.coverage import coverage
from parity.powers.models import SourceFile, StopSearch, StopSearchDetail
from parity.powers.statistics.common import held_months
from parity.reference.fictional import fictional_force
from parity.reference.forces import FICTIONAL, FORCES, force_by_slug
from parity.reference.models import Force
from parity.scrutiny.models import Member, Panel
from parity.scrutiny.redaction import snapshot
from parity.scrutiny.services.meetings import create_meeting
from parity.scrutiny.services.samples import SampleRequest, draw_sample
from parity.victims.models import ComplaintUnit, VictimUnit
from parity.victims.published import is_fictional
from parity.warehouse import layout
from parity.workforce.models import HrExtract, WorkforceTarget
from tests.pagecheck import CheckedClient
from tests.roles import sign_in_second_factor

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)
MADE: tuple[type[Model], ...] = (
    StopSearch, HrExtract, WorkforceTarget, VictimUnit, ComplaintUnit, Panel, Member, Source, Action, Event,
    Registration, Point, RoleAssignment, User, AuditEvent,
)  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MADE}


def test_the_fictional_force_is_no_real_force() -> None:
    force = fictional_force()
    assert force.fictional and "(fictional)" in force.name
    assert is_fictional(force), "the victims' pages warn about the fictional force even with no made-up extract"
    assert FICTIONAL.slug not in {f.slug for f in FORCES}, "national figures and lists are made of FORCES"
    assert force_by_slug(FICTIONAL.slug) == FICTIONAL
    assert fictional_force() == force and Force.objects.filter(fictional=True).count() == 1


def test_the_demo_makes_everything_up_for_the_fictional_force_once(client: CheckedClient) -> None:
    """One run of the whole step (it takes a while), checked part by part, then a second run."""
    lines = load_fictional([], today=TODAY)
    force = Force.objects.get(slug=FICTIONAL.slug)
    check_summary(lines)
    check_real_forces_hold_nothing_illustrative(force)
    check_accounts(force)
    check_conversation(force)
    check_public_pages(client)
    before = counts()
    again = load_fictional([], today=TODAY)
    assert counts() == before, "running the demo again changes nothing"
    assert any("already held" in line for line in again)


def check_summary(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert "Borsetshire (fictional): a made-up force" in lines[0]
    assert "540 records read, 540 newly imported" in text
    assert "Illustrative action plan for Borsetshire (fictional)" in text
    assert "Illustrative conversation for Borsetshire (fictional) (made-up people, labelled): 5 registrations" in text
    assert demo_fictional.ADVISOR_EMAIL in text and demo_fictional.PANEL_CHAIR_EMAIL in text


def check_real_forces_hold_nothing_illustrative(force: Force) -> None:
    real = Force.objects.filter(fictional=False)
    assert Source.objects.filter(force=force, illustrative=True).count() == 3
    assert not Source.objects.filter(force__in=real, illustrative=True).exists()
    assert not Action.objects.filter(force__in=real).exists()
    assert not Event.objects.filter(force__in=real, illustrative=True).exists()
    assert HrExtract.objects.filter(force=force, fictional=True).exists()
    assert not HrExtract.objects.filter(force__in=real).exists()
    assert not WorkforceTarget.objects.filter(force__in=real).exists()
    assert not VictimUnit.objects.filter(force__in=real).exists()
    assert not ComplaintUnit.objects.filter(force__in=real).exists()
    made_up = User.objects.filter(email__startswith="illustrative.")
    assert made_up.exists()
    assert not RoleAssignment.objects.filter(user__in=made_up, force__in=real).exists()


def check_accounts(force: Force) -> None:
    advisor = User.objects.get(email=demo_fictional.ADVISOR_EMAIL)
    held = RoleAssignment.objects.get(user=advisor)
    assert held.role == Role.ADVISOR and held.force == force
    assert held.panel_id is not None
    panel = Panel.objects.get(pk=held.panel_id)
    assert panel.kind == Panel.Kind.COMPLAINTS and "(fictional)" in panel.name
    chair = User.objects.get(email=demo_fictional.PANEL_CHAIR_EMAIL)
    assert RoleAssignment.objects.get(user=chair).role == Role.PANEL_CHAIR
    for email in (demo_fictional.ADVISOR_EMAIL, demo_fictional.PANEL_CHAIR_EMAIL, demo_fictional.BOARD_EMAIL):
        person = User.objects.get(email=email)
        assert not person.has_usable_password(), "a demo account has no password until its owner sets one"


def check_conversation(force: Force) -> None:
    event = Event.objects.get(force=force, title__startswith="Illustrative example: community conversation on stop")
    assert event.illustrative and event.published
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 5
    assert all(r.name.endswith("(illustrative)") and r.email.endswith("@example.org") for r in registrations)
    points = Point.objects.filter(feedback__event=event)
    assert points.count() == 3 and all(p.topic is not None for p in points)


def check_public_pages(client: CheckedClient) -> None:
    """Signed out, the fictional force's plan and engagement pages name it fictional; its
    stop-and-search records are on no public page."""
    for address in (f"/actions/public/{FICTIONAL.slug}/", f"/engagement/public/{FICTIONAL.slug}/"):
        page = client.get(address)
        assert page.status_code == 200, address
        assert "Borsetshire (fictional)" in page.content.decode(), address
    assert client.get(f"/forces/{FICTIONAL.slug}").status_code == 404
    assert "Borsetshire" not in client.get("/stop-and-search").content.decode()


def test_a_case_pack_drawn_from_the_fictional_extract_has_grounds_and_video(client: CheckedClient) -> None:
    demo_fictional.stop_search_example()
    demo_fictional.scrutiny_panel()
    panel = Panel.objects.get(name=demo_fictional.PANEL)
    meeting = create_meeting(panel, dt.date(2026, 5, 1))
    sample = draw_sample(meeting, SampleRequest("random", dt.date(2025, 10, 1), dt.date(2026, 3, 31), size=12, seed=3))
    chair = User.objects.get(email=demo_fictional.PANEL_CHAIR_EMAIL)
    client.force_login(chair)
    sign_in_second_factor(client, chair)
    shown = client.get(f"/scrutiny/panels/{panel.pk}/").content.decode()
    assert "Borsetshire (fictional)" in shown and demo_fictional.PANEL in shown
    assert client.get(f"/scrutiny/meetings/{meeting.pk}/sample").status_code == 200
    first = sample.cases.order_by("number").first()
    assert first is not None
    page = client.get(f"/scrutiny/cases/{first.pk}/").content.decode()
    assert "Fictional grounds:" in page and "FICTIONAL-BOR-" in page
    cases = list(sample.cases.select_related("record"))
    assert len(cases) == 12
    for case in cases:
        assert case.record is not None
        pack = snapshot(case.record)
        assert pack["source"] == "force extract"
        assert pack["grounds"] and pack["grounds"].startswith("Fictional grounds:")
        assert pack["bwv_recorded"] in (True, False)
        assert str(pack["officer"]).startswith("OFF-") and str(pack["force_reference"]).startswith("FICTIONAL-")
    assert StopSearchDetail.objects.filter(record__force=panel.force, bwv_recorded=False).exists()


def test_the_fictional_records_are_in_no_published_figure(tmp_path: Path) -> None:
    demo_fictional.stop_search_example()
    files = SourceFile.objects.filter(force__slug=FICTIONAL.slug)
    assert files.count() == 6 and StopSearch.objects.filter(source_file__in=files).count() == 540
    assert not layout.partition_dir(layout.STOP_SEARCH, force=FICTIONAL.slug, month="2025-10").exists()
    assert FICTIONAL.slug not in {c.force for c in coverage()}
    assert FICTIONAL.slug not in held_months()
    assert [c.force for c in coverage(FICTIONAL.slug)] == [FICTIONAL.slug], "asked for by name, it is there"
