"""Rate limits per client address for the open data API and the public pages, and the
counted limits (`Limit`) of receipt guesses and set-password requests and links.

PARITY_API_RATE_LIMITS and PARITY_PAGE_RATE_LIMITS are comma-separated lists of limits, each
"N/period" with period s, m, h or d, optionally a multiple ("100/5m"); default "20/s,1000/h"
(bursts of 20 a second, 1,000 an hour). Every limit must allow a request for it to be
answered; otherwise the answer is 429 with Retry-After. "off" turns limiting off (a proxy in
front limits instead, or the benchmark is running).

The address is the client's (`parity.web.clients.client_ip`), never a header the client
wrote. Counts are fixed windows in Django's cache, raised with one atomic increment per limit:
with PARITY_CACHE_URL pointing at Redis every worker on every machine adds to one count; with
the local default each worker process counts for itself (docs/guides/deploying.md).
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from parity.web.clients import client_ip

log = logging.getLogger(__name__)
OFF = {"", "off", "none", "0"}
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"(\d+)/(\d*)([smhd])[a-z]*")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int
    multiple: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = _RATE.fullmatch(text.strip().lower())
        if match is None or int(match[1]) < 1 or match[2] == "0":
            raise ValueError(f"the rate {text!r} is not a number of requests per period, such as 20/s or 1000/h")
        multiple = int(match[2] or 1)
        return cls(int(match[1]), multiple * SECONDS[match[3]], multiple, match[3])


def limits(spec: str) -> list[str]:
    """The limits in a setting's value; raises ValueError for one that cannot be read."""
    if spec.strip().lower() in OFF:
        return []
    rates = [part.strip() for part in spec.split(",") if part.strip()]
    for rate in rates:
        Rate.parse(rate)
    return rates


def count(request: HttpRequest, spec: str, scope: str) -> float | None:
    """Count this request against every limit in `spec`: seconds to wait if one is exceeded.

    Every limit counts the request, refused or not, so a client that keeps asking while
    refused stays refused; the wait is until the latest window it exceeded ends.
    """
    rates = [Rate.parse(rate) for rate in limits(spec)]
    if not rates:
        return None
    who = client_key(request)
    now = time.time()
    wait: float | None = None
    for rate in rates:
        window = int(now // rate.seconds)
        key = f"rate:{scope}:{rate.count}/{rate.seconds}:{window}:{who}"
        used = _increment(key, rate.seconds)
        if used > rate.count:
            wait = max(wait or 0.0, (window + 1) * rate.seconds - now)
    return wait


@dataclass(frozen=True)
class Limit:
    """`count` events an hour (or `seconds`) per key, for limits that count only some events
    or read before they count: failed receipt look-ups per address, set-password requests per
    address, set-password links per account. The same fixed windows in the same cache as the
    page and API limits, so every worker on every machine adds to one count when the cache is
    Redis; a count, and the address or account in its key, goes when its window ends."""

    scope: str
    count: int
    seconds: int = 3600

    def _key(self, who: str, window: int) -> str:
        return f"rate:{self.scope}:{self.count}/{self.seconds}:{window}:{who}"

    def _window(self) -> int:
        return int(time.time() // self.seconds)

    def _ends(self, window: int) -> datetime:
        return datetime.fromtimestamp((window + 1) * self.seconds, tz=UTC)

    def blocked_until(self, who: str) -> datetime | None:
        """When the limit lifts, if `who` has used it up in this window; else None. Counts nothing."""
        window = self._window()
        try:
            used = int(cache.get(self._key(who, window)) or 0)
        except Exception as error:  # as in _increment: a cache that is down refuses no one
            log.error("rate limits: the cache could not be reached (%s: %s)", type(error).__name__, error)
            return None
        return self._ends(window) if used >= self.count else None

    def hit(self, who: str) -> datetime | None:
        """Count one event for `who`; when the limit lifts if this one went over it, else None."""
        window = self._window()
        used = _increment(self._key(who, window), self.seconds)
        return self._ends(window) if used > self.count else None


def client_key(request: HttpRequest) -> str:
    """Who a limit counts: the client's address (`client_ip`), never a header it wrote."""
    return client_ip(request) or "unknown"


def _increment(key: str, seconds: int) -> int:
    """One atomic increment (Redis INCR; a lock in the local cache), the key made first.

    If the cache cannot be reached the request is let through and an error logged: a public
    site that answers without its limits for a while is better than one that answers nobody.
    """
    try:
        cache.add(key, 0, timeout=seconds + 1)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds + 1)
            return 1
    except Exception as error:  # the cache client's own errors (Redis down, timed out ...)
        log.error("rate limits: the cache could not be reached (%s: %s)", type(error).__name__, error)
        return 0


def retry_after(wait: float) -> str:
    return str(max(1, math.ceil(wait)))


class PublicThrottle(BaseThrottle):
    """The open data API's limits (django-ninja asks before each answer)."""

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        self._wait = count(request, settings.PARITY_API_RATE_LIMITS, "api")
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


PERIOD_WORDS = {"s": "a second", "m": "a minute", "h": "an hour", "d": "a day"}
UNIT_WORDS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def describe(spec: str) -> str:
    """The limits in words, for the pages: "20 requests a second and 1,000 an hour"."""
    rates = limits(spec)
    if not rates:
        return "without a limit set by Parity"
    parts = []
    for text in rates:
        rate = Rate.parse(text)
        words = PERIOD_WORDS[rate.unit] if rate.multiple == 1 else f"every {rate.multiple} {UNIT_WORDS[rate.unit]}"
        parts.append(f"{rate.count:,} {words}")
    return "up to " + " and ".join(parts) + " from one address"
