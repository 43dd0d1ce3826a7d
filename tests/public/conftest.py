"""Public pages and API tests: the API's rate limits are off unless a test sets them.

Every test makes many requests from one address within a second; the limits have tests of
their own (test_api.py), which set them explicitly.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def no_api_limits(settings: object) -> None:
    """Limits off, the data version read on every request (tests change the data and look at
    once), throttle counts and cached pages cleared (a page may show a setting)."""
    settings.PARITY_API_RATE_LIMITS = "off"  # type: ignore[attr-defined]
    settings.PARITY_DATA_VERSION_SECONDS = 0  # type: ignore[attr-defined]
    cache.clear()
