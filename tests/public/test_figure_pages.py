"""A force's overview, its stop-and-search figures and the compare page, on the real data.

Expected figures are read from the result objects the pages render (the analysis has its own
tests against published Home Office figures); these tests check that each page shows them,
with their exclusions, suppression and methodology, and honours its filters.
"""

from __future__ import annotations

import pytest

from parity.presentation.formatting import number, ratio
from parity.public import figures
from parity.public.query import Choice
from tests.pagecheck import CheckedClient, text

pytestmark = pytest.mark.django_db


def table_rows(page: object, selector: str) -> dict[str, list[str]]:
    table = page.select_one(selector)  # type: ignore[attr-defined]
    assert table is not None, f"no table {selector}"
    return {text(tr.select_one("th")): [text(td) for td in tr.select("td")] for tr in table.select("tbody tr")}


def test_force_overview_gives_the_headline_ratio_for_the_latest_complete_year(
    client: CheckedClient, loaded: object
) -> None:
    page = client.get("/forces/avon-and-somerset").page
    assert text(page.select_one("h1")) == "Avon and Somerset"
    table = figures.rates("avon-and-somerset", Choice(period="2020/21"))
    black = table.group("Black")
    assert text(page.select_one(".parity-headline__figure")) == f"{ratio(black.ratio)} times"
    assert black.statement in text(page.select_one(".parity-headline"))
    assert "Stop and search in 2020/21" in text(page.select_one("#headline"))
    rows = table_rows(page, "#rates-figures")
    assert rows["Black"][0] == number(black.searches) == "851"
    assert rows["White (reference)"][3] == "1.0"
    assert "Change on the previous year" in text(page)
    change = table_rows(page, "#change-table")
    assert set(change) >= {"Asian", "Black", "Mixed", "White (reference)", "Other", "All"}
    hrefs = {a["href"] for a in page.select("main a")}
    assert "/forces/avon-and-somerset/stop-and-search" in hrefs
    assert "/compare" in hrefs
    assert "/forces/avon-and-somerset/stop-and-search/rates.csv?period=2020/21" in hrefs
    recorded = {"/recorded-stops/avon-and-somerset/vehicle-stops", "/recorded-stops/avon-and-somerset/feedback"}
    assert recorded <= hrefs
    assert all(client.get(href).status_code == 200 for href in recorded)


def test_city_of_london_has_counts_but_no_rate_and_says_why(client: CheckedClient, loaded: object) -> None:
    page = client.get("/forces/city-of-london").page
    assert "8,600 residents" in text(page.select_one(".govuk-inset-text"))
    assert page.select_one(".parity-headline") is None
    rows = table_rows(page, "#rates-figures")
    assert rows["Black"][0] == number(figures.rates("city-of-london", Choice(period="2020/21")).group("Black").searches)
    assert "Searches per 1,000 residents" not in text(page.select_one("#rates-figures thead"))


def test_forces_not_held_are_not_found(client: CheckedClient, loaded: object) -> None:
    with client.unchecked():
        assert client.get("/forces/kent").status_code == 404
        assert client.get("/forces/no-such-force/stop-and-search").status_code == 404


STOP_SEARCH_SECTIONS = [
    "By ethnic group, 2020/21",
    "Over time: the 12 months to each month held",
    "By power",
    "By age and gender",
    "Outcomes: find, arrest and no further action",
    "Strip searches",
]


def test_the_stop_and_search_page_shows_every_figure_with_its_notes(client: CheckedClient, loaded: object) -> None:
    page = client.get("/forces/wiltshire/stop-and-search").page
    assert text(page.select_one("h1")) == "Stop and search in Wiltshire"
    assert [text(h) for h in page.select("main h2.govuk-heading-l")] == STOP_SEARCH_SECTIONS
    assert page.select_one("select#id_period option[selected]")["value"] == "2020/21"
    assert page.select_one("input[name=ethnicity][value=self]").has_attr("checked")
    for chart_id in ("rates", "ratios", "trend", "arrests"):
        figure = page.select_one(f"figure#{chart_id}")
        assert figure is not None and figure.select_one("table"), f"chart {chart_id} with its table twin"
    # one set of notes per figure: rates, trend, power, age, gender, outcomes, strip searches
    notes = page.select(".parity-notes")
    assert len(notes) == 7
    for block in notes:
        assert "Left out of" in text(block) and "Small numbers in" in text(block)
        assert block.select("a[href^='/methodology/']"), "every figure links to its methodology"
        assert {a.text for a in block.select("a[href*='.csv'], a[href*='.json']")}


