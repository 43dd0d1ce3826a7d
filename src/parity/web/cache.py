"""Published figures are computed once per version of the data, then served from memory.

Figures change only when records or census populations are imported (or the rules in
settings change), so every cached value is keyed on a *data version*: a digest of what the
database says is held (the files imported, whether their warehouse partitions are written,
the census tables loaded), the warehouse in use and the rules. Any import moves it, and the
next request recomputes; nothing has to remember to clear a cache. Within one request the
version is read once, and its database part at most once every PARITY_DATA_VERSION_SECONDS
(default 2) per process.

Two stores:

- `results`: the analysis result objects (`memoised`), shared by pages, downloads and API,
  kept in each process (bounded, least recently used first out): they are Python objects
  that cost more to send over a network than to hold;
- `pages`: whole public pages and the API's JSON bodies, in Django's cache (`PageStore`),
  so with PARITY_CACHE_URL pointing at Redis every worker on every machine shares them. Only
  pages for people who are not signed in and have no message waiting are kept (the only
  case in which two people see the same page). A view marks its page as the same for
  everyone with `cached_page`; `PublishedPagesMiddleware`, placed just after the security
  and static-file middleware, answers later requests for it straight from the store,
  headers included, without running the rest of the stack. API bodies are kept by
  `cached_json`, after the rate limit is applied.

The API and downloads also send an ETag built on the data version, so clients and proxies
can ask "has it changed?" and get 304.

This is HTTP plumbing and knows no domain (it sits in the page kit): what the data version
is made of, and which errors answer a request as surely as a result, are registered by the
records that know (`parity.powers.apps`, with `register_data_version` and `keep_errors`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

RESULT_ENTRIES = 2048
PAGE_SECONDS = 24 * 60 * 60


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


class PageStore:
    """Kept pages and API bodies in Django's cache, under a digest of the data version and the
    full path (cache keys must be short and plain), for PAGE_SECONDS at most: a new data
    version makes new keys, and the old ones age out. If the cache cannot be reached, pages
    are made afresh (and an error logged) rather than refused."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _key(self, key: tuple[str, str]) -> str:
        return f"{self.kind}:" + hashlib.sha256(repr(key).encode()).hexdigest()

    def get(self, key: tuple[str, str]) -> Any:
        try:
            return cache.get(self._key(key))
        except Exception as error:  # the cache client's own errors (Redis down, timed out ...)
            log.error("kept pages: the cache could not be read (%s: %s)", type(error).__name__, error)
            return None

    def put(self, key: tuple[str, str], value: Any) -> None:
        try:
            cache.set(self._key(key), value, timeout=PAGE_SECONDS)
        except Exception as error:
            log.error("kept pages: the cache could not be written (%s: %s)", type(error).__name__, error)


results = LRU(RESULT_ENTRIES)
pages = PageStore("page")
bodies = PageStore("body")
marked = PageStore("marked")  # full paths a view has marked shareable
_request = threading.local()  # the version read in the current request (PublishedPagesMiddleware)


def data_version() -> str:
    """The version of the data, as of this request (read once per request)."""
    if getattr(_request, "active", False):
        if _request.version is None:
            _request.version = read_data_version()
        return str(_request.version)
    return read_data_version()


def register_data_version(*, held: Callable[[], object], current: Callable[[], object]) -> None:
    """Say what the data version is made of: `held`, what the database holds (read at most
    once every PARITY_DATA_VERSION_SECONDS), and `current`, what is read on every call (the
    rules in settings). Called once, by the records' app (`parity.powers.apps`)."""
    _sources.update(held=held, current=current)
    with _held_lock:
        _held.update(value=None, read_at=None)


def register_held(name: str, read: Callable[[], object]) -> None:
    """Add another domain's holdings to the data version (workforce tables, say), so its
    pages are kept no longer than its data stays the same. Called from that app's `ready()`."""
    _held_parts[name] = read
    with _held_lock:
        _held.update(value=None, read_at=None)


