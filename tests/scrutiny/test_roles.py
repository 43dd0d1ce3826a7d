"""Who may open each scrutiny page: every view, every kind of person, checked on the server.

Panel members reach only their own panel; force staff reach every panel of their force and
answer findings and video requests; only the chair runs meetings, samples, decisions and
reports; the public reads published reports only. Every 403 is audited (tests/roles.py).
"""

# ruff: noqa: E501 - role tables are read as grids, one persona per line

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parity import safe_csv
from parity.accounts.models import AuditEvent, RoleAssignment
from parity.accounts.roles import Role
from parity.powers.models import UseOfForceReport
from parity.powers.use_of_force.example import example_rows
from parity.powers.use_of_force.ingest import ingest as ingest_use_of_force
from parity.scrutiny import use_of_force
from parity.scrutiny.models import Case as CaseModel
from parity.scrutiny.models import Member
from tests.roles import Case, RoleTable, RoleWorld, Route
from tests.scrutiny.helpers import PanelRecords, build

_RECORDS: dict[int, PanelRecords] = {}


def r(world: RoleWorld) -> PanelRecords:
    """The panel records built for this world (by the `records` fixture)."""
    return _RECORDS[id(world)]


@pytest.fixture
def records(role_world: RoleWorld) -> Iterator[PanelRecords]:
    built = build(role_world.panel)
    _RECORDS[id(role_world)] = built
    yield built
    _RECORDS.pop(id(role_world), None)


P = "/scrutiny/panels"
PAGES = RoleTable(
    routes={
        "home": "/scrutiny/",
        "add": f"{P}/add",
        "panel": lambda w: f"{P}/{w.panel.pk}/",
        "settings": lambda w: f"{P}/{w.panel.pk}/settings",
        "members": lambda w: f"{P}/{w.panel.pk}/members/",
        "madd": lambda w: f"{P}/{w.panel.pk}/members/add",
        "member": lambda w: f"/scrutiny/members/{r(w).member.pk}/",
        "mtgadd": lambda w: f"{P}/{w.panel.pk}/meetings/add",
        "meeting": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/",
        "mtgedit": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/edit",
        "attend": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/attendance",
        "draw": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/sample",
        "sample": lambda w: f"/scrutiny/samples/{r(w).sample.pk}/",
        "case": lambda w: f"/scrutiny/cases/{r(w).case.pk}/",
        "review": lambda w: f"/scrutiny/cases/{r(w).case.pk}/review",
        "decide": lambda w: f"/scrutiny/cases/{r(w).case.pk}/decision",
        "video": lambda w: f"/scrutiny/cases/{r(w).case.pk}/video",
        "finds": lambda w: f"{P}/{w.panel.pk}/findings/",
        "finding": lambda w: f"/scrutiny/findings/{r(w).finding.pk}/",
        "answer": lambda w: f"/scrutiny/findings/{r(w).finding.pk}/answer",
        "mreport": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/report",
        "mpdf": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/report.pdf",
        "qreport": lambda w: f"{P}/{w.panel.pk}/quarters/2026-q4/report",
        "public": "/scrutiny/reports/",
        "report": lambda w: f"/scrutiny/reports/{r(w).report.pk}/",
        "rpdf": lambda w: f"/scrutiny/reports/{r(w).report.pk}.pdf",
    },
    table="""
        persona                    home    add     panel   settings members madd    member  mtgadd  meeting mtgedit attend  draw    sample  case    review  decide  video   finds   finding answer  mreport mpdf    qreport public  report  rpdf
        anonymous                  sign-in sign-in sign-in sign-in  sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in 200     200     200
        no-role                    403     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        panel-member               200     403     200     403      403     403     403     403     200     403     403     403     200     200     200     403     200     200     200     403     200     200     200     200     200     200
        panel-member@other-panel   200     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        panel-member@other-force   200     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        panel-chair                200     403     200     200      200     200     200     200     200     200     200     200     200     200     200     200     200     200     200     403     200     200     200     200     200     200
        panel-chair@other-panel    200     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        force-admin                200     200     200     200      200     200     200     403     200     403     403     403     200     200     403     403     200     200     200     200     200     200     200     200     200     200
        force-admin@other-force    200     200     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        force-admin/unverified     2fa     2fa     2fa     2fa      2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     2fa     -       -       -
        analyst                    200     403     200     403      403     403     403     403     200     403     403     403     200     200     403     403     200     200     200     200     200     200     200     200     200     200
        analyst@other-force        200     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        officer                    403     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        supervisor                 403     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        action-owner               403     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
        board-member               403     403     403     403      403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     403     200     200     200
    """,
)


