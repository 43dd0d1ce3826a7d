"""Deployment checks for the site's address, the proxy in front and the shared cache.

Run by `parity check-deploy` with Parity's other checks (`parity.web.checks`). A request's
Host and X-Forwarded-For are the sender's to choose, so Parity answers only the hosts named,
builds every link it sends from PARITY_SITE_URL, and believes the forwarded address only
from the proxies named; these checks refuse settings that would undo that.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def check_allowed_hosts(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    wild = [host for host in settings.ALLOWED_HOSTS if "*" in host]
    if not wild:
        return []
    return [
        Error(
            f"PARITY_ALLOWED_HOSTS allows any host ({', '.join(wild)}): Parity would answer any Host a request names.",
            hint="List the host names people use, e.g. PARITY_ALLOWED_HOSTS=parity.example.police.uk.",
            id="parity.E009",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Links in e-mails and receipts start with PARITY_SITE_URL: it must be this site, over HTTPS."""
    url = urlsplit(settings.SITE_URL)
    problems = []
    if url.scheme not in {"http", "https"} or not url.hostname:
        problems.append(f"{settings.SITE_URL!r} is not a web address")
    else:
        if settings.SECURE and url.scheme != "https":
            problems.append(f"{settings.SITE_URL} is not an https:// address")
        if not validate_host(url.hostname, [h for h in settings.ALLOWED_HOSTS if "*" not in h]):
            problems.append(f"its host {url.hostname} is not in PARITY_ALLOWED_HOSTS")
    if not problems:
        return []
    return [
        Error(
            f"PARITY_SITE_URL, the start of every link Parity sends: {'; '.join(problems)}.",
            hint="Set PARITY_SITE_URL to the address people use, e.g. https://parity.example.police.uk.",
            id="parity.E010",
        )
    ]


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from parity.web.clients import trusted_proxies

    try:
        trusted_proxies()
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="List the proxies' addresses or networks, outermost first, e.g. "
                "PARITY_TRUSTED_PROXIES=10.0.0.5 (docs/guides/deploying.md).",
                id="parity.E011",
            )
        ]
    if settings.SECURE and not settings.PARITY_TRUSTED_PROXIES:
        return [
            Warning(
                "Parity is set up behind an HTTPS proxy (PARITY_SECURE) but trusts no proxy's X-Forwarded-For: "
                "every visitor would be counted as the proxy, and one busy client would hold back everyone.",
                hint="Set PARITY_TRUSTED_PROXIES to the proxy's address, e.g. 127.0.0.1 for nginx on the same machine.",
                id="parity.W009",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def check_cache(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The cache holds the rate limits: one that cannot be reached would fail every request."""
    from django.core.cache import cache

    try:
        cache.set("parity:check-deploy", "ok", timeout=10)
        reached = cache.get("parity:check-deploy") == "ok"
        detail = "it did not keep a value"
    except Exception as error:  # the client library's own errors: connection refused, bad password ...
        reached, detail = False, f"{type(error).__name__}: {error}"
    if reached:
        return []
    return [
        Error(
            f"The cache at PARITY_CACHE_URL cannot be used: {detail}.",
            hint="Start Redis, or correct PARITY_CACHE_URL (redis://host:6379/0); unset it for one machine.",
            id="parity.E012",
        )
    ]
