"""The Jinja environment: strict in Parity's templates, lenient only inside GOV.UK macros."""

from __future__ import annotations

import pytest
from django.template import engines
from jinja2 import Environment, UndefinedError


@pytest.fixture
def env() -> Environment:
    return engines["jinja2"].env  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    "source",
    [
        "{{ missing }}",
        "{% if missing %}x{% endif %}",
        "{% for x in missing %}{% endfor %}",
        "{{ thing.misspelt }}",
        "{{ mapping.misspelt }}",
        "{{ missing.anything }}",
        "{{ missing | length }}",
    ],
)
def test_a_misspelt_name_in_our_templates_fails_loudly(env: Environment, source: str) -> None:
    template = env.from_string(source)
    with pytest.raises(UndefinedError):
        template.render(thing=object(), mapping={})


def test_govuk_macros_may_leave_their_optional_parameters_out(env: Environment) -> None:
    template = env.from_string(
        '{% from "govuk_frontend_jinja/components/input/macro.html" import govukInput %}'
        '{{ govukInput({"name": "email", "label": {"text": "Email address"}}) }}'
    )
    html = template.render()
    assert 'id="email"' in html
    assert "Email address" in html
    assert "govuk-input--error" not in html


def test_url_accepts_keyword_arguments_and_optional_url_returns_none_for_a_page_not_built(
    env: Environment,
) -> None:
    html = env.from_string('{{ url("public:home") }}|{{ optional_url("public:no-such-page") }}').render()
    assert html == "/|None"


def test_filters_are_available(env: Environment) -> None:
    html = env.from_string("{{ 305071 | number }} {{ none | rate }} {{ '2021-11' | month }}").render()
    assert html == "305,071 not published November 2021"
