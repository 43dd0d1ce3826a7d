"""The address of the client behind a request: the one address every limit and audit row uses.

A client can write any `X-Forwarded-For` it likes, so the header is believed only when the
connection comes from a proxy named in PARITY_TRUSTED_PROXIES, and then only the hops those
proxies added. The setting lists the proxies from the outside in (the one nearest the client
first, the one that connects to Parity last), each an address or a network; empty (the
default) trusts no proxy and uses the connection's own address. python-ipware reads the
header: the connection's address is appended as the last hop, and the client is the hop just
before the trusted proxies, which must match the end of the chain exactly. A request that
did not come through them (or whose chain does not end in them) is counted by its connection
address, so forging the header cannot move a client to a fresh count.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from python_ipware import IpWare

HEADER = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _reader(proxies: tuple[str, ...]) -> IpWare:
    try:
        return IpWare(precedence=(HEADER,), proxy_list=list(proxies))
    except ValueError as error:
        raise ImproperlyConfigured(f"PARITY_TRUSTED_PROXIES: {error}") from None


def trusted_proxies() -> tuple[str, ...]:
    """The configured proxies, checked (ImproperlyConfigured names a bad entry)."""
    proxies = tuple(settings.PARITY_TRUSTED_PROXIES)
    _reader(proxies)
    return proxies


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as limits, lock-out and the audit trail count it (None if unknown)."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = trusted_proxies()
    if peer is None or not proxies:
        return peer
    forwarded = request.META.get(HEADER, "").strip()
    chain = f"{forwarded}, {peer}" if forwarded else peer
    found, _ = _reader(proxies).get_client_ip({HEADER: chain})
    return _address(str(found)) if found is not None else peer


def _address(raw: str) -> str | None:
    try:
        return str(ipaddress.ip_address(raw.strip())) if raw and raw.strip() else None
    except ValueError:
        return None
