"""Page checks in the manner of GOV.UK Notify: every HTML page a test fetches is checked.

`page_problems(html)` lists what is wrong with a page, each with how to fix it;
`check_page(html)` raises if there is anything. `CheckedClient` is Django's test client
running `check_page` on every HTML response it receives; tests/conftest.py makes it the
`client` fixture, so a test that fetches a page checks it without asking. Each response
also carries `.page`, the parsed document (BeautifulSoup), for the test's own assertions.

Pages outside Parity's layout (Django's admin) are not checked. To fetch a page that is
meant to be broken, use `with client.unchecked(): ...`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import html5lib  # type: ignore[import-untyped]
from bs4 import BeautifulSoup, Tag
from django.http import HttpResponse
from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    class CheckedResponse(_MonkeyPatchedWSGIResponse):
        """What the checked client returns: Django's test response, with `.page` for HTML."""

        page: BeautifulSoup

else:  # at run time, the test client's responses carrying `.page`
    CheckedResponse = HttpResponse


UNCHECKED_PREFIXES = ("/admin/",)
# Elements whose classes come from GOV.UK Frontend macros, which emit bare <p> and <a>
# inside them on purpose (the container styles its children).
CLASSLESS_CONTAINERS = ("govuk-error-summary",)
# Attributes through which a page loads something, by element.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "input": ("src",),
}
# <link> relations that are links, not loads.
NAVIGATION_RELS = {"alternate", "canonical", "license", "next", "prev", "author", "help", "search"}


def text(tag: Tag | None) -> str:
    """A tag's text with whitespace collapsed, for assertions on what people read."""
    return " ".join(tag.get_text(" ").split()) if tag is not None else ""


def _classes(tag: Tag) -> list[str]:
    value: str | list[str] = tag.get("class") or []
    return value if isinstance(value, list) else str(value).split()


def _html5_errors(html: bytes | str) -> list[str]:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(html)
    problems = []
    for (line, column), code, data in parser.errors:
        detail = ", ".join(f"{k}={v}" for k, v in (data or {}).items())
        problems.append(f"invalid HTML at line {line}, column {column}: {code} {detail}".strip())
    return problems


def _title_problems(soup: BeautifulSoup) -> list[str]:
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        found = "; ".join(repr(text(h)) for h in h1s) or "none"
        return [
            f"a page needs exactly one <h1>, found {len(h1s)} ({found}): use the base layout's "
            "`heading` block for the page's one main heading, and <h2> and below for the rest"
        ]
    h1 = text(h1s[0])
    title = text(soup.title) if soup.title else ""
    bare = title.removeprefix("Error: ")
    if not h1 or not bare.startswith(h1):
        return [
            f"<title> {title!r} must start with the <h1> {h1!r} (after 'Error: ' on a form with errors): "
            "let the `title` block default to the heading, or start it with the same words"
        ]
    return []


def _id_problems(soup: BeautifulSoup) -> list[str]:
    counts = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    return [
        f"id {ident!r} is used {n} times: ids must be unique (give each chart, form field or banner its own)"
        for ident, n in counts.items()
        if n > 1
    ]


def _form_problems(soup: BeautifulSoup) -> list[str]:
    problems = []
    for form in soup.find_all("form"):
        if str(form.get("method", "get")).lower() != "post":
            continue
        if not form.get("action"):
            problems.append(
                "a POST <form> has no action: say where it posts (action=\"{{ url('...') }}\"), "
                "or use the post_form() macro from web/forms.html"
            )
        if not form.find("input", attrs={"name": "csrfmiddlewaretoken"}):
            problems.append(
                f"the POST <form> to {form.get('action')!r} has no CSRF token: add {{{{ csrf_input }}}} "
                "inside it, or use the post_form() macro from web/forms.html"
            )
    return problems


def _inline_problems(soup: BeautifulSoup) -> list[str]:
    problems = []
    for script in soup.find_all("script"):
        if not script.get("src"):
            problems.append(
                "an inline <script> is refused by the Content Security Policy: put the code in a module "
                'under static/ and load it with <script type="module" src="{{ static(\'...\') }}">'
            )
    if soup.find("style"):
        problems.append("a <style> element is refused by the Content Security Policy: move the rules to web/scss/")
    for tag in soup.find_all(True):
        if tag.has_attr("style"):
            problems.append(
                f"<{tag.name} style=...> is refused by the Content Security Policy: use a GOV.UK or "
                "parity- class (web/scss/) instead of a style attribute"
            )
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        if handlers:
            problems.append(
                f"<{tag.name} {handlers[0]}=...> is inline script, refused by the Content Security Policy: "
                "attach behaviour from a module under static/"
            )
    return problems


def _foreign_url(value: str, host: str) -> bool:
    for candidate in (part.strip().split(" ")[0] for part in value.split(",")):
        parts = urlsplit(candidate)
        if parts.scheme == "data":
            continue
        if parts.netloc and parts.hostname != host:
            return True
        if parts.scheme and parts.scheme not in {"http", "https", "data"}:
            return True
    return False


