"""The recording forms, the receipt look-up and the feedback survey.

The same forms validate the web form and the API (`parity.recording.api` fills them from
JSON), so a record is held to one set of rules whichever way it arrives. Error messages are
the GOV.UK kind: they say what to do.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from parity.recording import choices, delivery
from parity.recording.models import ACCOUNT_REASON_LIMIT, COMMENTS_LIMIT, GROUNDS_LIMIT
from parity.web.forms import SHORT_TEXT, GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]
_TIME = re.compile(r"^\s*(\d{1,2})[:.]?(\d{2})\s*$")


def _yes_no(label: str, message: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": "Choose Yes or No"},
        **kwargs,
    )


def _radios(label: str, options: list[tuple[str, str]], message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=options,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": "Choose one of the answers given"},
        **kwargs,
    )


class PersonForm(forms.Form):
    """One person stopped: how they describe their ethnicity, how the officer saw it, age, gender."""

    self_defined = forms.ChoiceField(
        label="Ethnic group, in their own words",
        help_text="Ask them. Choose ‘Prefer not to say’ if they do not want to answer.",
        choices=[("", "Choose their answer"), *choices.SELF_DEFINED],
        error_messages={
            "required": "Choose the ethnic group they gave, or ‘Prefer not to say’",
            "invalid_choice": "Choose an ethnic group from the list",
        },
    )
    officer_defined = _radios(
        "Ethnic group, as you see it", choices.OFFICER_DEFINED, "Choose the ethnic group as you see it"
    )
    age_band = _radios("Age", choices.AGE_BANDS, "Choose their age band")
    gender = _radios("Gender", choices.GENDERS, "Choose their gender")


class StopForm(forms.Form):
    """What every kind of stop records: when, where, the station, video, and the receipt."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    day = GovukDateField(label="Date", label_for_errors="Date of the stop")
    clock = forms.CharField(
        max_length=SHORT_TEXT,
        label="Time",
        help_text="24-hour clock, for example 14:30 or 1430",
        error_messages={"required": "Enter the time of the stop"},
    )
    location = forms.CharField(
        label="Where: street or place",
        max_length=200,
        error_messages={"required": "Enter the street or place", "max_length": "Keep the place to 200 characters"},
    )
    neighbourhood = forms.CharField(
        label="Neighbourhood or area",
        help_text="Panels see this, not the street",
        required=False,
        max_length=120,
        error_messages={"max_length": "Keep the neighbourhood to 120 characters"},
    )
    station = forms.CharField(
        label="Your station",
        max_length=120,
        error_messages={"required": "Enter your station", "max_length": "Keep the station to 120 characters"},
    )
    officer_identifier = forms.CharField(
        label="Your warrant or collar number",
        help_text="The person stopped sees it on their receipt, as the law requires. Panels never see it.",
        max_length=20,
        error_messages={
            "required": "Enter your warrant or collar number",
            "max_length": "Keep your warrant or collar number to 20 characters",
        },
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    bwv_recorded = _yes_no("Was your body-worn video on?", "Say whether your body-worn video was on")
    contact = forms.CharField(
        label="Mobile number or e-mail address for their receipt (optional)",
        help_text="Only if they want it sent. It is deleted as soon as the receipt is sent.",
        required=False,
        max_length=254,
        error_messages={"max_length": "Enter a mobile number or e-mail address"},
    )

    def clean_clock(self) -> time:
        match = _TIME.match(self.cleaned_data["clock"])
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise forms.ValidationError("Enter the time on the 24-hour clock, for example 14:30")
        return time(int(match.group(1)), int(match.group(2)))

    def clean_officer_identifier(self) -> str:
        return " ".join(self.cleaned_data["officer_identifier"].split()).upper()

    def clean_contact(self) -> tuple[str, str] | None:
        text = self.cleaned_data["contact"].strip()
        if not text:
            return None
        parsed = delivery.parse_contact(text)
        if parsed is None:
            raise forms.ValidationError(
                "Enter a mobile number like 07700 900123, or an e-mail address like name@example.com"
            )
        return parsed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, clock = data.get("day"), data.get("clock")
        if isinstance(day, date) and isinstance(clock, time):
            when = timezone.make_aware(datetime.combine(day, clock))
            if when > timezone.now() + timedelta(minutes=5):
                self.add_error("day", "The date and time of the stop must be in the past")
            elif when < timezone.now() - timedelta(days=31):
                self.add_error("day", "Record stops within a month; this date is more than a month ago")
            data["occurred_at"] = when
        return data


class SearchForm(StopForm):
    """Stop and search: the PACE Code A record."""

    kind = "search"
    search_type = _radios("What did you search?", choices.SEARCH_TYPES, "Choose what you searched")
    legislation = forms.ChoiceField(
        label="Power used",
        choices=[("", "Choose the power"), *choices.LEGISLATION],
        error_messages={"required": "Choose the power you used", "invalid_choice": "Choose a power from the list"},
    )
    object_of_search = forms.ChoiceField(
        label="What were you looking for?",
        choices=[("", "Choose the object"), *choices.OBJECTS],
        error_messages={
            "required": "Choose what you were looking for",
            "invalid_choice": "Choose what you were looking for from the list",
        },
    )
    grounds = forms.CharField(
        label="Grounds for the search",
        help_text="What made you suspect it. The person will read this on their receipt.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=GROUNDS_LIMIT,
        error_messages={
            "required": "Enter your grounds for the search",
            "max_length": f"Keep the grounds to {GROUNDS_LIMIT:,} characters",
        },
    )
    outcome = _radios("Outcome", choices.SEARCH_OUTCOMES, "Choose the outcome")
    outcome_linked = _yes_no(
        "Was the outcome linked to what you were looking for?",
        "Say whether the outcome was linked to what you were looking for",
        required=False,
        help_text="Leave blank for no further action",
    )
    removal_more_than_outer = _yes_no(
        "Was more than outer clothing removed?", "Say whether more than outer clothing was removed"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") and data.get("outcome") != "nfa" and data.get("outcome_linked") in (None, ""):
            self.add_error("outcome_linked", "Say whether the outcome was linked to what you were looking for")
        if data.get("outcome") == "nfa":
            data["outcome_linked"] = None
        elif data.get("outcome_linked") == "":
            data["outcome_linked"] = None
        return data


class AccountForm(StopForm):
    """Stop and account: what they were asked to account for, and what followed."""

    kind = "account"
    account_reason = forms.CharField(
        label="What did you ask them to account for?",
        help_text="Their actions, behaviour, presence or what they had with them",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=ACCOUNT_REASON_LIMIT,
        error_messages={
            "required": "Enter what you asked them to account for",
            "max_length": f"Keep it to {ACCOUNT_REASON_LIMIT:,} characters",
        },
    )
    outcome = _radios("Outcome", choices.AccountOutcome.choices, "Choose the outcome")


class VehicleForm(StopForm):
    """Section 163 Road Traffic Act stop: why, and what followed; the people are PersonForms."""

    kind = "vehicle"
    vehicle_reason = _radios(
        "Why did you stop the vehicle?", choices.VehicleReason.choices, "Choose why you stopped the vehicle"
    )
    outcome = _radios("Outcome", choices.VehicleOutcome.choices, "Choose the outcome")


FORMS: dict[str, type[StopForm]] = {"search": SearchForm, "account": AccountForm, "vehicle": VehicleForm}


class ReferenceForm(forms.Form):
    """The public look-up: type the reference printed on the receipt."""

    reference = forms.CharField(
        label="Receipt reference",
        help_text="15 letters and numbers, for example 7KQ2M-D9XWA-4TRB8",
        max_length=64,
        error_messages={
            "required": "Enter the reference on your receipt",
            "max_length": "Enter the 15-character reference",
        },
    )


class FeedbackForm(forms.Form):
    """The short survey on the public receipt page. Every question may be left unanswered."""

    respect = _radios("Did the officer treat you with respect?", choices.Answer.choices, "", required=False)
    told_why = _radios("Did the officer tell you why you were stopped?", choices.Answer.choices, "", required=False)
    satisfaction = _radios(
        "How satisfied are you with how you were treated?", choices.Satisfaction.choices, "", required=False
    )
    comments = forms.CharField(
        label="Anything else you want to tell us (optional)",
        help_text="Do not include your name or contact details.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=COMMENTS_LIMIT,
        error_messages={"max_length": f"Your comments must be {COMMENTS_LIMIT:,} characters or fewer"},
    )
    self_defined = forms.ChoiceField(
        label="Your ethnic group (optional)",
        help_text="This helps us see whether people of every background are treated the same.",
        choices=[("", "Choose if you want to"), *choices.SELF_DEFINED],
        required=False,
        error_messages={"invalid_choice": "Choose an ethnic group from the list, or leave it blank"},
    )

    code = forms.CharField(
        label="Survey code",
        help_text="The 10 letters and numbers under the reference on your receipt, or in the message sent to you.",
        required=False,
        max_length=20,
    )

    def __init__(self, *args: Any, needs_code: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_code:  # a receipt from before survey codes
            del self.fields["code"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("respect", "told_why", "satisfaction", "comments")):
            raise forms.ValidationError("Answer at least one question, or write a comment")
        return data


class ModerationForm(forms.Form):
    """A moderator's check of one receipt comment: words to take out, then approve or reject."""

    ACTIONS = ("remove", "approve", "reject")

    remove = forms.CharField(
        label="Words or phrases to remove (optional)",
        help_text=(
            "One a line: names, nicknames, places or anything else that could identify someone. "
            "Each is replaced by [removed] wherever it appears."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=COMMENTS_LIMIT,
        error_messages={"max_length": f"Keep the words to remove to {COMMENTS_LIMIT:,} characters"},
    )
