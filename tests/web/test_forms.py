"""The forms bridge: Django fields rendered as GOV.UK components, errors wired to the summary."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template import engines

from parity.web.components import ExampleForm
from parity.web.forms import GovukDateField, error_list, govuk_field


def render(form: forms.Form, source: str) -> BeautifulSoup:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    template = env.from_string('{% from "web/forms.html" import field, error_summary, fields %}' + source)
    return BeautifulSoup(template.render(form=form), "html.parser")


def described_by(tag: object) -> list[str]:
    return str(tag.get("aria-describedby", "")).split()  # type: ignore[attr-defined]


def test_each_widget_picks_its_component() -> None:
    form = ExampleForm()
    components = {name: govuk_field(form[name]).component for name in form.fields}
    assert components == {
        "full_name": "input",
        "email": "input",
        "searches": "input",
        "password": "password",
        "notes": "textarea",
        "force": "select",
        "role": "radios",
        "groups": "checkboxes",
        "meeting": "date",
        "evidence": "file",
        "agree": "checkboxes",
    }


def test_a_text_field_has_its_label_hint_and_error_tied_to_the_input() -> None:
    form = ExampleForm(data={"email": "not-an-address"})
    page = render(form, '{{ field(form["email"]) }}')
    box = page.select_one("input#id_email")
    assert box is not None
    assert box["type"] == "email"
    assert box["name"] == "email"
    assert box["value"] == "not-an-address"
    assert box["autocomplete"] == "email"
    assert "govuk-input--error" in box["class"]
    label = page.select_one("label[for=id_email]")
    assert label is not None and label.get_text(strip=True) == "Email address"
    assert described_by(box) == ["id_email-hint", "id_email-error"]
    assert page.select_one("#id_email-hint").get_text(strip=True) == "We only use this to reply to you."
    error = page.select_one("#id_email-error").get_text(" ", strip=True)
    assert error == "Error: Enter an email address in the correct format, like name@example.com"
    assert not box.has_attr("required") and not box.has_attr("maxlength")


def test_numbers_use_a_text_box_with_a_numeric_keypad() -> None:
    page = render(ExampleForm(), '{{ field(form["searches"]) }}')
    box = page.select_one("input#id_searches")
    assert box["type"] == "text"
    assert box["inputmode"] == "numeric"
    assert box["spellcheck"] == "false"


def test_choices_keep_what_was_chosen_and_link_errors_to_the_first_item() -> None:
    form = ExampleForm(data={"groups": ["black", "white"], "force": "midsomer"})
    page = render(form, '{{ field(form["groups"]) }}{{ field(form["role"]) }}{{ field(form["force"]) }}')
    checked = [box["value"] for box in page.select("input[name=groups][checked]")]
    assert checked == ["black", "white"]
    assert page.select_one("input#id_groups")["value"] == "asian"  # the first item carries the prefix id
    assert page.select_one("option[selected]")["value"] == "midsomer"
    radios = page.select("input[name=role]")
    assert [r["id"] for r in radios] == ["id_role", "id_role-2", "id_role-3"]
    legend = page.select_one("fieldset legend")
    assert legend.get_text(strip=True) == "Which groups should the chart show?"
    summary = {entry["href"] for entry in error_list(form)}
    assert "#id_role" in summary
    assert all(page.select_one(href) is not None for href in summary if href in {"#id_role", "#id_groups"})


def test_item_hints_and_heading_option() -> None:
    page = render(ExampleForm(), '{{ field(form["role"], heading=true, item_hints={"officer": "You record stops."}) }}')
    legend = page.select_one("legend")
    assert "govuk-fieldset__legend--l" in legend["class"]
    assert legend.select_one("h1").get_text(strip=True) == "What is your role?"
    assert page.select_one("#id_role-3-item-hint").get_text(strip=True) == "You record stops."


def test_a_single_checkbox_is_labelled_by_its_own_text() -> None:
    form = ExampleForm(data={})
    page = render(form, '{{ field(form["agree"]) }}')
    box = page.select_one("input#id_agree")
    assert box["name"] == "agree" and box["value"] == "true"
    assert page.select_one("label[for=id_agree]").get_text(strip=True) == "I have read the guidance"
    assert page.select_one("#id_agree-error") is not None
    assert form.is_valid() is False
    assert ExampleForm(data={"agree": "true"})["agree"].value() is True


def test_the_error_summary_lists_errors_in_field_order_each_linking_to_its_field() -> None:
    form = ExampleForm(data={"meeting-day": "31", "meeting-month": "2", "meeting-year": "2026"})
    assert not form.is_valid()
    entries = error_list(form)
    assert [e["text"] for e in entries] == [
        "Enter your full name",
        "Enter your email address",
        "Choose a force",
        "Select your role",
        "Date of the panel meeting must be a real date",
        "Confirm you have read the guidance",
    ]
    page = render(form, "{{ error_summary(form) }}{{ fields(form) }}")
    links = page.select(".govuk-error-summary a")
    assert [a["href"] for a in links] == [e["href"] for e in entries]
    for link in links:
        assert page.select_one(str(link["href"])) is not None, f"{link['href']} points at nothing"
    assert page.select_one("#id_meeting-day")["value"] == "31"


def test_no_error_summary_for_an_unbound_or_valid_form() -> None:
    assert error_list(ExampleForm()) == []
    page = render(ExampleForm(), "{{ error_summary(form) }}")
    assert page.select_one(".govuk-error-summary") is None


class DateForm(forms.Form):
    when = GovukDateField(label="When", label_for_errors="Date of the stop")


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "This field is required."),
        ("12", "", "2021", "Date of the stop must include a month"),
        ("", "", "2021", "Date of the stop must include a day and a month"),
        ("30", "2", "2021", "Date of the stop must be a real date"),
        ("1", "1", "21", "Year must include 4 numbers"),
        ("x", "1", "2021", "Date of the stop must be a real date"),
    ],
)
def test_dates_are_checked_with_govuk_messages(day: str, month: str, year: str, error: str) -> None:
    form = DateForm(data={"when-day": day, "when-month": month, "when-year": year})
    assert not form.is_valid()
    assert form.errors["when"] == [error]


def test_a_real_date_is_cleaned_and_shown_back_in_three_boxes() -> None:
    form = DateForm(data={"when-day": " 3", "when-month": "11", "when-year": "2021"})
    assert form.is_valid()
    assert form.cleaned_data["when"] == dt.date(2021, 11, 3)
    initial = DateForm(initial={"when": dt.date(2020, 4, 1)})
    page = render(initial, '{{ field(form["when"]) }}')
    values = [page.select_one(f"#id_when-{part}")["value"] for part in ("day", "month", "year")]
    assert values == ["1", "4", "2020"]
    assert [box["name"] for box in page.select("input")] == ["when-day", "when-month", "when-year"]


def test_an_unsupported_widget_is_refused_with_advice() -> None:
    class Odd(forms.Form):
        colour = forms.CharField(widget=forms.HiddenInput)

    with pytest.raises(TypeError, match=r"has no GOV\.UK component"):
        govuk_field(Odd()["colour"])
