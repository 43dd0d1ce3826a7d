"""The page checks themselves: each one catches what it is for, and passes a good page."""

from __future__ import annotations

import pytest

from tests.pagecheck import CheckedClient, check_page, page_problems

GOOD = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Forces – Parity</title>
<link rel="stylesheet" href="/static/parity/parity.css">
<link rel="license" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">
<script type="module" src="/static/parity/parity.js"></script></head>
<body><main id="main-content"><h1 class="govuk-heading-l">Forces</h1>
<p class="govuk-body">Text with <a class="govuk-link" href="https://data.police.uk/">a link elsewhere</a>.</p>
<img src="data:image/png;base64,AAAA" alt="">
<form method="post" action="/x"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>
<form method="get"><button class="govuk-button">Filter</button></form>
<div class="govuk-error-summary"><p>Bare paragraphs are the macro's own</p><a href="#x">and links</a></div>
</main></body></html>"""


def broken(old: str, new: str) -> list[str]:
    assert old in GOOD, old
    return page_problems(GOOD.replace(old, new))


def test_a_good_page_passes() -> None:
    assert page_problems(GOOD) == []
    check_page(GOOD)


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('<h1 class="govuk-heading-l">Forces</h1>', "", "exactly one <h1>, found 0"),
        ("</main>", "<h1>Again</h1></main>", "exactly one <h1>, found 2"),
        ("<title>Forces – Parity</title>", "<title>Parity</title>", "must start with the <h1>"),
        ("<title>Forces – Parity</title>", "<title>Error: Forces – Parity</title>", None),
        ("</main>", "<div id='main-content'></div></main>", "id 'main-content' is used 2 times"),
        ('action="/x"', "", "has no action"),
        ('<input type="hidden" name="csrfmiddlewaretoken" value="t">', "", "has no CSRF token"),
        ("</main>", "<script>alert(1)</script></main>", "inline <script>"),
        ("</main>", "<style>p{}</style></main>", "<style> element"),
        ('<p class="govuk-body">', '<p class="govuk-body" style="color:red">', "style attribute"),
        ('<main id="main-content">', '<main id="main-content" onclick="go()">', "onclick"),
        ("/static/parity/parity.css", "https://cdn.example.com/x.css", "loads from another host"),
        ("/static/parity/parity.js", "//cdn.example.com/x.js", "loads from another host"),
        ("data:image/png;base64,AAAA", "http://example.com/x.png", "loads from another host"),
        ('<p class="govuk-body">', "<p>", 'add class="govuk-body"'),
        ('<a class="govuk-link" href', "<a href", 'add class="govuk-link"'),
        ("</p>\n<img", "</div></p>\n<img", "invalid HTML"),
        ("<!DOCTYPE html>\n", "", "invalid HTML"),
    ],
)
def test_each_check_catches_its_problem(old: str, new: str, complaint: str | None) -> None:
    problems = broken(old, new)
    if complaint is None:
        assert problems == []
    else:
        assert any(complaint in p for p in problems), problems


def test_the_message_lists_every_problem_with_its_fix() -> None:
    with pytest.raises(AssertionError) as failure:
        check_page(GOOD.replace('<p class="govuk-body">', "<p>").replace('action="/x"', ""), url="/forces")
    message = str(failure.value)
    assert "/forces fails the page checks" in message
    assert message.count("\n  - ") == 2
    assert "post_form() macro" in message


@pytest.mark.urls("tests.web.urls")
def test_the_client_fixture_checks_every_page_it_fetches(client: CheckedClient) -> None:
    assert isinstance(client, CheckedClient)
    with pytest.raises(AssertionError, match="exactly one <h1>, found 0"):
        client.get("/test/broken")
    with client.unchecked():
        response = client.get("/test/broken")
    assert response.page.select_one("p").get_text() == "No heading"
