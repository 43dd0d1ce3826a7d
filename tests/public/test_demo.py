"""`parity demo` when there is no local data: reuse, fetch from data.police.uk, or say what to do.

Only data.police.uk is mocked, with its recorded answer for the City of London's January
2023 (../shared/data/police-uk-api-samples), through httpx.MockTransport.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from parity.cli import main
from parity.cli.demo import FETCH_FORCES, DemoDataMissing, FetchPlan, default_plan, load_demo
from parity.powers.models import SourceFile, StopSearch
from parity.powers.police_uk_api import PoliceUkClient, TokenBucket
from tests.conftest import POLICE_UK, SHARED

pytestmark = pytest.mark.django_db
RECORDED = (SHARED / "police-uk-api-samples" / "stops-Jan2023.json").read_bytes()


def no_wait(seconds: float) -> None:
    """The client's pauses (rate limit, back-off) are not waited out in tests."""


def client_for(handler: httpx.MockTransport) -> PoliceUkClient:
    return PoliceUkClient(transport=handler, sleep=no_wait, bucket=TokenBucket(sleep=no_wait), retries=2)


@pytest.fixture
def no_local_data(tmp_path: Path, settings: object) -> Path:
    """PARITY_SAMPLE_DATA names an empty folder, and no stop-search file is held (in this test)."""
    empty = tmp_path / "no-data"
    empty.mkdir()
    settings.SAMPLE_DATA = str(empty)  # type: ignore[attr-defined]
    SourceFile.objects.update(dataset="held-elsewhere")
    return empty


def test_the_default_fetch_is_the_latest_year_published_in_full() -> None:
    assert default_plan(date(2026, 11, 21)) == FetchPlan(FETCH_FORCES, "2025-04", "2026-03")
    assert default_plan(date(2026, 5, 31)) == FetchPlan(FETCH_FORCES, "2024-04", "2025-03")
    assert default_plan(date(2026, 6, 1)) == FetchPlan(FETCH_FORCES, "2025-04", "2026-03")


def test_offline_it_says_exactly_what_to_do(no_local_data: Path) -> None:
    asked: list[str] = []

    def offline(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        raise httpx.ConnectError("Name or service not known", request=request)

    plan = FetchPlan(("wiltshire",), "2025-04", "2026-03")
    with pytest.raises(DemoDataMissing) as missing:
        load_demo([], client_factory=lambda: client_for(httpx.MockTransport(offline)), plan=plan)
    message = str(missing.value)
    assert asked == ["https://data.police.uk/api/forces"], "one short reachability check, then stop"
    assert f"PARITY_SAMPLE_DATA ({no_local_data}) holds no police-uk folder" in message
    assert "data.police.uk could not be reached (ConnectError" in message
    assert "../shared/data/police-uk" in message
    assert "`parity demo ~/Downloads/2021-10`" in message
    assert "`parity fetch police-uk --force wiltshire --from 2025-04 --to 2026-03`" in message
    assert "`parity ingest population FILE...`" in message


def test_online_it_fetches_the_default_set_and_explains_the_missing_census(no_local_data: Path) -> None:
    asked: list[str] = []

    def data_police_uk(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path + ("?" + request.url.query.decode() if request.url.query else ""))
        params = request.url.params
        if request.url.path == "/api/stops-force" and params.get("force") == "city-of-london":
            if params.get("date") == "2023-01":
                return httpx.Response(200, content=RECORDED)
        return httpx.Response(404)  # not recorded: nothing published

    plan = FetchPlan(("city-of-london",), "2022-12", "2023-02")
    summary = load_demo(
        [], client_factory=lambda: client_for(httpx.MockTransport(data_police_uk)), plan=plan, fictional=False
    )
    assert asked[0] == "/api/forces"
    assert asked[1:] == [f"/api/stops-force?force=city-of-london&date={m}" for m in ("2022-12", "2023-01", "2023-02")]
    assert "Fetched from data.police.uk: 1 force-months, 165 records imported." in summary
    assert "Not published: city-of-london 2022-12, city-of-london 2023-02." in summary
    assert "Census populations cannot be fetched from data.police.uk" in summary
    assert "`parity ingest population FILE...`" in summary
    assert StopSearch.objects.filter(force__slug="city-of-london", source_file__month="2023-01").count() == 165


def test_an_api_that_keeps_failing_ends_in_what_to_do(no_local_data: Path) -> None:
    def failing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200) if request.url.path == "/api/forces" else httpx.Response(503)

    with pytest.raises(DemoDataMissing, match=r"fetching from data\.police\.uk failed: .*HTTP 503"):
        load_demo(
            [],
            client_factory=lambda: client_for(httpx.MockTransport(failing)),
            plan=FetchPlan(("wiltshire",), "2025-04", "2025-04"),
        )


def test_a_second_run_reuses_what_is_loaded_without_going_online(
    tmp_path: Path, settings: object, loaded: Path
) -> None:
    settings.SAMPLE_DATA = str(tmp_path)  # type: ignore[attr-defined]

    def must_not_be_called(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"went online: {request.url}")

    summary = load_demo([], client_factory=lambda: client_for(httpx.MockTransport(must_not_be_called)), fictional=False)
    assert summary == "Reusing what is already loaded: 305,071 stop-and-search records from 11 forces."


def test_given_paths_are_imported_and_what_is_held_is_kept(loaded: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--no-serve", str(POLICE_UK / "wiltshire")], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Stop and search: 34 files, 4,056 records read, 0 newly imported, 4,056 already held." in result.stdout
    assert "No census populations found" in result.stdout
    assert "Warehouse (the copy of the records every figure is worked out from):" in result.stdout
    assert "force-months written" in result.stdout
    # the fictional force's part (tests/cli/test_demo_fictional.py checks it through)
    assert "Borsetshire (fictional): a made-up force, named fictional on every page" in result.stdout
    assert "Demo accounts (no password yet" in result.stdout
