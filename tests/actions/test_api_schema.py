"""schemathesis against the action plan, "you said, we did" and participation endpoints, in-process: any
generated request, valid or not, gets an answer that keeps to the OpenAPI description and
never a server error (tests/api_schema.py, as for the open data API)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from schemathesis import GenerationMode

from tests.actions.helpers import Plan
from tests.api_schema import EACH_MODE, exercise, wsgi_schema
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

OPERATIONS = [
    "/api/actions/forces/{force}/register",
    "/api/actions/forces/{force}/actions/{action_id}",
    "/api/actions/forces/{force}/published",
    "/api/engagement/forces/{force}/you-said-we-did",
    "/api/engagement/forces/{force}/participation",
]


@pytest.fixture
def api_schema(plan: Plan, role_world: RoleWorld) -> Iterator[schemathesis.schemas.BaseSchema]:
    with wsgi_schema() as schema:
        yield schema


def test_every_operation_is_exercised(api_schema: schemathesis.schemas.BaseSchema) -> None:
    found = {op.ok().path for op in api_schema.get_all_operations()}
    assert {p for p in found if p.startswith(("/api/actions/", "/api/engagement/"))} == set(OPERATIONS)


@EACH_MODE
@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_never_fails_and_keeps_to_its_schema(
    api_schema: schemathesis.schemas.BaseSchema, path: str, mode: GenerationMode
) -> None:
    exercise(api_schema[path]["GET"], mode)


def test_a_real_force_answers_in_the_shape_described(api_schema: schemathesis.schemas.BaseSchema) -> None:
    operation = api_schema["/api/actions/forces/{force}/published"]["GET"]
    case = operation.Case(path_parameters={"force": "west-midlands"})
    response = case.call_and_validate()
    assert response.status_code == 200 and response.json()["actions"][0]["reference"] == "R1.1"