@PAGES.parametrize
def test_scrutiny_pages(case: Case, role_world: RoleWorld, records: PanelRecords) -> None:
    case.check(role_world)


def _review_data(w: RoleWorld) -> dict[str, str]:
    return {
        "verdict": "Grounds unclear",
        "conduct": "some-concerns",
        "explanation_given": "yes",
        "receipt_offered": "not-known",
        "observations": "",
        "refer": "no",
    }


ACTIONS = RoleTable(
    routes={
        "settings": Route(
            lambda w: f"{P}/{w.panel.pk}/settings",
            "post",
            {"verdict_scale": "Fine\nNot fine", "themes": "", "bwv_retention_days": "", "answer_within_days": "28"},
        ),
        "leave": Route(lambda w: f"/scrutiny/members/{r(w).member.pk}/end", "post"),
        "declare": Route(
            lambda w: f"/scrutiny/members/{r(w).member.pk}/declarations/add",
            "post",
            {"interest": "A cousin in the force"},
        ),
        "meeting": Route(
            lambda w: f"{P}/{w.panel.pk}/meetings/add",
            "post",
            {"held_on-day": "2", "held_on-month": "2", "held_on-year": "2027", "place": "", "agenda": ""},
        ),
        "unsample": Route(lambda w: f"/scrutiny/samples/{r(w).sample.pk}/remove", "post"),
        "review": Route(lambda w: f"/scrutiny/cases/{r(w).case.pk}/review", "post", _review_data),
        "decide": Route(
            lambda w: f"/scrutiny/cases/{r(w).case.pk}/decision",
            "post",
            {"verdict": "Grounds unclear", "refer": "no", "finding": "", "notes": ""},
        ),
        "askvideo": Route(lambda w: f"/scrutiny/cases/{r(w).case.pk}/video/request", "post"),
        "tellvideo": Route(
            lambda w: f"/scrutiny/cases/{r(w).case.pk}/video/answer",
            "post",
            {"status": "not-available", "reason": "deleted", "detail": ""},
        ),
        "watched": Route(lambda w: f"/scrutiny/cases/{r(w).case.pk}/video/viewed", "post", {"note": ""}),
        "answer": Route(
            lambda w: f"/scrutiny/findings/{r(w).finding.pk}/answer",
            "post",
            {"answer": "accepted", "action_taken": "Briefed the team.", "officer_learning": ""},
        ),
        "publish": Route(lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/report/publish", "post"),
        "qpublish": Route(lambda w: f"{P}/{w.panel.pk}/quarters/2026-q4/report/publish", "post"),
    },
    table="""
        persona                    settings leave   declare meeting unsample review  decide  askvideo tellvideo watched answer  publish qpublish
        anonymous                  sign-in  sign-in sign-in sign-in sign-in  sign-in sign-in sign-in  sign-in   sign-in sign-in sign-in sign-in
        no-role                    403      403     403     403     403      403     403     403      403       403     403     403     403
        panel-member               403      403     403     403     403      302     403     302      403       302     403     403     403
        panel-member@other-panel   403      403     403     403     403      403     403     403      403       403     403     403     403
        panel-member@other-force   403      403     403     403     403      403     403     403      403       403     403     403     403
        panel-chair                302      302     302     302     302      302     302     302      403       302     403     302     302
        panel-chair@other-panel    403      403     403     403     403      403     403     403      403       403     403     403     403
        force-admin                302      302     302     403     403      403     403     403      302       403     302     403     403
        force-admin@other-force    403      403     403     403     403      403     403     403      403       403     403     403     403
        analyst                    403      403     403     403     403      403     403     403      302       403     302     403     403
        analyst/unverified         2fa      2fa     2fa     2fa     2fa      2fa     2fa     2fa      2fa       2fa     2fa     2fa     2fa
        officer                    403      403     403     403     403      403     403     403      403       403     403     403     403
        board-member               403      403     403     403     403      403     403     403      403       403     403     403     403
    """,
)


@ACTIONS.parametrize
def test_scrutiny_actions(case: Case, role_world: RoleWorld, records: PanelRecords) -> None:
    case.check(role_world)


@pytest.mark.django_db
def test_a_member_asking_for_another_panels_case_is_refused_and_audited(
    role_world: RoleWorld, records: PanelRecords
) -> None:
    other = build(role_world.other_panel)
    member = role_world.user("panel-member")
    client = role_world.client("panel-member")
    own = client.get(f"/scrutiny/cases/{records.case.pk}/")
    assert own.status_code == 200
    refused = client.get(f"/scrutiny/cases/{other.case.pk}/")
    assert refused.status_code == 403
    event = AuditEvent.objects.filter(actor=member, allowed=False).latest("id")
    assert f"/scrutiny/cases/{other.case.pk}/" in event.summary
    assert "Use of force panel" in event.summary
    assert event.force_id == role_world.home.pk
    # The page they may see is recorded as a view of the case pack; the refused one is not.
    views = AuditEvent.objects.filter(actor=member, action="view", object_type="scrutiny.case")
    assert list(views.values_list("object_id", flat=True)) == [str(records.case.pk)]


@pytest.mark.django_db
def test_an_observer_reads_case_packs_but_gives_no_verdict(role_world: RoleWorld, records: PanelRecords) -> None:
    user = role_world.user("panel-member")
    assert user is not None
    Member.objects.create(panel=role_world.panel, user=user, role=Member.Role.OBSERVER)
    client = role_world.client("panel-member")
    assert client.get(f"/scrutiny/cases/{records.case.pk}/").status_code == 200
    refused = client.get(f"/scrutiny/cases/{records.case.pk}/review")
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(actor=user, allowed=False, summary__contains="observers").exists()


@pytest.mark.django_db
def test_a_member_whose_term_has_ended_is_refused_at_once(role_world: RoleWorld, records: PanelRecords) -> None:
    import datetime as dt

    user = role_world.user("panel-member")
    assert user is not None
    Member.objects.create(panel=role_world.panel, user=user, term_ends_on=dt.date(2020, 1, 1))
    assert RoleAssignment.objects.filter(user=user, role=Role.PANEL_MEMBER).exists()  # not yet synced
    response = role_world.client("panel-member").get(f"/scrutiny/cases/{records.case.pk}/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor=user, allowed=False, summary__contains="has ended").exists()


_FORCE_CASES: dict[int, int] = {}


@pytest.fixture
def force_case(role_world: RoleWorld, records: PanelRecords, tmp_path: Path) -> Iterator[int]:
    """A use-of-force case beside the search in the panel's sample: its own review questions."""
    path = tmp_path / "use-of-force.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        safe_csv.writer(file).writerows(example_rows(role_world.home.name, "2021/22", reports=2, seed=4))
    assert not ingest_use_of_force([path]).refused
    report = UseOfForceReport.objects.filter(force=role_world.home).first()
    assert report is not None
    made = CaseModel.objects.create(
        sample=records.sample,
        panel=records.panel,
        number=2,
        use_of_force=report,
        record_key=use_of_force.record_key(report),
        snapshot=use_of_force.snapshot(report),
    )
    _FORCE_CASES[id(role_world)] = made.pk
    yield made.pk
    _FORCE_CASES.pop(id(role_world), None)


FORCE_REVIEW = {"verdict": "Grounds unclear", "conduct": "good", "observations": "", "refer": "no"} | dict.fromkeys(
    ("de_escalation", "bwv_matches", "injuries_treated", "age_vulnerability"), "yes"
)
FORCE_CASE_PAGES = RoleTable(
    routes={
        "case": lambda w: f"/scrutiny/cases/{_FORCE_CASES[id(w)]}/",
        "form": lambda w: f"/scrutiny/cases/{_FORCE_CASES[id(w)]}/review",
        "review": Route(lambda w: f"/scrutiny/cases/{_FORCE_CASES[id(w)]}/review", "post", FORCE_REVIEW),
        "sample": lambda w: f"/scrutiny/samples/{r(w).sample.pk}/",
        "draw": lambda w: f"/scrutiny/meetings/{r(w).meeting.pk}/sample",
    },
    table="""
        persona                    case    form    review  sample  draw
        anonymous                  sign-in sign-in sign-in sign-in sign-in
        no-role                    403     403     403     403     403
        panel-member               200     200     302     200     403
        panel-member@other-panel   403     403     403     403     403
        panel-member@other-force   403     403     403     403     403
        panel-chair                200     200     302     200     200
        force-admin                200     403     403     200     403
        force-admin@other-force    403     403     403     403     403
        analyst/unverified         2fa     2fa     2fa     2fa     2fa
        officer                    403     403     403     403     403
    """,
)


@FORCE_CASE_PAGES.parametrize
def test_use_of_force_case_pages(case: Case, role_world: RoleWorld, force_case: int) -> None:
    case.check(role_world)
