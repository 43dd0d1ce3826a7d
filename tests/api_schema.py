"""schemathesis against the OpenAPI description of /api/, in-process through Django's WSGI
application: shared by tests/public/test_api_schema.py (the open data API) and
tests/actions/test_api_schema.py (action plans and "you said, we did").

For each operation, generated requests with valid parameters (positive) and with invalid ones
(negative) must never get a server error, and every answer must match the description: status
codes, content types and bodies. Bounded: a dozen examples per operation and mode,
derandomised so a run is repeatable, no deadline (the first call of an analysis computes it;
the rest come from the cache).

schemathesis's own pytest integration (`from_fixture`) does not yet run under pytest 9, so
each operation's Hypothesis strategy is driven here directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

EACH_MODE = pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)


@contextmanager
def wsgi_schema() -> Iterator[schemathesis.schemas.BaseSchema]:
    """The schema, called through Django's real WSGI application, in this test's transaction.

    That application closes the database connection at the end of each request, which on
    PostgreSQL would end the test's transaction; as Django's own test client does, it is kept
    from doing so while the schema is in use."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def exercise(operation: schemathesis.APIOperation[Any, Any, Any, Any], mode: GenerationMode) -> None:
    """Call the operation with generated requests of this mode; each answer must keep to the schema."""

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case[Any]) -> None:
        # A request can be valid by the schema and still not be answerable (a period with
        # nothing held, text that is not a period, a group compared with itself, an unknown
        # force or action, the register without credentials): those are 400, 401 or 404 with
        # the reason, so "schema-valid data must be accepted" does not apply.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