def test_suppressed_counts_show_as_not_published_with_the_reason(client: CheckedClient, loaded: object) -> None:
    table = figures.rates("wiltshire", Choice(period="2020/21"))
    hidden = [g for g in table.groups if g.suppressed]
    assert hidden, "Wiltshire 2020/21 has suppressed groups (Mixed, Other); the test needs one"
    page = client.get("/forces/wiltshire/stop-and-search").page
    rows = table_rows(page, "#rates-figures")
    notes = text(page.select(".parity-notes")[0])
    for g in hidden:
        assert rows[g.group][0] == "not published"
        assert f"{g.group}: not published" in notes
    assert "Counts from 1 to 4 are hidden" in notes


def test_filters_are_get_parameters_and_change_the_figures(client: CheckedClient, loaded: object) -> None:
    page = client.get("/forces/avon-and-somerset/stop-and-search?power=s60&ethnicity=officer&reference=Black").page
    assert "By ethnic group, 2020/21, Section 60" in text(page.select_one("#by-ethnicity"))
    assert "officer-defined ethnicity" in text(page.select_one("#by-ethnicity"))
    assert "By legislation" in [text(h) for h in page.select("main h2")]
    caption = text(page.select_one("#rates-figures caption"))
    assert "Section 60" in caption
    expected = figures.rates(
        "avon-and-somerset", Choice(period="2020/21", power="s60", ethnicity="officer", reference="Black")
    )
    rows = table_rows(page, "#rates-figures")
    assert rows["Black (reference)"][0] == number(
        expected.group("Black").searches, suppressed=expected.group("Black").suppressed
    )
    csv_link = page.select_one("a[href^='/forces/avon-and-somerset/stop-and-search/rates.csv']")["href"]
    assert "power=s60" in csv_link and "ethnicity=officer" in csv_link and "reference=Black" in csv_link


def test_a_period_the_analysis_reads_is_offered_even_when_not_in_the_list(
    client: CheckedClient, loaded: object
) -> None:
    page = client.get("/forces/wiltshire/stop-and-search?period=2020-Q3").page
    assert page.select_one("select#id_period option[selected]")["value"] == "2020-Q3"
    assert "By ethnic group, 2020-Q3" in text(page.select_one("#by-ethnicity"))


def test_an_unknown_filter_value_is_an_error_not_a_silent_default(client: CheckedClient, loaded: object) -> None:
    response = client.get("/forces/wiltshire/stop-and-search?power=s99&period=someday")
    assert response.status_code == 400
    summary = text(response.page.select_one(".govuk-error-summary"))
    assert "Choose a power from the list" in summary and "Choose a period from the list" in summary
    assert response.page.select_one("title").text.startswith("Error: ")


def test_a_force_without_a_financial_year_opens_on_its_latest_complete_quarter(
    client: CheckedClient, loaded: object
) -> None:
    page = client.get("/forces/greater-manchester/stop-and-search").page  # January to June 2019 held
    assert page.select_one("select#id_period option[selected]")["value"] == "2019-Q2"
    assert page.select_one("#rates-figures") is not None
    problems = [text(p) for p in page.select(".govuk-inset-text")]
    assert all(p.endswith(".") and "12 months" in p for p in problems), "only the 12-month trend cannot be given"
    page = client.get("/forces/greater-manchester/stop-and-search?period=2019-Q1").page
    assert page.select_one("#rates-figures") is not None


