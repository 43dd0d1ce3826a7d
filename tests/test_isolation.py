"""The test set-up itself: caches emptied between tests, and `slow` set from what a test needs."""

from __future__ import annotations

import pytest

from parity.powers.importing import force_extract
from parity.reference.calendar import local_hour
from parity.web import cache as published
from tests.conftest import clear_module_caches


def test_every_module_level_cache_is_emptied(settings: object) -> None:
    local_hour("2020-06-01T12")
    force_extract._key()
    published.results.put(("a test", 1), "kept")
    assert local_hour.cache_info().currsize > 0 and force_extract._key.cache_info().currsize > 0
    clear_module_caches()
    assert local_hour.cache_info().currsize == 0, "a functools cache survives the test"
    assert force_extract._key.cache_info().currsize == 0, "the pseudonym key of one PARITY_HOME leaks into the next"
    assert published.results.get(("a test", 1)) is None, "a published figure outlives its test"
    local_hour("2020-06-01T12")
    force_extract._key()  # left filled, for the next test to find empty


def test_no_test_starts_with_a_cache_another_filled() -> None:
    """Whichever test ran before on this worker, the caches start empty."""
    assert local_hour.cache_info().currsize == 0
    assert force_extract._key.cache_info().currsize == 0


def test_a_test_analysing_the_shared_records_is_slow(loaded_data: object, request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("slow") is not None


def test_a_database_test_is_not_slow_for_that_alone(db: None, request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("slow") is None
