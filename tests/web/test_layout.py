"""The base layout, seen through the components page: what every Parity page is built on."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.test import override_settings

from tests.pagecheck import CheckedClient, text


def test_the_layout_has_skip_link_header_navigation_main_and_footer(client: CheckedClient) -> None:
    page = client.get("/components").page
    first_link = page.select_one("body a")
    assert first_link["href"] == "#main-content" and text(first_link) == "Skip to main content"
    assert page.select_one("main#main-content") is not None
    header = page.select_one("header")
    assert text(header.select_one(".govuk-generic-header__homepage-link")) == "Parity"
    nav = header.select_one("nav")
    assert nav["aria-label"] == "Main"
    assert "Home" in [text(a) for a in nav.select("a")]
    assert text(page.select_one(".govuk-phase-banner .govuk-tag")) == "Beta"
    assert page.select_one(".govuk-breadcrumbs a")["href"] == "/"


def test_the_footer_attributes_the_data_and_links_the_statement_pages(client: CheckedClient) -> None:
    footer = client.get("/components").page.select_one("footer")
    assert "Contains public sector information licensed under the Open Government Licence v3.0" in text(footer)
    links = {text(a): a["href"] for a in footer.select("a")}
    assert links["Accessibility statement"] == "/accessibility"
    assert links["Cookies"] == "/cookies"
    assert "Crown copyright" not in text(footer)


def test_links_to_pages_not_built_yet_are_left_out_rather_than_dead(client: CheckedClient) -> None:
    from django.urls import NoReverseMatch, reverse

    page = client.get("/components").page
    hrefs = {a["href"] for a in page.select("header nav a, footer a")}
    for name in ("public:methodology", "public:downloads"):
        try:
            assert reverse(name) in hrefs
        except NoReverseMatch:
            assert not any(text(a) in {"Methodology", "Open data"} for a in page.select("footer a"))


def test_no_govuk_branding_and_only_our_own_assets(client: CheckedClient) -> None:
    response = client.get("/components")
    html = response.content.decode()
    for brand in ("GDS Transport", "govuk-crest", "govuk-logo", "Crown copyright", "GOV.UK"):
        assert brand not in html
    page = response.page
    assert [s["src"] for s in page.select("script")] == ["/static/parity/parity.js"]
    assert page.select_one("script")["type"] == "module"
    assert [link["href"] for link in page.select("link[rel=stylesheet]")] == ["/static/parity/parity.css"]


def test_the_current_section_is_marked_in_the_navigation(client: CheckedClient) -> None:
    page = client.get("/cookies").page
    assert [text(a) for a in page.select("[aria-current=page]")] == ["Cookies"]


@pytest.mark.django_db
def test_a_form_with_errors_puts_error_first_in_the_title_and_a_summary_above_the_heading(
    client: CheckedClient,
) -> None:
    page = client.post("/components", {"full_name": ""}).page
    assert text(page.title).startswith("Error: Page components")
    main = page.select_one("main")
    summary = main.select_one(".govuk-error-summary")
    assert summary is not None
    assert page.select_one("h1").find_previous("div", class_="govuk-error-summary") is summary
    assert text(summary.select_one("a")) == "Enter your full name"
    assert summary.select_one("a")["href"] == "#id_full_name"


def test_a_valid_form_redirects_and_the_message_shows_once(client: CheckedClient) -> None:
    response = client.post(
        "/components",
        {"full_name": "A", "email": "a@example.com", "force": "midsomer", "role": "analyst", "agree": "true"},
        follow=True,
    )
    assert response.redirect_chain == [("/components", 302)]
    banner = response.page.select_one(".govuk-notification-banner--success")
    assert "The example form was valid" in text(banner)
    assert banner["aria-labelledby"] == "message-1-title"
    assert client.get("/components").page.select_one(".govuk-notification-banner") is None


def test_the_layout_works_without_a_request(client: CheckedClient) -> None:
    from django.template.loader import render_to_string

    from tests.pagecheck import check_page

    html = render_to_string("web/errors/404.html")
    check_page(html)
    assert "Skip to main content" in html


@pytest.mark.django_db  # closing a file response sends request_finished, which checks the connection
@override_settings(DEBUG=False)
def test_static_files_are_served_from_the_app_folders(client: CheckedClient) -> None:
    for path, kind in (
        ("/static/parity/parity.css", "text/css"),
        ("/static/parity/parity.js", "javascript"),
        ("/static/govuk/govuk-frontend.min.js", "javascript"),
    ):
        response = client.get(path)
        try:
            assert response.status_code == 200, path
            assert kind in response["Content-Type"]
            assert b"".join(cast(Any, response).streaming_content)
        finally:
            response.close()
