"""The public home page, accessibility statement and cookies page."""

from __future__ import annotations

import pytest
from django.test import override_settings

from parity.public.views import month_spans
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db


def rows(page: object) -> dict[str, list[str]]:
    table = page.select_one("main table")  # type: ignore[attr-defined]
    return {text(tr.select_one("th")): [text(td) for td in tr.select("td")] for tr in table.select("tbody tr")}


def test_home_lists_every_force_held_with_its_months(client: CheckedClient, loaded: object) -> None:
    page = client.get("/").page
    forces = rows(page)
    assert len(forces) == 11
    assert forces["Avon and Somerset"][:2] == ["25,691", "January 2019 to November 2021"]
    assert forces["Greater Manchester"][1] == "January 2019 to June 2019"
    assert forces["West Midlands"][1] == "January 2019 to March 2021"
    assert "Not published: March 2019 to May 2021." in forces["Metropolitan Police"][2]
    assert "October 2019, November 2019, December 2019" in forces["Leicestershire"][2]
    assert forces["Bedfordshire"][2] == "None"
    assert "Parity holds 305,071 stop-and-search records from 11 forces." in text(page)


def test_home_says_plainly_when_nothing_is_held(client: CheckedClient) -> None:
    from parity.powers.models import SourceFile

    SourceFile.objects.update(dataset="something-else")  # no stop-search file held, in this test only
    page = client.get("/").page
    assert page.select_one("main table") is None
    assert "Parity holds no stop-and-search records yet." in text(page)


def test_home_answers_head_and_refuses_post(client: CheckedClient) -> None:
    assert client.head("/").status_code == 200
    assert client.post("/").status_code == 405


def test_month_spans_join_consecutive_months() -> None:
    assert month_spans(["2019-03", "2019-04", "2019-12", "2020-01", "2020-06"]) == [
        ("2019-03", "2019-04"),
        ("2019-12", "2020-01"),
        ("2020-06", "2020-06"),
    ]
    assert month_spans([]) == []


def test_accessibility_statement_names_who_runs_the_site_and_how_to_report(client: CheckedClient) -> None:
    page = client.get("/accessibility").page
    assert "contact the organisation that runs this website" in text(page)
    with override_settings(OPERATOR_NAME="Borsetshire Police (fictional)", CONTACT_EMAIL="access@example.org"):
        page = client.get("/accessibility").page
    assert "runs Parity for Borsetshire Police (fictional)" in text(page)
    assert page.select_one("a[href='mailto:access@example.org']") is not None
    headings = [text(h) for h in page.select("h2")]
    assert headings[:3] == [
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this website’s accessibility",
    ]


def test_the_cookies_page_lists_every_cookie_parity_sets(client: CheckedClient) -> None:
    listed = {text(code) for code in client.get("/cookies").page.select("main table code")}
    set_by_site: set[str] = set()
    client.get("/")
    client.get("/components")  # a page with a form sets the CSRF cookie
    client.post(
        "/components",
        {"full_name": "A", "email": "a@example.com", "force": "midsomer", "role": "analyst", "agree": "true"},
    )  # a message sets its cookie
    set_by_site |= set(client.cookies.keys())
    assert set_by_site, "the pages visited set no cookie, so this test proves nothing"
    assert set_by_site <= listed, f"cookies set but not on the cookies page: {set_by_site - listed}"
    assert {"csrftoken", "messages"} <= set_by_site


def test_public_pages_set_no_cookie_until_a_form_is_shown(client: CheckedClient) -> None:
    for path in ("/", "/accessibility", "/cookies"):
        assert not client.get(path).cookies, path
