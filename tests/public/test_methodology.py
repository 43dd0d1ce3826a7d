"""Methodology pages are rendered from docs/methodology/*.md, one page per file."""

from __future__ import annotations

import re

import pytest

from parity.public import methodology
from tests.conftest import ROOT
from tests.pagecheck import CheckedClient, public_word_problems, text

DOCS = sorted(p.stem for p in (ROOT / "docs" / "methodology").glob("*.md"))


def test_there_is_a_page_for_every_methodology_file() -> None:
    assert methodology.slugs() == DOCS
    assert "comparing-forces" in DOCS


@pytest.mark.parametrize("slug", DOCS)
def test_each_page_renders_its_file_with_govuk_styles(client: CheckedClient, slug: str) -> None:
    source = (ROOT / "docs" / "methodology" / f"{slug}.md").read_text()
    title = source.splitlines()[0].removeprefix("# ").strip()
    page = client.get(f"/methodology/{slug}").page  # page checks: one h1, classes, valid HTML, unique ids
    assert text(page.select_one("h1")) == title
    assert page.select_one("main h1 + *") is not None
    for heading in page.select("main .govuk-grid-column-two-thirds h2"):
        assert heading.get("id"), "headings carry ids so sections can be linked"
    for table in page.select("main table"):
        assert table.parent.get("tabindex") == "0" and "parity-table-scroll" in table.parent["class"]


def test_links_between_methodology_files_become_links_between_pages(client: CheckedClient) -> None:
    page = client.get("/methodology/disproportionality-ratio").page
    hrefs = {a["href"] for a in page.select("main a")}
    assert "/methodology/unknown-ethnicity" in hrefs
    page = client.get("/methodology/rate-per-1000").page
    for a in page.select("main a[href^='/methodology/']"):
        assert client.get(a["href"].partition("#")[0]).status_code == 200


def test_links_to_other_documents_keep_their_words_but_no_link(client: CheckedClient) -> None:
    source = (ROOT / "docs" / "methodology" / "receipt-feedback.md").read_text()
    if "../guides/recording.md" not in source:
        pytest.fail("the fixture file no longer links a guide; choose another")
    page = client.get("/methodology/receipt-feedback").page
    assert not page.select("a[href*='guides/']")
    assert "(recording stops)" in text(page.select_one("main"))


def test_raw_html_in_a_file_is_escaped_not_rendered(tmp_path: object) -> None:
    md = methodology._renderer()
    tokens = md.parse("# T\n\nSome <script>alert(1)</script> text.\n")
    _, body = methodology._dress(tokens, set())
    html = md.renderer.render(body, md.options, {})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_index_lists_every_page_with_sources_and_the_licence(client: CheckedClient) -> None:
    page = client.get("/methodology").page
    listed = {a["href"] for a in page.select("main ul a[href^='/methodology/']")}
    assert listed == {f"/methodology/{slug}" for slug in DOCS}
    assert "Open Government Licence v3.0" in text(page.select_one("#licence").find_next("p"))
    assert "Office for National Statistics" in text(page)


def test_an_unknown_page_is_not_found(client: CheckedClient) -> None:
    with client.unchecked():
        assert client.get("/methodology/astrology").status_code == 404


@pytest.mark.parametrize("slug", ["", *DOCS])
def test_methodology_pages_speak_to_the_public(client: CheckedClient, slug: str) -> None:
    page = client.get(f"/methodology/{slug}".rstrip("/")).page
    assert not public_word_problems(str(page)), f"/methodology/{slug}"


def test_the_index_keeps_the_spaces_between_lines(client: CheckedClient) -> None:
    words = text(client.get("/methodology").page.select_one("main"))
    assert "ranking them. With" in words
    assert not re.search(r"[a-z][.,][A-Z]", words), "two sentences run together"
