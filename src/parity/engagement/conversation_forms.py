"""Forms for conversations: setting registration up, registering, and noting points."""

from __future__ import annotations

from typing import Any

from django import forms

from parity.engagement.forms import PublicFeedbackForm, RegisterInterestForm
from parity.engagement.models import Topic
from parity.web.forms import LONG_TEXT, SHORT_TEXT


class ConversationForm(forms.Form):
    registration_open = forms.BooleanField(
        label="Open for registration on the public page", required=False,
        help_text="The event must also be listed on the public page",
    )  # fmt: skip
    capacity = forms.IntegerField(
        label="Places (optional)",
        required=False,
        min_value=1,
        widget=forms.NumberInput,
        help_text="Leave empty for no limit",
        error_messages={"invalid": "Enter the number of places as a whole number", "min_value": "Enter 1 or more"},
    )
    waiting_list = forms.BooleanField(
        label="When every place is taken, keep a waiting list (otherwise registration shows it is full)",
        required=False,
        initial=True,
    )
    online_link = forms.URLField(
        max_length=500,
        label="Link to join online (optional)",
        required=False,
        assume_scheme="https",
        help_text="Given only to people with a place: in their e-mail and on their own page, never in public",
        error_messages={"invalid": "Enter a web address like https://meet.example.com/abc"},
    )
    facilitator = forms.CharField(max_length=SHORT_TEXT, label="Facilitator", required=False)
    facilitator_from = forms.CharField(
        max_length=200,
        label="Facilitator's organisation (optional)",
        required=False,
        help_text="Someone independent of the force runs the conversation",
    )
    topics = forms.CharField(
        max_length=LONG_TEXT,
        label="Topics",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One topic a line, in the order they come",
    )

    def clean_topics(self) -> list[str]:
        lines = [" ".join(line.split()) for line in str(self.cleaned_data["topics"]).splitlines()]
        topics = [line for line in lines if line]
        if any(len(t) > 200 for t in topics):
            raise forms.ValidationError("Keep each topic to 200 characters or fewer")
        if len({t.lower() for t in topics}) != len(topics):
            raise forms.ValidationError("Write each topic once")
        return topics


class RegisterForm(forms.Form):
    """A place at a conversation; the consent's words name the purpose and how long."""

    # The same questions, asked the same way, as the network's sign-up and the feedback form.
    name = RegisterInterestForm.base_fields["name"]
    email = RegisterInterestForm.base_fields["email"]
    access_needs = forms.CharField(
        max_length=LONG_TEXT,
        label="Anything we should arrange so you can take part? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example captions, an interpreter, or a break",
    )
    ethnicity = PublicFeedbackForm.base_fields["ethnicity"]
    area = PublicFeedbackForm.base_fields["area"]
    consent = forms.BooleanField(
        label="I agree", error_messages={"required": "Tick the box to agree, or we cannot keep your place"}
    )

    def __init__(self, *args: Any, force_name: str, days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = "We send your place, and how to join, to this address"
        self.fields["consent"].label = (
            f"I agree that {force_name} keeps these details to arrange my place and ask what I thought, "
            f"until {days} days after the conversation"
        )


class TopicChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Topic) -> str:
        return obj.title


class PointForm(forms.Form):
    text = forms.CharField(
        max_length=LONG_TEXT,
        label="The point made",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the point that was made"},
        help_text="In plain words. Do not write anyone's name.",
    )
    topic = TopicChoice(label="Topic", queryset=Topic.objects.none(), required=False, empty_label="No topic")

    def __init__(self, *args: Any, topics: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]
