"""Forms for theme suggestions and the leaders' review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from parity.actions.models import PlanTheme
from parity.analysis.text_groups import MAX_GROUPS
from parity.engagement.models import Decision, Event, Feedback, ThemeSuggestion
from parity.web.forms import LONG_TEXT, SHORT_TEXT, GovukDateField


class EventChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.title} ({obj.held_on:%d %b %Y})"


class SuggestForm(forms.Form):
    event = EventChoice(
        label="Which comments (optional)",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Every comment with no theme yet",
    )
    groups = forms.IntegerField(
        label="How many themes to look for (optional)",
        required=False,
        min_value=2,
        max_value=MAX_GROUPS,
        widget=forms.NumberInput,
        help_text="Leave empty and Parity chooses from the number of comments",
        error_messages={
            "invalid": "Enter the number of themes as a whole number",
            "min_value": "Enter 2 or more",
            "max_value": f"Enter {MAX_GROUPS} or fewer",
        },
    )

    def __init__(self, *args: Any, events: QuerySet[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]


class CommentChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Feedback) -> str:
        return obj.text


class AcceptForm(forms.Form):
    name = forms.CharField(
        max_length=SHORT_TEXT,
        label="Name of the theme",
        help_text="Change the suggested name to say what people talked about",
        error_messages={"required": "Enter a name for the theme"},
    )
    description = forms.CharField(
        max_length=LONG_TEXT, label="Description (optional)", required=False, widget=forms.Textarea
    )
    feedback = CommentChoices(
        label="Comments that belong to this theme",
        queryset=Feedback.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick any that are about something else: they keep no theme",
        error_messages={"required": "Choose at least one comment"},
    )

    def __init__(self, *args: Any, suggestion: ThemeSuggestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = suggestion.feedback.filter(theme__isnull=True).order_by("pk")
        self.fields["feedback"].queryset = held  # type: ignore[attr-defined]
        self.fields["feedback"].initial = list(held)  # every comment ticked to start with


class SuggestionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: ThemeSuggestion) -> str:
        return obj.name


class MergeForm(forms.Form):
    into = SuggestionChoice(
        label="Merge into",
        queryset=ThemeSuggestion.objects.none(),
        error_messages={"required": "Choose the suggestion to merge into"},
    )

    def __init__(self, *args: Any, others: QuerySet[ThemeSuggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = others  # type: ignore[attr-defined]


class ReviewSessionForm(forms.Form):
    title = forms.CharField(
        max_length=SHORT_TEXT, label="Name of the review", error_messages={"required": "Enter a name for the review"}
    )
    held_on = GovukDateField(
        label="Date of the review", label_for_errors="Date of the review", error_messages={"required": "Enter the date"}
    )
    event = EventChoice(
        label="The conversation or meeting to review",
        queryset=Event.objects.none(),
        required=False,
        empty_label="A period instead (give its first and last day)",
    )
    period_start = GovukDateField(label="First day of the period (optional)", required=False)
    period_end = GovukDateField(label="Last day of the period (optional)", required=False)

    def __init__(self, *args: Any, events: QuerySet[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What will the force do?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose do differently, do more or no change"},
    )
    why = forms.CharField(
        max_length=LONG_TEXT,
        label="Why",
        widget=forms.Textarea,
        error_messages={"required": "Say why the leaders decided this"},
    )
    you_said = forms.CharField(
        max_length=LONG_TEXT,
        label="You said",
        widget=forms.Textarea,
        help_text="What people said, in a sentence or two, as the public will read it",
        error_messages={"required": "Write what people said"},
    )
    we_did = forms.CharField(
        max_length=LONG_TEXT,
        label="We did",
        widget=forms.Textarea,
        help_text="What the force will do, or why nothing changes, as the public will read it",
        error_messages={"required": "Write what the force will do"},
    )
    action_title = forms.CharField(
        max_length=SHORT_TEXT,
        label="Action for the action plan (optional)",
        required=False,
        help_text="Only for do differently or do more: a short title, such as “Call back every victim”",
    )
    plan_theme = forms.ChoiceField(
        label="Part of the plan it belongs to", choices=PlanTheme.choices, initial=PlanTheme.ENGAGEMENT
    )
