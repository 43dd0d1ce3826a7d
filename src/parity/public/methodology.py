"""The methodology pages, rendered from docs/methodology/*.md: one source of truth.

The same Markdown files are the developer documentation and the public pages, so the
explanation under a figure cannot drift from the one in the repository. They are rendered
with markdown-it-py (CommonMark, plus tables), which Parity already depends on through
rich: it is strict, fast and safe (raw HTML in a file is escaped, not passed through), and
its token stream lets each element get its GOV.UK class, headings get ids for links, links
between methodology files become links between pages, and wide tables scroll in their own
box at 320 px.

The files are read from docs/methodology in the checkout Parity runs from (it is deployed
from a clone of the repository: docs/guides/deploying.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.urls import reverse
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

CHECKOUT = Path(__file__).resolve().parents[3] / "docs" / "methodology"
RESERVED_IDS = {"main-content", "primary-navigation"}

CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
    "blockquote_open": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "link_open": "govuk-link",
    "code_inline": "parity-code",
}
HEADINGS = {"h2": "govuk-heading-l", "h3": "govuk-heading-m", "h4": "govuk-heading-s"}


@dataclass(frozen=True)
class MethodologyPage:
    slug: str
    title: str
    summary: str  # the first paragraph, as plain text
    html: Markup


def source_dir() -> Path:
    return CHECKOUT


def slugify(text: str) -> str:
    """GitHub-style heading anchors: "Rates against residents: a weak benchmark" -> rates-against-..."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return re.sub(r" ", "-", text)


def _plain(inline: Token) -> str:
    """The words of a paragraph; a line break in the source is a space between words."""
    parts = (" " if child.type in {"softbreak", "hardbreak"} else child.content for child in inline.children or [])
    return "".join(parts)


def _link(href: str, known: set[str]) -> str | None:
    """A link's target on the site: another methodology page, an outside address, or None."""
    if "://" in href or href.startswith(("mailto:", "#")):
        return href
    path, _, anchor = href.partition("#")
    name = Path(path).name
    if path.endswith(".md") and "/" not in path.replace("../methodology/", "") and name[:-3] in known:
        target = reverse("public:methodology-page", kwargs={"slug": name[:-3]})
        return target + (f"#{anchor}" if anchor else "")
    return None  # a developer document: keep the words, drop the link


def _dress(tokens: list[Token], known: set[str]) -> tuple[str, list[Token]]:
    """Classes, heading ids and link targets; returns the title and the tokens after the h1."""
    title = ""
    used = set(RESERVED_IDS)
    body: list[Token] = []
    skip_title = False
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and not title:
            title = _plain(tokens[i + 1])
            skip_title = True
            continue
        if skip_title:
            if token.type == "heading_close":
                skip_title = False
            continue
        if token.type == "heading_open":
            token.tag = {"h2": "h2", "h3": "h3"}.get(token.tag, "h4")
            token.attrSet("class", HEADINGS[token.tag])
            anchor = slugify(_plain(tokens[i + 1])) or "section"
            while anchor in used:
                anchor += "-1"
            used.add(anchor)
            token.attrSet("id", anchor)
        elif token.type == "heading_close":
            token.tag = {"h2": "h2", "h3": "h3"}.get(token.tag, "h4")
        elif token.type in CLASSES:
            token.attrSet("class", CLASSES[token.type])
        if token.type == "inline" and token.children:
            token.children = _dress_inline(token.children, known)
        body.append(token)
    return title, body


def _dress_inline(children: list[Token], known: set[str]) -> list[Token]:
    out: list[Token] = []
    dropping = 0
    for child in children:
        if child.type == "link_open":
            target = _link(str(child.attrGet("href") or ""), known)
            if target is None:
                dropping += 1
                continue
            child.attrSet("href", target)
            child.attrSet("class", CLASSES["link_open"])
        elif child.type == "link_close" and dropping:
            dropping -= 1
            continue
        elif child.type == "code_inline":
            child.attrSet("class", CLASSES["code_inline"])
        out.append(child)
    return out


def _scrolling_tables(html: str) -> str:
    """Each table in a focusable box that scrolls sideways, as chart tables do."""
    count = 0

    def wrap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return (
            f'<div class="parity-table-scroll" role="region" aria-label="Table {count}" tabindex="0">'
            f"{match.group(0)}</div>"
        )

    return re.sub(r"<table\b.*?</table>", wrap, html, flags=re.S)


def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _first_paragraph(tokens: list[Token]) -> str:
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open" and i + 1 < len(tokens):
            text = _plain(tokens[i + 1])
            return re.sub(r"\s+", " ", text).strip()
    return ""


@lru_cache(maxsize=64)
def _render(path: Path, modified: float, known: frozenset[str]) -> MethodologyPage:
    md = _renderer()
    tokens = md.parse(path.read_text(encoding="utf-8"))
    title, body = _dress(tokens, set(known))
    html = md.renderer.render(body, md.options, {})
    html = html.replace("<pre>", '<pre class="parity-pre">')
    return MethodologyPage(path.stem, title or path.stem, _first_paragraph(body), Markup(_scrolling_tables(html)))  # noqa: S704 - markdown-it escapes raw HTML


def slugs() -> list[str]:
    return sorted(p.stem for p in source_dir().glob("*.md"))


def page(slug: str) -> MethodologyPage:
    """The rendered page; KeyError when there is no such methodology file."""
    known = frozenset(slugs())
    if slug not in known:
        raise KeyError(f"no methodology page {slug!r}")
    path = source_dir() / f"{slug}.md"
    return _render(path, path.stat().st_mtime, known)


def pages() -> list[MethodologyPage]:
    """Every methodology page, by title."""
    return sorted((page(slug) for slug in slugs()), key=lambda p: p.title)


def page_title(slug: str) -> str:
    return page(slug).title
