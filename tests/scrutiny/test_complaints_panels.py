"""A complaints-review panel (lived-experience advisors, parity.victims.advisors) shares
scrutiny's members, settings and findings, but not its meetings, samples, case packs,
decisions or meeting reports: those pages refuse it on the server (403, audited) and its
dashboard offers none of them, pointing to the complaints review instead.

The records below are made directly on the complaints panel, as no page would make them,
to show that the refusal does not depend on the links being hidden."""

# ruff: noqa: E501 - role tables are read as grids, one persona per line

from __future__ import annotations

from collections.abc import Iterator

import pytest

from parity.accounts.models import AuditEvent
from parity.scrutiny.models import Panel
from tests.roles import Case, RoleTable, RoleWorld, Route
from tests.scrutiny.helpers import PanelRecords, build

_RECORDS: dict[int, PanelRecords] = {}


def r(world: RoleWorld) -> PanelRecords:
    return _RECORDS[id(world)]


@pytest.fixture
def complaints(role_world: RoleWorld) -> Iterator[PanelRecords]:
    built = build(role_world.panel)
    role_world.panel.kind = Panel.Kind.COMPLAINTS
    role_world.panel.save()
    _RECORDS[id(role_world)] = built
    yield built
    _RECORDS.pop(id(role_world), None)


P = "/scrutiny/panels"
PAGES = RoleTable(
    routes={
        "panel": lambda w: f"{P}/{w.panel.pk}/",
        "settings": lambda w: f"{P}/{w.panel.pk}/settings",
        "members": lambda w: f"{P}/{w.panel.pk}/members/",
        "finds": lambda w: f"{P}/{w.panel.pk}/findings/",
        "finding": lambda w: f"/scrutiny/findings/{r(w).finding.pk}/",
        "mtgadd": lambda w: f"{P}/{w.panel.pk}/meetings/add",
        "meeting": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/",
        "mtgedit": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/edit",
        "attend": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/attendance",
        "draw": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/sample",
        "drawpost": Route(
            lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/sample", "post", {"rule": "random", "size": "1"}
        ),
        "sample": lambda w: f"/scrutiny/samples/{r(w).sample.pk}/",
        "case": lambda w: f"/scrutiny/cases/{r(w).case.pk}/",
        "review": lambda w: f"/scrutiny/cases/{r(w).case.pk}/review",
        "decide": lambda w: f"/scrutiny/cases/{r(w).case.pk}/decision",
        "video": lambda w: f"/scrutiny/cases/{r(w).case.pk}/video",
        "mreport": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/report",
        "mpdf": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/report.pdf",
        "publish": Route(lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/report/publish", "post"),
        "qreport": lambda w: f"{P}/{w.panel.pk}/quarters/2026-q4/report",
    },
    table="""
        persona        panel  settings members finds  finding mtgadd meeting mtgedit attend draw   drawpost sample case   review decide video  mreport mpdf   publish qreport
        panel-chair    200    200      200     200    200     403    403     403     403    403    403      403    403    403    403    403    403     403    403     403
        panel-member   200    403      403     200    200     403    403     403     403    403    403      403    403    403    403    403    403     403    403     403
        force-admin    200    200      200     200    200     403    403     403     403    403    403      403    403    403    403    403    403     403    403     403
        analyst        200    403      403     200    200     403    403     403     403    403    403      403    403    403    403    403    403     403    403     403
        advisor        403    403      403     403    403     403    403     403     403    403    403      403    403    403    403    403    403     403    403     403
    """,
)


@PAGES.parametrize
def test_complaints_panel_pages(case: Case, role_world: RoleWorld, complaints: PanelRecords) -> None:
    case.check(role_world)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["panel-chair", "force-admin", "analyst"])
def test_a_complaints_panel_dashboard_holds_no_link_that_refuses_the_person(
    persona: str, role_world: RoleWorld, complaints: PanelRecords
) -> None:
    client = role_world.client(persona)
    page = client.get(f"{P}/{role_world.panel.pk}/").page
    links = {str(a["href"]) for a in page.select("main a") if str(a["href"]).startswith("/")}
    assert f"/victims/advisors/panels/{role_world.panel.pk}/" in links
    assert not any(link.startswith(("/scrutiny/meetings/", f"{P}/{role_world.panel.pk}/quarters")) for link in links)
    assert not any(link.endswith("/meetings/add") for link in links)
    for link in sorted(links):
        with client.unchecked():
            answer = client.get(link)
        assert answer.status_code not in (403, 404), f"{persona}: {link} refuses them"


@pytest.mark.django_db
def test_the_refusal_is_audited_with_why_and_a_stop_and_search_panel_is_unchanged(
    role_world: RoleWorld, complaints: PanelRecords
) -> None:
    chair = role_world.client("panel-chair")
    with chair.unchecked():
        refused = chair.get(f"/scrutiny/meetings/{complaints.meeting.pk}/sample")
    assert refused.status_code == 403
    event = AuditEvent.objects.filter(allowed=False, actor=role_world.user("panel-chair")).latest("pk")
    assert "complaints-review panel" in event.summary
    role_world.panel.kind = Panel.Kind.STOP_AND_SEARCH
    role_world.panel.save()
    assert chair.get(f"/scrutiny/meetings/{complaints.meeting.pk}/sample").status_code == 200
    page = chair.get(f"{P}/{role_world.panel.pk}/").page
    assert page.select_one("#complaints-review") is None
    assert any(str(a["href"]).endswith("/meetings/add") for a in page.select("main a"))


@pytest.mark.django_db
def test_a_complaints_panel_chairs_header_menu_holds_no_link_that_refuses_them(
    role_world: RoleWorld, complaints: PanelRecords
) -> None:
    client = role_world.client("panel-chair")
    menu = {str(a["href"]) for a in client.get("/").page.select("#primary-navigation a")}
    assert "/scrutiny/" in menu
    for link in sorted(menu - {"/account/sign-out"}):
        with client.unchecked():
            answer = client.get(link)
        assert answer.status_code != 403, f"{link} refuses a complaints panel's chair"
    panels = client.get("/scrutiny/").page
    assert f"{P}/{role_world.panel.pk}/" in {str(a["href"]) for a in panels.select("main a")}
