"""A client for the data.police.uk API that keeps to its published rate limit.

data.police.uk allows 15 requests a second with bursts of up to 30, and answers 429 when a
client goes faster. The client spaces its requests with a token bucket, retries 429 (after
Retry-After when given), 5xx answers and network errors with exponential back-off, and gives
up with a clear message after `retries` attempts. A 404 for `stops-force` means the force has
published nothing for that month.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from parity.errors import ParityError

BASE_URL = "https://data.police.uk/api/"
RATE = 15.0  # requests per second
BURST = 15  # with refill, no one-second window exceeds 30: the API's stated burst


class PoliceUkApiError(ParityError):
    """The API could not be reached or kept failing; the message says which request."""


@dataclass
class TokenBucket:
    """Allows `rate` requests a second on average and `burst` at once."""

    rate: float = RATE
    burst: int = BURST
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)
        self.updated = self.clock()

    def take(self) -> float:
        """Wait until a request may be sent; returns the seconds waited."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        waited = 0.0
        if self.tokens < 1:
            waited = (1 - self.tokens) / self.rate
            self.sleep(waited)
            self.updated = self.clock()
            self.tokens = 1.0
        self.tokens -= 1
        return waited


class PoliceUkClient:
    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        base_url: str = BASE_URL,
        retries: int = 5,
        timeout: float = 60.0,
        bucket: TokenBucket | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.http = httpx.Client(
            base_url=base_url,
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": "Parity (open-source policing transparency)"},
        )
        self.retries = retries
        self.bucket = bucket or TokenBucket(sleep=sleep)
        self.sleep = sleep

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, params: dict[str, str]) -> httpx.Response:
        """GET with rate limiting and retries; returns 200 and 404 answers to the caller."""
        described = f"{path}?{'&'.join(f'{k}={v}' for k, v in params.items())}"
        last = ""
        for attempt in range(1, self.retries + 1):
            self.bucket.take()
            try:
                response = self.http.get(path, params=params)
            except httpx.TransportError as error:
                last = f"network error: {error}"
            else:
                if response.status_code in (200, 404):
                    return response
                last = f"HTTP {response.status_code}"
                if response.status_code == 429:
                    retry_after = response.headers.get("Retry-After", "")
                    if retry_after.isdigit():
                        self.sleep(float(retry_after))
                        continue
                elif response.status_code < 500:
                    raise PoliceUkApiError(f"data.police.uk refused {described}: {last} {response.text[:200]}")
            if attempt < self.retries:
                self.sleep(min(30.0, 0.5 * 2 ** (attempt - 1)) * (1 + random.random() / 4))  # noqa: S311
        raise PoliceUkApiError(
            f"data.police.uk did not answer {described} after {self.retries} attempts (last: {last}); try again later"
        )

    def stops_force(self, force: str, month: str) -> list[dict[str, Any]] | None:
        """Every stop and search the force published for the month; None if none published."""
        response = self.get("stops-force", {"force": force, "date": month})
        if response.status_code == 404:
            return None
        try:
            records = response.json()
        except ValueError:
            raise PoliceUkApiError(
                f"data.police.uk sent something other than JSON for stops-force {force} {month}"
            ) from None
        if not isinstance(records, list):
            raise PoliceUkApiError(f"expected a list of stops for {force} {month}, got {type(records).__name__}")
        return records
