"""The data.police.uk client, against recorded API responses (the only thing mocked)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from parity.powers.fetch import fetch_police_uk
from parity.powers.models import StopSearch
from parity.powers.police_uk_api import PoliceUkApiError, PoliceUkClient, TokenBucket
from tests.conftest import SHARED

RECORDED = (SHARED / "police-uk-api-samples" / "stops-Jan2023.json").read_bytes()


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_the_token_bucket_keeps_to_15_a_second_and_bursts_of_30() -> None:
    t = FakeTime()
    bucket = TokenBucket(clock=t.clock, sleep=t.sleep)
    sent = []
    for _ in range(300):
        bucket.take()
        sent.append(t.now)
    assert sent[14] == 0.0 < sent[15]  # a burst of 15 goes at once, the 16th waits
    for start in sent:  # no one-second window holds more than the burst
        assert sum(start <= s < start + 1 for s in sent) <= 30
    span = sent[-1] - sent[15]  # afterwards, 15 a second
    assert 284 / 15 - 1e-9 <= span


def _client(handler: Callable[[httpx.Request], httpx.Response], t: FakeTime) -> PoliceUkClient:
    return PoliceUkClient(
        transport=httpx.MockTransport(handler),
        sleep=t.sleep,
        bucket=TokenBucket(clock=t.clock, sleep=t.sleep),
    )


def test_retries_429_after_retry_after_and_server_errors() -> None:
    t = FakeTime()
    answers = iter(
        [httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(502), httpx.Response(200, content=RECORDED)]
    )
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return next(answers)

    records = _client(handler, t).stops_force("city-of-london", "2023-01")
    assert records is not None and len(records) == 165
    assert [str(r.url) for r in requests][
        -1
    ] == "https://data.police.uk/api/stops-force?force=city-of-london&date=2023-01"
    assert 2.0 in t.sleeps and len(requests) == 3


def test_gives_up_with_a_clear_message() -> None:
    t = FakeTime()
    client = _client(lambda request: httpx.Response(503), t)
    with pytest.raises(PoliceUkApiError, match=r"did not answer stops-force.*after 5 attempts.*HTTP 503"):
        client.stops_force("city-of-london", "2023-01")


def test_a_404_means_nothing_published() -> None:
    assert _client(lambda request: httpx.Response(404), FakeTime()).stops_force("btp", "2030-01") is None


@pytest.mark.django_db
def test_fetch_saves_each_month_and_imports_it(scratch_home: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=RECORDED) if request.url.params["date"] == "2023-01" else httpx.Response(404)

    report = fetch_police_uk(_client(handler, FakeTime()), "city-of-london", "2022-12", "2023-02")
    assert report.not_published == ["2022-12", "2023-02"]
    [saved] = report.saved
    assert (
        saved == scratch_home / "raw" / "police-uk" / "city-of-london" / "2023-01-city-of-london-stop-and-search.json"
    )
    assert len(json.loads(saved.read_text())) == 165
    assert report.imported is not None and report.imported.rows_imported == 165
    assert StopSearch.objects.filter(force__slug="city-of-london", source_file__month="2023-01").count() == 165
    again = fetch_police_uk(_client(handler, FakeTime()), "city-of-london", "2023-01", "2023-01")
    assert again.imported is not None and again.imported.rows_unchanged == 165
