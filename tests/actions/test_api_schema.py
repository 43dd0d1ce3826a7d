"""schemathesis against the action plan and "you said, we did" endpoints, in-process: any
generated request, valid or not, gets an answer that keeps to the OpenAPI description and
never a server error (as tests/public/test_api_schema.py does for the open data API)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.actions.helpers import Plan
from tests.roles import RoleWorld

pytestmark = pytest.mark.django_db

OPERATIONS = [
    "/api/actions/forces/{force}/register",
    "/api/actions/forces/{force}/actions/{action_id}",
    "/api/actions/forces/{force}/published",
    "/api/engagement/forces/{force}/you-said-we-did",
]


@pytest.fixture
def api_schema(plan: Plan, role_world: RoleWorld) -> Iterator[schemathesis.schemas.BaseSchema]:
    """The schema, called through Django's real WSGI application.

    That application closes the database connection after each request, which on PostgreSQL
    would end the test's transaction; Django's own test client stops it the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_is_exercised(api_schema: schemathesis.schemas.BaseSchema) -> None:
    found = {op.ok().path for op in api_schema.get_all_operations()}
    assert {p for p in found if p.startswith(("/api/actions/", "/api/engagement/"))} == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_never_fails_and_keeps_to_its_schema(
    api_schema: schemathesis.schemas.BaseSchema, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path]["GET"]

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case) -> None:
        # An unknown force or action is 404, and without credentials the register is 401.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()


def test_a_real_force_answers_in_the_shape_described(api_schema: schemathesis.schemas.BaseSchema) -> None:
    operation = api_schema["/api/actions/forces/{force}/published"]["GET"]
    case = operation.Case(path_parameters={"force": "west-midlands"})
    response = case.call_and_validate()
    assert response.status_code == 200 and response.json()["actions"][0]["reference"] == "R1.1"