def _host_problems(soup: BeautifulSoup, host: str) -> list[str]:
    problems = []
    for name, attributes in LOADING_ATTRIBUTES.items():
        for tag in soup.find_all(name):
            rels = _rels(tag)
            if name == "link" and rels and set(rels) <= NAVIGATION_RELS:
                continue
            for attribute in attributes:
                value = tag.get(attribute)
                if value and _foreign_url(str(value), host):
                    problems.append(
                        f"<{name} {attribute}={value!r}> loads from another host: Parity loads nothing from "
                        "elsewhere; serve the file from static/ (scripts/build-assets copies front-end packages)"
                    )
    return problems


def _rels(tag: Tag) -> list[str]:
    rel: str | list[str] = tag.get("rel") or []
    return [r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())]


def _class_problems(soup: BeautifulSoup) -> list[str]:
    problems = []
    for tag in soup.find_all(["a", "p"]):
        if any(c.startswith("govuk-") for c in _classes(tag)):
            continue
        if tag.find_parent(class_=lambda c: c in CLASSLESS_CONTAINERS):
            continue
        fix = 'class="govuk-link"' if tag.name == "a" else 'class="govuk-body" (or govuk-body-s, govuk-body-l)'
        problems.append(f"<{tag.name}> {text(tag)[:60]!r} has no GOV.UK class: add {fix}")
    return problems


# What a developer writes but the public should never read (issue 17): file names, settings,
# test names, code, commands, library names, "null".
DEVELOPER_WORDS = re.compile(
    r"METHODS\.md|STACK\.md|\b[\w/-]+\.(?:py|md|R)\b|\bPARITY_[A-Z_]+|\btests?/|\(test T\d+\)|"
    r"\bT\d{1,2}\b|\bnull\b|not yet implemented|exact-cond\b|\s--[a-z]|"
    r"\bparity (?:analyse|ingest|status|serve|demo|worker)\b|\bparity\.[a-z]|"
    r"\b(?:astral|patsy|suncalc|scipy|statsmodels|duckdb|pandas|highspy|django)\b",
)


# Pages where names a machine uses are the content: column names and addresses for people who
# use the open data, the cookies page's cookie names, and the page kit's gallery for developers.
NAMES_COLUMNS = ("/open-data", "/api", "/cookies", "/components")


def public_word_problems(html: bytes | str, path: str = "") -> list[str]:
    """Developer words in the main part of a page the public reads."""
    main = BeautifulSoup(html, "html.parser").select_one("main")
    if main is None or path.startswith(NAMES_COLUMNS):
        return []
    found = sorted(set(DEVELOPER_WORDS.findall(text(main))))
    code = [text(tag)[:40] for tag in main.select("code")]
    return [f"developer words on a public page: {found}; say it in plain words"] * bool(found) + [
        f"code on a public page: {code}"
    ] * bool(code)


def page_problems(html: bytes | str, *, host: str = "testserver") -> list[str]:
    """Everything wrong with a page, each problem saying how to fix it."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        *_title_problems(soup),
        *_html5_errors(html),
        *_id_problems(soup),
        *_form_problems(soup),
        *_inline_problems(soup),
        *_host_problems(soup, host),
        *_class_problems(soup),
    ]


def check_page(html: bytes | str, *, url: str = "", host: str = "testserver") -> None:
    problems = page_problems(html, host=host)
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise AssertionError(f"the page {url or ''} fails the page checks (tests/pagecheck.py):\n{listed}")


def _is_page(response: HttpResponse, request: dict[str, Any]) -> bool:
    if getattr(response, "streaming", False) or request.get("REQUEST_METHOD") == "HEAD":
        return False
    if not response.get("Content-Type", "").startswith("text/html") or not response.content:
        return False
    return not str(request.get("PATH_INFO", "")).startswith(UNCHECKED_PREFIXES)


class CheckedClient(Client):
    """Django's test client that checks every HTML page it receives (tests/pagecheck.py)."""

    checking = True

    if TYPE_CHECKING:  # the same methods, typed with `.page`

        def get(self, *args: Any, **kwargs: Any) -> CheckedResponse: ...
        def post(self, *args: Any, **kwargs: Any) -> CheckedResponse: ...
        def head(self, *args: Any, **kwargs: Any) -> CheckedResponse: ...
        def put(self, *args: Any, **kwargs: Any) -> CheckedResponse: ...
        def patch(self, *args: Any, **kwargs: Any) -> CheckedResponse: ...
        def delete(self, *args: Any, **kwargs: Any) -> CheckedResponse: ...

    def request(self, **request: Any) -> Any:
        response: Any = super().request(**request)
        if _is_page(response, request):
            response.page = BeautifulSoup(response.content, "html.parser")
            if self.checking:
                check_page(response.content, url=str(request.get("PATH_INFO", "")))
                user = getattr(getattr(response, "wsgi_request", None), "user", None)
                if user is not None and not user.is_authenticated:
                    problems = public_word_problems(response.content, str(request.get("PATH_INFO", "")))
                    assert not problems, f"{request.get('PATH_INFO')}: {problems}"
        return response

    @contextmanager
    def unchecked(self) -> Iterator[CheckedClient]:
        """Fetch pages without the checks, for a test about a deliberately broken page."""
        self.checking = False
        try:
            yield self
        finally:
            self.checking = True
