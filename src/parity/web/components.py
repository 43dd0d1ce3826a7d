"""The components page's examples: a form using every field type, and two charts.

Figures here are fictional and labelled so on the page; they exist to show page authors
what the shared parts look like and to let the browser tests check them.
"""

from __future__ import annotations

from django import forms

from parity.presentation.charts import Bar, Chart, Series, bar_chart, line_chart
from parity.presentation.formatting import month
from parity.web.forms import LONG_TEXT, SHORT_TEXT, GovukDateField

ROLES = [("analyst", "Analyst"), ("panel-member", "Panel member"), ("officer", "Officer")]
GROUPS = [("asian", "Asian"), ("black", "Black"), ("mixed", "Mixed"), ("white", "White"), ("other", "Other")]
FORCES = [("", "Choose a force"), ("borsetshire", "Borsetshire (fictional)"), ("midsomer", "Midsomer (fictional)")]


class ExampleForm(forms.Form):
    """One field of each kind the forms bridge supports, with GOV.UK-style error messages."""

    full_name = forms.CharField(
        max_length=SHORT_TEXT,
        label="Full name",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We only use this to reply to you.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    searches = forms.IntegerField(
        label="Number of searches",
        required=False,
        min_value=0,
        widget=forms.NumberInput(),
        error_messages={"invalid": "Number of searches must be a whole number"},
    )
    password = forms.CharField(max_length=SHORT_TEXT, label="Password", required=False, widget=forms.PasswordInput())
    notes = forms.CharField(
        max_length=LONG_TEXT, label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    force = forms.ChoiceField(label="Force", choices=FORCES, error_messages={"required": "Choose a force"})
    role = forms.ChoiceField(
        label="What is your role?",
        choices=ROLES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your role"},
    )
    groups = forms.MultipleChoiceField(
        label="Which groups should the chart show?",
        help_text="Select all that apply.",
        choices=GROUPS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    meeting = GovukDateField(
        label="Date of the panel meeting",
        label_for_errors="Date of the panel meeting",
        help_text="For example, 27 3 2026",
        required=False,
    )
    evidence = forms.FileField(label="Upload evidence", required=False)
    agree = forms.BooleanField(
        label="I have read the guidance",
        error_messages={"required": "Confirm you have read the guidance"},
    )


def example_rates() -> Chart:
    bars = [
        Bar("Asian", 6.4, 5.9, 7.0),
        Bar("Black", 21.7, 20.4, 23.1),
        Bar("Mixed", 9.8, 8.7, 11.0),
        Bar("White", 4.1, 4.0, 4.3, reference=True),
        Bar("Other ethnic group", None),
    ]
    return bar_chart(
        bars,
        id="example-rates",
        title="Stop and search rate per 1,000 people, by ethnic group, Borsetshire (fictional), 2025 to 2026",
        description=(
            "Black people were searched at 21.7 per 1,000, about five times the rate for White people "
            "(4.1). The rate for the Other ethnic group is not published because it rests on fewer "
            "than 10 searches."
        ),
        value_label="Searches per 1,000 people",
        reference_value=5.2,
        reference_label="Rate for everyone",
    )


def example_trend() -> Chart:
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    black = [19.1, 20.4, 22.0, 21.3, None, 23.9, 22.5, 21.0, 20.2, 19.8, 21.4, 22.6]
    white = [4.2, 4.3, 4.0, 4.4, 4.5, 4.1, 3.9, 4.0, 4.2, 4.1, 4.3, 4.4]
    return line_chart(
        [Series("Black", black), Series("White", white)],
        [month(m) for m in months],
        short_x_labels=[month(m)[:3] + " " + m[:4] for m in months],
        id="example-trend",
        title="Rolling 12-month stop and search rate per 1,000 people, Borsetshire (fictional), 2025",
        description=(
            "The rate for Black people stayed between 19 and 24 per 1,000 all year, about five times "
            "the rate for White people, which stayed near 4. May’s figure for Black people is not published."
        ),
        value_label="Searches per 1,000 people",
    )
