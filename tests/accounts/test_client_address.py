"""Limits count real clients: the proxy's X-Forwarded-For is believed only from a trusted proxy.

Each limit (sign-in lock-out, receipt guesses, set-password requests, the API and the public
pages) is tried two ways: a client that writes its own X-Forwarded-For, afresh on every
request, stays counted as itself; behind the trusted proxy, the header the proxy adds names
the client, so two people behind it are two clients, whatever they write themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from parity.accounts.models import AuditEvent
from parity.accounts.roles import Role
from parity.recording import references
from parity.web.clients import client_ip
from tests.accounts.helpers import PASSWORD, person
from tests.pagecheck import CheckedClient
from tests.recording.helpers import save_stop
from tests.roles import RoleWorld

PROXY = "10.0.0.5"
ALICE, BOB, ATTACKER = "198.51.100.9", "198.51.100.20", "203.0.113.66"


def address(remote: str, forwarded: str | None = None) -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.PARITY_TRUSTED_PROXIES = []
    assert address(ATTACKER, "192.0.2.1") == ATTACKER
    assert address("::ffff:203.0.113.66") in {ATTACKER, "::ffff:cb00:7142"}
    assert address("not an address") is None


def test_the_trusted_proxys_hop_names_the_client(settings: Any) -> None:
    settings.PARITY_TRUSTED_PROXIES = [PROXY]
    assert address(PROXY, ALICE) == ALICE
    assert address(PROXY, f"192.0.2.1, {ALICE}") == ALICE, "what the client wrote before the proxy's hop is ignored"
    assert address(PROXY, f"garbage, 2001:db8::1, {ALICE}") == ALICE
    assert address(PROXY) == PROXY, "no header: the proxy itself"
    assert address(ATTACKER, f"{ALICE}") == ATTACKER, "straight to Parity, not through the proxy: not believed"
    assert address(ATTACKER, f"{ALICE}, {PROXY}") == ATTACKER, "a chain that only names the proxy is not believed"


def test_proxies_are_listed_from_the_outside_in_and_may_be_networks(settings: Any) -> None:
    settings.PARITY_TRUSTED_PROXIES = ["192.0.2.0/24", PROXY]  # a load balancer, then the web server
    assert address(PROXY, f"1.1.1.1, {ALICE}, 192.0.2.40") == ALICE
    assert address(PROXY, ALICE) == PROXY, "the chain must pass through both"


def test_a_bad_proxy_entry_is_a_clear_error(settings: Any) -> None:
    settings.PARITY_TRUSTED_PROXIES = ["10.0.0.300/8"]
    with pytest.raises(ImproperlyConfigured, match=r"PARITY_TRUSTED_PROXIES.*10\.0\.0\.300/8"):
        address(PROXY, ALICE)


# --- every limit, tried with forged headers and through the trusted proxy ---------------------


def sign_in(client: CheckedClient, password: str, **extra: str) -> int:
    data = {"email": "member@example.org", "password": password}
    return int(client.post("/account/sign-in", data, **extra).status_code)


def forged(n: int) -> dict[str, str]:
    return {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}


def via_proxy(client_address: str, written: str = "192.0.2.77") -> dict[str, str]:
    """What Parity sees from the proxy: the client's own header with the proxy's hop added."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{written}, {client_address}"}


