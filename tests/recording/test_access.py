"""Who may see recorded stops: an officer their own, a supervisor their team's, no one else;
every view is audited, and a refusal too."""

from __future__ import annotations

import pytest

from parity.accounts.models import AuditEvent
from parity.recording.models import Stop
from tests.recording.helpers import save_stop, vehicle_form
from tests.roles import Case, RoleTable, RoleWorld, Route

pytestmark = pytest.mark.django_db


def own_stop(world: RoleWorld) -> Stop:
    """A vehicle stop recorded by the home team's officer (made once per world)."""
    stop = getattr(world, "_stop", None)
    if stop is None:
        stop = save_stop(world.user("officer"), world.home)
        world._stop = stop  # type: ignore[attr-defined]
    return stop


RECORDING_PAGES = RoleTable(
    routes={
        "home": "/record/",
        "form": "/record/new/vehicle",
        "save": Route("/record/new/vehicle", method="post", data=lambda w: vehicle_form()),
        "records": "/record/records/",
        "detail": lambda w: f"/record/records/{own_stop(w).pk}/",
        "receipt": lambda w: f"/record/records/{own_stop(w).pk}/receipt",
        "figures": lambda w: f"/recorded-stops/{w.home.slug}/vehicle-stops",
        "find": "/receipt/",
    },
    table="""
        persona                  home     form     save     records  detail   receipt  figures  find
        anonymous                sign-in  sign-in  sign-in  sign-in  sign-in  sign-in  200      200
        no-role                  403      403      403      403      403      403      200      200
        officer                  200      200      302      200      200      200      200      200
        officer@other-team       200      200      302      200      404      404      200      200
        officer@other-force      200      200      302      200      404      404      200      200
        supervisor               200      200      302      200      200      404      200      200
        supervisor@other-team    200      200      302      200      404      404      200      200
        analyst                  403      403      403      403      403      403      200      200
        force-admin              403      403      403      403      403      403      200      200
        panel-member             403      403      403      403      403      403      200      200
        officer/unverified       2fa      2fa      2fa      2fa      2fa      2fa      2fa      2fa
    """,
)


@RECORDING_PAGES.parametrize
def test_recording_pages(case: Case, role_world: RoleWorld) -> None:
    case.check(role_world)


def test_a_supervisor_sees_their_teams_records_and_not_others(role_world: RoleWorld) -> None:
    mine = save_stop(role_world.user("officer"), role_world.home)
    other_team = save_stop(role_world.user("officer@other-team"), role_world.home)
    page = role_world.client("supervisor").get("/record/records/").page
    links = {a["href"] for a in page.select("main table a")}
    assert links == {f"/record/records/{mine.pk}/"}
    assert f"/record/records/{other_team.pk}/" not in str(page)


def test_every_view_of_a_record_is_audited(role_world: RoleWorld) -> None:
    stop = own_stop(role_world)
    supervisor = role_world.user("supervisor")
    role_world.client("supervisor").get(f"/record/records/{stop.pk}/")
    event = AuditEvent.objects.get(
        action="view", object_type="recording.stop", object_id=str(stop.pk), actor=supervisor
    )
    assert event.force == role_world.home and event.allowed
    role_world.client("supervisor").get("/record/records/")
    assert AuditEvent.objects.filter(action="view", actor=supervisor, summary__startswith="Listed 1 recorded").exists()


def test_asking_for_someone_elses_record_is_refused_and_audited(role_world: RoleWorld) -> None:
    stop = own_stop(role_world)
    intruder = role_world.user("officer@other-team")
    response = role_world.client("officer@other-team").get(f"/record/records/{stop.pk}/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=intruder, allowed=False, action="access.denied").count() == 1
    assert not AuditEvent.objects.filter(actor=intruder, action="view", object_id=str(stop.pk)).exists()
