"""The open data API's rate limits, per client address, read from settings on each request.

PARITY_API_RATE_LIMITS is a comma-separated list of limits, each "N/period" with period
s, m, h or d (default "20/s,1000/h": bursts of 20 a second, 1,000 an hour). Every limit
must allow a request for it to be answered; otherwise the answer is 429 with Retry-After.
"off" turns limiting off (a proxy in front limits instead, or the benchmark is running).

Counts live in Django's cache. With the default per-process cache each gunicorn worker
counts separately, so a client may get up to the limit times the workers; configure a
shared cache (Django's CACHES) where that matters.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

OFF = {"", "off", "none", "0"}


class _Limit(SimpleRateThrottle):
    def __init__(self, rate: str) -> None:
        self.scope = "public-" + rate.replace("/", "-per-")
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def limits(spec: str) -> list[str]:
    """The limits in a setting's value; raises ValueError for one that cannot be read."""
    if spec.strip().lower() in OFF:
        return []
    rates = [part.strip() for part in spec.split(",") if part.strip()]
    for rate in rates:
        _Limit(rate)  # parses, or raises ValueError naming the rate
    return rates


class PublicThrottle(BaseThrottle):
    """Every configured limit must allow the request."""

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        self._wait = None
        for rate in limits(settings.PARITY_API_RATE_LIMITS):
            limit = _Limit(rate)
            if not limit.allow_request(request):
                self._wait = limit.wait()
                return False
        return True

    def wait(self) -> float | None:
        return self._wait


PERIOD_WORDS = {"s": "a second", "m": "a minute", "h": "an hour", "d": "a day"}


def describe(spec: str) -> str:
    """The limits in words, for the pages: "20 requests a second and 1,000 an hour"."""
    rates = limits(spec)
    if not rates:
        return "without a limit set by Parity"
    parts = []
    for rate in rates:
        count, _, period = rate.partition("/")
        unit = period.lstrip("0123456789")[:1] or "s"
        multiple = period[: len(period) - len(period.lstrip("0123456789"))]
        words = PERIOD_WORDS.get(unit, period)
        if multiple and multiple != "1":
            words = f"every {multiple} {words.split(' ')[1]}s"
        parts.append(f"{int(count):,} {words}")
    return "up to " + " and ".join(parts) + " from one address"
