"""Published figures are computed once per version of the data, then served from memory.

Figures change only when records or census populations are imported (or the rules in
settings change), so every cached value is keyed on a *data version*: a digest of what the
database says is held (the files imported, whether their warehouse partitions are written,
the census tables loaded), the warehouse in use and the rules. Any import moves it, and the
next request recomputes; nothing has to remember to clear a cache. Within one request the
version is read once, and its database part at most once every PARITY_DATA_VERSION_SECONDS
(default 2) per process.

Three stores, per process (each gunicorn worker keeps its own), bounded, least recently used
first out:

- `results`: the analysis result objects (`memoised`), shared by pages, downloads and API;
- `pages`: whole public pages, for people who are not signed in and have no message waiting
  (the only case in which two people see the same page). A view marks its page as the same
  for everyone with `cached_page`; `PublishedPagesMiddleware`, placed just after the
  security and static-file middleware, answers later requests for it straight from memory,
  headers included, without running the rest of the stack;
- `bodies`: the API's JSON bodies (`cached_json`), after the rate limit is applied.

The API and downloads also send an ETag built on the data version, so clients and proxies
can ask "has it changed?" and get 304.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse

from parity.analysis.rules import Rules
from parity.powers.analyse import AnalysisError

P = ParamSpec("P")
T = TypeVar("T")

RESULT_ENTRIES = 2048
PAGE_ENTRIES = 512


class LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


results = LRU(RESULT_ENTRIES)
pages = LRU(PAGE_ENTRIES)
bodies = LRU(PAGE_ENTRIES)
_request = threading.local()  # the version read in the current request (PublishedPagesMiddleware)


def data_version() -> str:
    """The version of the data, as of this request (read once per request)."""
    if getattr(_request, "active", False):
        if _request.version is None:
            _request.version = read_data_version()
        return str(_request.version)
    return read_data_version()


def read_data_version() -> str:
    """A short digest that changes whenever an import or a census load changes the figures.

    Its database part (the files imported and whether their partitions are written, the
    census rows held) is read at most once every PARITY_DATA_VERSION_SECONDS per process:
    opening an SQLite connection for it would cost more than serving a kept page, so an
    import reaches the pages within that many seconds. The warehouse in use and the rules
    are added on every call.
    """
    ttl = settings.PARITY_DATA_VERSION_SECONDS
    now = time.monotonic()
    with _held_lock:
        fresh = _held["read_at"] is not None and now - _held["read_at"] < ttl
        held = _held["value"] if fresh else None
    if held is None:
        held = _read_held()
        with _held_lock:
            _held["value"], _held["read_at"] = held, now
    parts = (held, str(settings.WAREHOUSE_DIR), sorted(Rules.from_settings().as_dict().items()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


_held: dict[str, Any] = {"value": None, "read_at": None}
_held_lock = threading.Lock()


def _read_held() -> tuple[Any, ...]:
    """What the database holds (parity.powers.held: the query lives with the storage code)."""
    from parity.powers.held import held_summary

    return held_summary()


def memoised(name: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Cache a function of hashable arguments per data version.

    An AnalysisError (a request that cannot be answered, such as a period with nothing
    held) is cached too, so it is not recomputed on every visit either.
    """

    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        @wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            key = (name, data_version(), args, tuple(sorted(kwargs.items())))
            found = results.get(key)
            if found is None:
                try:
                    found = ("ok", fn(*args, **kwargs))
                except AnalysisError as error:
                    found = ("error", error)
                results.put(key, found)
            kind, value = found
            if kind == "error":
                raise value
            return value  # type: ignore[no-any-return]

        return wrapper

    return decorate


def shareable(request: HttpRequest) -> bool:
    """True when the page is the same for anyone: not signed in, no message waiting."""
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a public view's successful pages as the same for anyone who may share them.

    `PublishedPagesMiddleware` keeps marked pages, keyed on the data version and the full
    path with its query string, and serves them from memory from then on.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and shareable(request):
            response.parity_shareable = True  # type: ignore[attr-defined]
        return response

    return wrapper


@dataclass(frozen=True)
class Stored:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    limited: bool  # an API answer: the rate limit applies to each replay


