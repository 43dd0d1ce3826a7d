"""schemathesis against the open data API, in-process through Django's WSGI application.

For every public endpoint, generated requests with valid parameters (positive) and with
invalid ones (negative) must never get a server error, and every answer must match the
OpenAPI description: status codes, content types and bodies. Bounded: a dozen examples per
endpoint and mode, derandomised so a run is repeatable, no deadline (the first call of an
analysis computes it; the rest come from the cache).

schemathesis's own pytest integration (`from_fixture`) does not yet run under pytest 9, so
each operation's Hypothesis strategy is driven here directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db

PUBLIC = re.compile(r"^/api/(forces|coverage|stop-and-search)")
TABLES = ["rates", "legislation", "powers", "age", "gender", "outcomes", "strip-searches", "trend", "change"]
OPERATIONS = [
    "/api/forces",
    "/api/forces/{force}",
    "/api/coverage",
    "/api/stop-and-search/compare",
    "/api/stop-and-search/all-forces",
    *(f"/api/stop-and-search/{{force}}/{table}" for table in TABLES),
]


@pytest.fixture
def api_schema(loaded: object) -> Iterator[schemathesis.schemas.BaseSchema]:
    """The API through Django's WSGI application, in this test's transaction.

    As Django's test client does, the handler is kept from closing the database connection
    at the end of each request, which would end the test's transaction (on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_public_operation_is_exercised(api_schema: schemathesis.schemas.BaseSchema) -> None:
    public = {op.ok().path for op in api_schema.get_all_operations() if PUBLIC.match(op.ok().path)}
    assert public == set(OPERATIONS)


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
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case) -> None:
        # A request can be valid by the schema and still not be answerable (a period with
        # nothing held, text that is not a period, a group compared with itself): those are
        # 400 or 404 with the reason, so "schema-valid data must be accepted" does not apply.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
