"""The header navigation and footer links, declared once by URL name.

Each domain adds its pages here by URL name. A link whose name does not resolve yet (its page
has not been built) is left out rather than pointing nowhere, so the layout never carries a
dead link and nothing here needs changing when a page arrives. Nothing in this module touches
the database unless a link is restricted to signed-in or signed-out people, and then only
when the request has a user, so error pages render even when the database is down. A link for
signed-in people is shown only to those whose roles open it (the role guard marks its view).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse

Audience = Literal["everyone", "signed-in", "signed-out"]


@dataclass(frozen=True)
class Link:
    text: str
    url_name: str
    audience: Audience = "everyone"


# Header navigation, in order. Add a domain's landing page here.
PRIMARY = (
    Link("Home", "public:home"),
    Link("Stop and search", "public:stop-and-search"),
    Link("Use of force", "public:use-of-force"),
    Link("Arrests", "public:arrests"),
    Link("Compare forces", "public:compare"),
    Link("Police workforce", "public:workforce"),
    Link("Scrutiny panels", "scrutiny:home", "signed-in"),
    Link("Action plans", "actions:home", "signed-in"),
    Link("Record a stop", "recording:home", "signed-in"),
    Link("Community engagement", "engagement:home", "signed-in"),
    Link("Your advisory groups", "engagement:group-chair", "signed-in"),
    Link("Action plan progress", "actions:public"),
    Link("Methodology", "public:methodology"),
    Link("Open data", "public:downloads"),
    Link("Your account", "accounts:home", "signed-in"),
    Link("Sign out", "accounts:sign-out", "signed-in"),
    Link("Sign in", "accounts:sign-in", "signed-out"),
)

# Footer links, in order; the methodology, accessibility statement and open data are required.
FOOTER = (
    Link("Methodology", "public:methodology"),
    Link("Open data", "public:downloads"),
    Link("Scrutiny panel reports", "scrutiny:reports"),
    Link("Accessibility statement", "public:accessibility"),
    Link("Cookies", "public:cookies"),
)


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool


def _resolve(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _signed_in(request: HttpRequest | None) -> bool | None:
    user = getattr(request, "user", None) if request is not None else None
    return None if user is None else bool(user.is_authenticated)


def _opens(href: str, request: HttpRequest | None) -> bool:
    """Would this person be let in? A guarded view says so through its `opens_for` (set by
    the role guard); an unguarded one opens for anyone the audience allows."""
    opens_for = getattr(resolve(href).func, "opens_for", None)
    return opens_for is None or bool(opens_for(request))


def _visible(links: tuple[Link, ...], request: HttpRequest | None) -> list[tuple[Link, str]]:
    shown = []
    signed_in: bool | None = None
    for link in links:
        href = _resolve(link.url_name)
        if href is None:
            continue
        if link.audience != "everyone":
            if signed_in is None:
                signed_in = _signed_in(request)
            if signed_in is None or signed_in != (link.audience == "signed-in"):
                continue
            if link.audience == "signed-in" and not _opens(href, request):
                continue
        shown.append((link, href))
    return shown


def primary_navigation(request: HttpRequest | None) -> list[NavItem]:
    """The header links this person may use, the current section marked."""
    path = request.path if request is not None else ""
    items = []
    for link, href in _visible(PRIMARY, request):
        current = path == href if href == "/" else path.startswith(href)
        items.append(NavItem(link.text, href, current))
    return items


def footer_links(request: HttpRequest | None) -> list[NavItem]:
    path = request.path if request is not None else ""
    return [NavItem(link.text, href, path == href) for link, href in _visible(FOOTER, request)]