class PublishedPagesMiddleware:
    """Answer a shareable request for a page kept in memory without running the stack below.

    Only paths a view has marked (`cached_page`, or an API figure through `cached_json`) are
    looked up, so other pages cost nothing; a kept answer is replayed with the headers it
    was first sent with (content security policy, frame and referrer policies, ETag ...),
    which are the same for everyone it is shared with: no cookie is set on these answers.
    The security middleware above it still runs. An API answer is replayed only within the
    API's rate limit (`parity.public.throttle`), counted once per request as the API counts
    it, and an If-None-Match that matches its ETag gets 304.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.known = LRU(PAGE_ENTRIES * 4)  # full paths marked shareable at least once

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _request.active, _request.version = True, None  # the version is read once per request
        try:
            return self._answer(request)
        finally:
            _request.active, _request.version = False, None

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if not shareable(request):
            return self.get_response(request)
        path = request.get_full_path()
        if self.known.get(path) is None:
            return self._keep(request, path, None)
        key = (data_version(), path)
        stored: Stored | None = pages.get(key)
        if stored is None:
            return self._keep(request, path, key)
        if stored.limited:
            refused = _over_limit(request)
            if refused is not None:
                return refused
        etag = dict(stored.headers).get("ETag")
        if etag and not_modified(request, etag):
            response = HttpResponse(status=304)
            for name, value in stored.headers:
                if name.lower() not in {"content-length", "content-type"}:
                    response[name] = value
            return response
        response = HttpResponse(stored.body, status=stored.status)
        for name, value in stored.headers:
            response[name] = value
        return response

    def _keep(self, request: HttpRequest, path: str, key: tuple[str, str] | None) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "parity_shareable", False) and not response.streaming and not response.cookies:
            self.known.put(path, True)
            stored = Stored(
                response.status_code,
                tuple(response.items()),
                response.content,
                bool(getattr(response, "parity_limited", False)),
            )
            pages.put(key or (data_version(), path), stored)
        return response


def _over_limit(request: HttpRequest) -> HttpResponse | None:
    """The API's 429 answer if this request is over a limit, else None (and it is counted)."""
    from parity.api_errors import envelope
    from parity.public.throttle import PublicThrottle

    throttle = PublicThrottle()
    if throttle.allow_request(request):
        return None
    response = HttpResponse(
        json.dumps(envelope(429, "Too many requests.")), status=429, content_type="application/json; charset=utf-8"
    )
    wait = throttle.wait()
    if wait is not None:
        response["Retry-After"] = str(math.ceil(wait))
    return response


def cached_json(request: HttpRequest, make: Callable[[], Any]) -> HttpResponse:
    """The JSON of an API figure for this address and query, made once per data version.

    A request that cannot be answered (`HttpError`: no records in the period, no complete
    year to default to) is kept as its error answer, in the API's envelope, as the figures
    would be. The answer is marked for `PublishedPagesMiddleware` to replay (within the rate
    limit)."""
    from ninja.errors import HttpError

    from parity.api_errors import envelope

    key = (data_version(), request.get_full_path())
    kept: tuple[int, bytes] | None = bodies.get(key)
    if kept is None:
        try:
            kept = (200, json.dumps(make(), ensure_ascii=False, allow_nan=False).encode())
        except HttpError as error:
            kept = (error.status_code, json.dumps(envelope(error.status_code, str(error))).encode())
        bodies.put(key, kept)
    status, body = kept
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    if shareable(request):
        response.parity_shareable = True  # type: ignore[attr-defined]
        response.parity_limited = True  # type: ignore[attr-defined]
    return response


def etag_for(request: HttpRequest, version: str) -> str:
    """A strong ETag for a figure response: the data version and the request's full path."""
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:12]
    return f'"{version}-{path}"'


def not_modified(request: HttpRequest, etag: str) -> bool:
    given = request.headers.get("If-None-Match", "")
    return any(tag.strip() in {etag, f"W/{etag}", "*"} for tag in given.split(",") if tag.strip())


def add_cache_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.PARITY_FIGURES_MAX_AGE}"
    return response