@pytest.mark.django_db
class TestSignInLockOut:
    def test_a_forged_header_does_not_reset_the_lock(self, client: CheckedClient, settings: Any) -> None:
        person("member@example.org", Role.BOARD_MEMBER)
        answers = [sign_in(client, "wrong", **forged(n)) for n in range(settings.AXES_FAILURE_LIMIT + 1)]
        assert answers[-2:] == [429, 429]
        assert sign_in(client, PASSWORD, **forged(99)) == 429

    def test_behind_the_proxy_one_locked_client_does_not_lock_out_another(
        self, client: CheckedClient, settings: Any
    ) -> None:
        settings.PARITY_TRUSTED_PROXIES = [PROXY]
        person("member@example.org", Role.BOARD_MEMBER)
        for n in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "wrong", **via_proxy(ATTACKER, written=f"192.0.2.{n}"))
        assert sign_in(client, PASSWORD, **via_proxy(ATTACKER, written="192.0.2.200")) == 429
        assert sign_in(CheckedClient(), PASSWORD, **via_proxy(ALICE)) == 302
        events = AuditEvent.objects.filter(action="sign-in.failed").values_list("ip_address", flat=True)
        assert set(events) == {ATTACKER}, "the audit trail records the client, not the proxy"


def _receipt_guess(client: CheckedClient, extra: dict[str, str]) -> int:
    return int(client.get(f"/receipt/{references.new_reference()}", **extra).status_code)


def _password_request(client: CheckedClient, extra: dict[str, str]) -> int:
    return int(client.post("/account/password-reset", {"email": "nobody@example.org"}, **extra).status_code)


def _api(client: CheckedClient, extra: dict[str, str]) -> int:
    return int(client.get("/api/forces?limit=1", **extra).status_code)


def _page(client: CheckedClient, extra: dict[str, str]) -> int:
    return int(client.get("/methodology", **extra).status_code)


LIMITS: dict[str, tuple[Callable[[CheckedClient, dict[str, str]], int], dict[str, object], int]] = {
    # name: (one request, the settings that make the limit 3, the answer while allowed)
    "receipt-guesses": (_receipt_guess, {"PARITY_RECEIPT_GUESS_LIMIT": 3}, 404),
    "set-password": (_password_request, {"PARITY_PASSWORD_REQUESTS_PER_HOUR": 3}, 302),
    "api": (_api, {"PARITY_API_RATE_LIMITS": "3/h"}, 200),
    "pages": (_page, {"PARITY_PAGE_RATE_LIMITS": "3/h"}, 200),
}


@pytest.fixture
def limit(request: pytest.FixtureRequest, settings: Any, role_world: RoleWorld) -> Callable[..., int]:
    ask, values, _ = LIMITS[request.param]
    for name, value in values.items():
        setattr(settings, name, value)
    cache.clear()
    save_stop(role_world.user("officer"), role_world.home, "search")  # a receipt to guess at
    return ask


@pytest.mark.django_db
@pytest.mark.parametrize("limit", list(LIMITS), indirect=True)
def test_a_forged_header_does_not_reset_a_limit(limit: Callable[..., int]) -> None:
    client = CheckedClient(REMOTE_ADDR=ATTACKER)
    answers = [limit(client, forged(n)) for n in range(5)]
    assert answers[3:] == [429, 429], answers


@pytest.mark.django_db
@pytest.mark.parametrize("limit", list(LIMITS), indirect=True)
def test_behind_the_proxy_each_client_has_its_own_limit(limit: Callable[..., int], settings: Any) -> None:
    settings.PARITY_TRUSTED_PROXIES = [PROXY]
    client = CheckedClient()
    answers = [limit(client, via_proxy(ATTACKER, written=f"192.0.2.{n}")) for n in range(5)]
    assert answers[3:] == [429, 429], answers
    assert limit(CheckedClient(), via_proxy(ALICE)) != 429, "another client behind the same proxy is not held back"


@pytest.mark.django_db
def test_the_page_limit_holds_back_only_people_not_signed_in(settings: Any, role_world: RoleWorld) -> None:
    settings.PARITY_PAGE_RATE_LIMITS = "2/h"
    cache.clear()
    analyst = role_world.client("analyst")
    assert [analyst.get("/methodology").status_code for _ in range(3)] == [200, 200, 200]
    anonymous = CheckedClient()
    answers = [anonymous.get("/methodology") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    refused = answers[-1]
    assert refused.page.h1.get_text(strip=True) == "Too many requests" and int(refused["Retry-After"]) > 0