def keep_errors(*errors: type[Exception]) -> None:
    """Errors that `memoised` keeps like results: a request that cannot be answered (a
    period with nothing held) is not worked out again on every visit either."""
    global _kept_errors
    _kept_errors = tuple(dict.fromkeys((*_kept_errors, *errors)))


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
        held = (_sources["held"](), *(read() for _, read in sorted(_held_parts.items())))
        with _held_lock:
            _held["value"], _held["read_at"] = held, now
    parts = (held, str(settings.WAREHOUSE_DIR), _sources["current"]())
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


_held: dict[str, Any] = {"value": None, "read_at": None}
_held_lock = threading.Lock()
_sources: dict[str, Callable[[], object]] = {"held": tuple, "current": tuple}
_held_parts: dict[str, Callable[[], object]] = {}
_kept_errors: tuple[type[Exception], ...] = ()


def memoised(name: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Cache a function of hashable arguments per data version.

    An error registered with `keep_errors` (a request that cannot be answered, such as a
    period with nothing held) is cached too, so it is not recomputed on every visit either.
    """

    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        @wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            key = (name, data_version(), args, tuple(sorted(kwargs.items())))
            found = results.get(key)
            if found is None:
                try:
                    found = ("ok", fn(*args, **kwargs))
                except _kept_errors as error:
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
    """Answer a shareable request for a kept page without running the stack below.

    Only paths a view has marked (`cached_page`, or an API figure through `cached_json`) are
    looked up, by data version and full path, so other pages cost nothing; which paths were
    marked is kept in the store too, so every worker shares what any one has made. A kept
    answer is replayed with the headers it
    was first sent with (content security policy, frame and referrer policies, ETag ...),
    which are the same for everyone it is shared with: no cookie is set on these answers.
    The security middleware above it still runs. A replay counts against the rate limit, as
    the answer it replays did: the API's for an API answer (`parity.web.throttle`), the
    pages' otherwise; an If-None-Match that matches its ETag gets 304.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

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
        if marked.get(("marked", path)) is None:
            return self._keep(request, path)
        stored: Stored | None = pages.get((data_version(), path))
        if stored is None:
            return self._keep(request, path)
        refused = over_limit(request, api=stored.limited)
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

    def _keep(self, request: HttpRequest, path: str) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "parity_shareable", False) and not response.streaming and not response.cookies:
            marked.put(("marked", path), True)
            stored = Stored(
                response.status_code,
                tuple(response.items()),
                response.content,
                bool(getattr(response, "parity_limited", False)),
            )
            pages.put((data_version(), path), stored)
        return response


class PageLimitMiddleware:
    """The public pages' rate limit (PARITY_PAGE_RATE_LIMITS) for people not signed in.

    Placed after authentication, so a made-up session cookie does not escape it; the API
    has its own limit, and kept pages are counted where they are replayed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not request.path.startswith("/api/") and not (user is not None and user.is_authenticated):
            refused = over_limit(request, api=False)
            if refused is not None:
                return refused
        return self.get_response(request)


def over_limit(request: HttpRequest, *, api: bool) -> HttpResponse | None:
    """The 429 answer if this request is over its limits, else None (and it is counted):
    the API's JSON envelope, or the page saying how long to wait."""
    from parity.api_errors import envelope
    from parity.web.errors import too_many_requests
    from parity.web.throttle import count, retry_after

    spec = settings.PARITY_API_RATE_LIMITS if api else settings.PARITY_PAGE_RATE_LIMITS
    wait = count(request, spec, "api" if api else "pages")
    if wait is None:
        return None
    if not api:
        return too_many_requests(int(retry_after(wait)))
    response = HttpResponse(
        json.dumps(envelope(429, "Too many requests.")), status=429, content_type="application/json; charset=utf-8"
    )
    response["Retry-After"] = retry_after(wait)
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
