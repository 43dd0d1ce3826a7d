"""schemathesis against the open data API, in-process through Django's WSGI application.

For every public endpoint, generated requests with valid parameters and with invalid ones
must never get a server error, and every answer must match the OpenAPI description
(tests/api_schema.py: how the requests are made and checked, and the bounds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import schemathesis
from schemathesis import GenerationMode

from tests.api_schema import EACH_MODE, exercise, wsgi_schema

pytestmark = pytest.mark.django_db

PUBLIC = re.compile(r"^/api/(forces|coverage|stop-and-search|workforce|justice|victims-and-complaints)")
TABLES = ["rates", "legislation", "powers", "age", "gender", "outcomes", "strip-searches", "trend", "change"]
OPERATIONS = [
    "/api/forces",
    "/api/forces/{force}",
    "/api/coverage",
    "/api/stop-and-search/compare",
    "/api/stop-and-search/all-forces",
    *(f"/api/stop-and-search/{{force}}/{table}" for table in TABLES),
    "/api/workforce/forces/{force}",
    "/api/workforce/forces/{force}/headcount",
    "/api/workforce/national",
    "/api/justice/arrests",
    "/api/justice/arrests/{force}",
    "/api/justice/stages/{force}",
    "/api/victims-and-complaints/forces",
    "/api/victims-and-complaints/forces/{force}/{table}",
    "/api/justice/disposals/{force}",
]


@pytest.fixture
def api_schema(loaded: object) -> Iterator[schemathesis.schemas.BaseSchema]:
    with wsgi_schema() as schema:
        yield schema


def test_every_public_operation_is_exercised(api_schema: schemathesis.schemas.BaseSchema) -> None:
    public = {op.ok().path for op in api_schema.get_all_operations() if PUBLIC.match(op.ok().path)}
    assert public == set(OPERATIONS)


@EACH_MODE
@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_never_fails_and_keeps_to_its_schema(
    api_schema: schemathesis.schemas.BaseSchema, path: str, mode: GenerationMode
) -> None:
    exercise(api_schema[path]["GET"], mode)