def test_stop_and_search_index_links_every_force(client: CheckedClient, loaded: object) -> None:
    page = client.get("/stop-and-search").page
    links = {text(a): a["href"] for a in page.select("main ul a")}
    assert len([h for h in links.values() if h.startswith("/forces/")]) == 11
    assert links["Wiltshire"] == "/forces/wiltshire/stop-and-search"


def test_compare_lists_forces_alphabetically_with_intervals_and_funnel_limits(
    client: CheckedClient, loaded: object
) -> None:
    page = client.get("/compare").page
    rows = table_rows(page, "#compare-table")
    names = list(rows)
    assert names == sorted(names) and len(names) == 11
    assert rows["City of London"][0] == "not available" and "8,600 residents" in rows["City of London"][2]
    assert "No stop-and-search records are held" in rows["Metropolitan Police"][2]
    avon = rows["Avon and Somerset"]
    black = figures.rates("avon-and-somerset", Choice(period="2020/21")).group("Black")
    assert avon[0] == ratio(black.ratio)
    assert avon[1] == f"{ratio(black.ratio_ci_low)} to {ratio(black.ratio_ci_high)}"
    assert avon[2].startswith(("Higher than", "Lower than", "Within"))
    funnel = page.select_one("figure#funnel")
    assert funnel is not None and funnel.select_one("svg path.parity-funnel__outer")
    # Read without a key: the wide drawing names each force, and the axes are said in words.
    labels = {text(t) for t in funnel.select("svg.parity-chart__svg--wide text")}
    named = [text(tr.select("td")[0]) for tr in funnel.select("tbody tr")]
    assert set(named) <= labels, "every force in the funnel's table is named on the wide drawing"
    assert any(label.startswith("Up: how many times as likely") for label in labels)
    assert any(label.startswith("Across: searches the force would have made") for label in labels)
    assert "Up the chart: how many times as likely" in text(funnel)
    # Wide tables say, on a narrow screen, that they scroll.
    hint = page.select_one("#compare-table").find_parent("div").find_previous_sibling("p")
    assert "parity-scroll-hint" in hint["class"] and "Scroll the table sideways" in text(hint)
    assert len(funnel.select("tbody tr")) == 8  # the forces with a figure in 2020/21
    assert page.select_one(".parity-notes a[href='/methodology/comparing-forces']")


def test_compare_rates_and_bad_choices(client: CheckedClient, loaded: object) -> None:
    page = client.get("/compare?measure=rate&group=White").page
    assert "Searches per 1,000 White residents, by force, 2020/21" in text(page.select_one("#by-force"))
    response = client.get("/compare?group=White&reference=White")
    assert response.status_code == 400
    assert "Choose a group other than the one it is compared with" in text(
        response.page.select_one(".govuk-error-summary")
    )


def test_navigation_reaches_the_public_pages(client: CheckedClient, loaded: object) -> None:
    page = client.get("/").page
    nav = {text(a): a["href"] for a in page.select("#primary-navigation a")}
    assert nav["Stop and search"] == "/stop-and-search"
    assert nav["Compare forces"] == "/compare"
    assert nav["Methodology"] == "/methodology"
    assert nav["Open data"] == "/open-data"
    footer = {text(a) for a in page.select("footer a")}
    assert {"Methodology", "Open data", "Accessibility statement", "Cookies"} <= footer


def test_every_figure_links_to_a_methodology_page_that_exists(client: CheckedClient, loaded: object) -> None:
    linked: set[str] = set()
    for path in (
        "/forces/avon-and-somerset",
        "/forces/avon-and-somerset/stop-and-search",
        "/forces/city-of-london/stop-and-search",
        "/compare",
    ):
        page = client.get(path).page
        for block in page.select(".parity-notes"):
            hrefs = [str(a["href"]) for a in block.select("a[href^='/methodology/']")]
            assert hrefs, f"a figure on {path} has no methodology link"
            linked.update(hrefs)
    for href in sorted(linked):
        assert client.get(href).status_code == 200, href
