"""The recording API: force systems push the same records as the web form, held to the same
rules; officers and supervisors read what they may; published figures are open to all."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as conf
from django.test import Client
from django.utils import timezone

from parity.accounts.models import AuditEvent, User
from parity.accounts.tokens import issue_token
from parity.recording import references
from parity.recording.models import Stop
from tests.recording.helpers import save_stop
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db
ANY_DRIVER = "A vehicle stop has exactly one driver; everyone else is a passenger."


def bearer(user: User | None) -> dict[str, str]:
    assert user is not None
    _, raw = issue_token(user, "force system")
    return {"Authorization": f"Bearer {raw}"}


def person(role: str = "subject", **values: str) -> dict[str, str]:
    return {
        "role": role,
        "self_defined": "A1",
        "officer_defined": "asian",
        "age_band": "18-24",
        "gender": "female",
    } | values


def vehicle(**extra: Any) -> dict[str, Any]:
    return {
        "force": "west-midlands",
        "kind": "vehicle",
        "occurred_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
        "location": "A38 Bristol Road",
        "station": "Bournville Lane",
        "officer_identifier": "4417",
        "vehicle_reason": "moving-offence",
        "outcome": "traffic-report",
        "bwv_recorded": True,
        "people": [person("driver"), person("passenger", self_defined="NS")],
        "external_reference": "ANPR-2026-000123",
    } | extra


def post(client: Client, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post("/api/recording/stops", json.dumps(body), content_type="application/json", headers=headers)


def test_a_force_system_pushes_a_vehicle_stop_with_its_people(role_world: RoleWorld) -> None:
    client = Client()
    response = post(client, vehicle(), bearer(role_world.user("officer")))
    assert response.status_code == 201, response.content
    body = response.json()
    stop = Stop.objects.get()
    assert body["id"] == stop.pk and body["reference"] == stop.reference and body["created"] is True
    code = body["survey_code"].replace("-", "")
    assert body["receipt_url"] == f"{conf.SITE_URL}/receipt/{stop.reference}?code={code}"
    assert len(code) == 10 and references.code_matches(body["survey_code"], stop.survey_digest)
    assert stop.channel == "api" and stop.officer == role_world.user("officer")
    assert list(stop.people.values_list("role", "self_defined")) == [("driver", "A1"), ("passenger", "NS")]


def test_sending_the_same_record_again_returns_the_first(role_world: RoleWorld) -> None:
    client, headers = Client(), bearer(role_world.user("officer"))
    first = post(client, vehicle(), headers).json()
    again = post(client, vehicle(), headers)
    assert again.status_code == 200 and again.json()["reference"] == first["reference"]
    assert again.json()["created"] is False and Stop.objects.count() == 1
    assert again.json()["survey_code"] == "" and "?code=" not in again.json()["receipt_url"], "only its hash is kept"


def test_a_pushed_record_is_held_to_the_forms_rules(role_world: RoleWorld) -> None:
    body = vehicle(vehicle_reason="because", people=[person("driver", self_defined="Q9", gender="")])
    response = post(Client(), body, bearer(role_world.user("officer")))
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and body["error"] == "invalid-parameters", "the API's one error envelope"
    errors = {e["loc"][-1]: e["msg"] for e in body["errors"]}
    assert errors["vehicle_reason"] == "Choose one of the answers given"
    assert errors["people-0-self_defined"] == "Choose an ethnic group from the list"
    assert errors["people-0-gender"] == "Choose their gender"
    assert not Stop.objects.exists()


def test_a_vehicle_stop_needs_exactly_one_driver(role_world: RoleWorld) -> None:
    body = vehicle(people=[person("passenger")])
    response = post(Client(), body, bearer(role_world.user("officer")))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"loc": ["body", "people"], "msg": ANY_DRIVER, "type": "invalid"}]


def test_a_search_pushed_by_api_becomes_a_stop_search_row_and_can_follow_the_vehicle_stop(
    role_world: RoleWorld,
) -> None:
    client, headers = Client(), bearer(role_world.user("officer"))
    stop_id = post(client, vehicle(outcome="searched"), headers).json()["id"]
    search = {
        "force": "west-midlands",
        "kind": "search",
        "occurred_at": (timezone.now() - timedelta(minutes=20)).isoformat(),
        "location": "A38 Bristol Road",
        "station": "Bournville Lane",
        "officer_identifier": "4417",
        "search_type": "vehicle",
        "legislation": "mda-s23",
        "object_of_search": "drugs",
        "grounds": "Strong smell of cannabis from the car",
        "outcome": "cannabis-warning",
        "outcome_linked": True,
        "removal_more_than_outer": False,
        "bwv_recorded": True,
        "people": [person()],
        "follows": stop_id,
        "external_reference": "ANPR-2026-000124",
    }
    response = post(client, search, headers)
    assert response.status_code == 201, response.content
    searched = Stop.objects.get(pk=response.json()["id"])
    assert searched.stop_search is not None and searched.stop_search.outcome == "cannabis-warning"
    assert Stop.objects.get(pk=stop_id).followed_by == searched


def test_a_force_administrators_system_records_for_a_named_officer(role_world: RoleWorld) -> None:
    officer = role_world.user("officer")
    assert officer is not None
    response = post(Client(), vehicle(officer=officer.email), bearer(role_world.user("force-admin")))
    assert response.status_code == 201
    assert Stop.objects.get().officer == officer
    not_an_officer = post(
        Client(), vehicle(officer="analyst@roles.test", external_reference="x2"), bearer(role_world.user("force-admin"))
    )
    assert not_an_officer.status_code == 422


@pytest.mark.parametrize(
    ("persona", "body", "status"),
    [
        ("analyst", {}, 403),
        ("officer@other-force", {}, 403),  # an officer elsewhere cannot record in this force
        ("officer", {"officer": "officer@roles.test"}, 403),  # only a force administrator names the officer
        ("force-admin@other-force", {"officer": "officer@roles.test"}, 403),
    ],
)
def test_recording_is_refused_without_the_role_in_that_force(
    role_world: RoleWorld, persona: str, body: dict[str, str], status: int
) -> None:
    role_world.user("officer")
    user = role_world.user(persona)
    response = post(Client(), vehicle(**body), bearer(user))
    assert response.status_code == status
    assert not Stop.objects.exists()
    assert AuditEvent.objects.filter(actor=user, allowed=False).exists()


def test_no_token_no_record() -> None:
    assert post(Client(), vehicle(), {}).status_code == 401


def test_officers_read_their_own_records_and_supervisors_their_teams(role_world: RoleWorld) -> None:
    mine = save_stop(role_world.user("officer"), role_world.home)
    save_stop(role_world.user("officer@other-team"), role_world.home)
    listed = Client().get("/api/recording/stops", headers=bearer(role_world.user("supervisor")))
    assert [r["id"] for r in listed.json()] == [mine.pk]
    one = Client().get(f"/api/recording/stops/{mine.pk}", headers=bearer(role_world.user("officer")))
    assert one.status_code == 200 and one.json()["people"][0]["self_defined"] == "Black: African"
    refused = Client().get(f"/api/recording/stops/{mine.pk}", headers=bearer(role_world.user("officer@other-team")))
    assert refused.status_code == 404
    assert AuditEvent.objects.filter(action="view", object_id=str(mine.pk), summary__contains="(API)").exists()


def test_published_figures_need_no_sign_in(role_world: RoleWorld) -> None:
    save_stop(role_world.user("officer"), role_world.home)
    vehicle_figures = Client().get("/api/recording/figures/west-midlands/vehicle-stops")
    assert vehicle_figures.status_code == 200
    body = vehicle_figures.json()
    assert body["stops"] is None and body["stops_suppressed"] is True, "one stop is a small number"
    assert body["drivers"]["analysis"] == "vehicle-stops-by-ethnicity"
    black = next(g for g in body["drivers"]["groups"] if g["code"] == "black")
    assert black["count"] is None and black["suppressed"] is True, "one stop is a small number"
    feedback = Client().get("/api/recording/figures/west-midlands/feedback")
    assert feedback.status_code == 200 and feedback.json()["analysis"] == "receipt-feedback-by-ethnicity"
    assert Client().get("/api/recording/figures/nowhere/feedback").status_code == 404


def test_the_recording_endpoints_are_in_the_openapi_document() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {"/api/recording/stops", "/api/recording/stops/{stop_id}"} <= set(paths)
    assert "/api/recording/figures/{force}/vehicle-stops" in paths
