"""Forms for recording conversations, feedback, themes and the answers to them."""

from __future__ import annotations

from typing import Any

from django import forms

from parity.actions.models import Action
from parity.engagement.models import AgeBand, EventKind, Interest, Involvement, SelfEthnicity, Theme
from parity.reference.models import Force
from parity.web.forms import LONG_TEXT, SHORT_TEXT, GovukDateField


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of event was it?",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of event it was"},
    )
    title = forms.CharField(
        max_length=SHORT_TEXT, label="Name", error_messages={"required": "Enter the name of the event"}
    )
    held_on = GovukDateField(
        label="Date held", label_for_errors="Date held", error_messages={"required": "Enter the date it was held"}
    )
    place = forms.CharField(
        max_length=SHORT_TEXT, label="Where (optional)", required=False, help_text="A place, or 'Online'"
    )
    facilitator = forms.CharField(max_length=SHORT_TEXT, label="Facilitated by (optional)", required=False)
    attendees = forms.IntegerField(
        label="How many people took part (optional)",
        required=False,
        min_value=0,
        widget=forms.NumberInput,
        error_messages={"invalid": "Enter the number of people as a whole number", "min_value": "Enter 0 or more"},
        help_text="Published only when there are enough people that no one can be picked out",
    )
    summary = forms.CharField(max_length=LONG_TEXT, label="Summary (optional)", required=False, widget=forms.Textarea)
    published = forms.BooleanField(label="List this event on the public “you said, we did” page", required=False)


class ThemeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name


class FeedbackForm(forms.Form):
    text = forms.CharField(
        max_length=LONG_TEXT,
        label="What was said",
        widget=forms.Textarea,
        error_messages={"required": "Write down what was said"},
        help_text="In plain words. Do not write anyone's name or contact details.",
    )
    theme = ThemeChoice(
        label="Theme (optional)", queryset=Theme.objects.none(), required=False, empty_label="No theme yet"
    )

    def __init__(self, *args: Any, force: Force, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(force=force)  # type: ignore[attr-defined]


class ThemeForm(forms.Form):
    name = forms.CharField(max_length=SHORT_TEXT, label="Theme", error_messages={"required": "Enter the theme"})
    description = forms.CharField(
        max_length=LONG_TEXT, label="Description (optional)", required=False, widget=forms.Textarea
    )


class ActionChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.reference} {obj.title}"


class ResponseForm(forms.Form):
    you_said = forms.CharField(
        max_length=LONG_TEXT,
        label="You said",
        widget=forms.Textarea,
        error_messages={"required": "Sum up what people said"},
        help_text="What people said on this theme, in a sentence or two",
    )
    we_did = forms.CharField(
        max_length=LONG_TEXT,
        label="We did",
        widget=forms.Textarea,
        error_messages={"required": "Say what was done"},
        help_text="What the force did, or decided, as a result",
    )
    actions = ActionChoices(
        label="Actions it led to",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    published = forms.BooleanField(label="Publish this on the public “you said, we did” page", required=False)

    def __init__(self, *args: Any, force: Force, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.filter(force=force)  # type: ignore[attr-defined]


class RegisterInterestForm(forms.Form):
    """The public sign-up to a force's community network; the consent's words name the
    purpose and the retention period, so agreeing means agreeing to exactly that."""

    name = forms.CharField(max_length=200, label="Your name", error_messages={"required": "Enter your name"})
    email = forms.EmailField(
        max_length=254,
        label="E-mail address",
        help_text="We will send a link to confirm it is you",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address like name@example.com",
        },
    )
    area = forms.CharField(
        max_length=200, label="Where you live (optional)", required=False, help_text="A town, village or district"
    )
    involvement = forms.ChoiceField(
        label="How would you like to take part?",
        choices=Involvement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to take part"},
    )
    interests = forms.MultipleChoiceField(
        label="What are you interested in? (optional)",
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age_band = forms.ChoiceField(
        label="Your age (optional)",
        choices=AgeBand.choices,
        initial=AgeBand.NOT_SAID,
        required=False,
        widget=forms.RadioSelect,
        help_text="You need to be 16 or over to join this way",
    )
    ethnicity = forms.ChoiceField(
        label="How would you describe your ethnic group? (optional)",
        choices=[("", "I would rather not say"), *SelfEthnicity.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "Only ever counted with others, to see which communities the network reaches; "
            "small numbers are never published"
        ),
    )
    consent = forms.BooleanField(
        label="I agree",
        error_messages={"required": "Tick the box to agree, or we cannot keep your details"},
    )

    def __init__(self, *args: Any, force: Force, retention: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = (
            f"I agree that {force.name} keeps these details to tell me about, and invite me to, its work "
            f"with communities, for {retention} or until I unsubscribe, whichever comes first. "
            f"If I give my ethnic group, it is only ever counted with others' answers, and numbers "
            f"small enough to pick anyone out are never published"
        )


class NetworkUpdateForm(forms.Form):
    subject = forms.CharField(max_length=200, label="Subject", error_messages={"required": "Enter a subject"})
    body = forms.CharField(
        max_length=LONG_TEXT,
        label="Message",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Write the message"},
        help_text="Plain text. A link to unsubscribe is added to the end of every copy.",
    )
    interests = forms.MultipleChoiceField(
        label="Send to those interested in (optional)",
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to send to every member",
    )
    area = forms.CharField(
        max_length=200, label="Only those in this area (optional)", required=False, help_text="As members wrote it"
    )


class PublicFeedbackForm(forms.Form):
    """What someone thought of a conversation, after it; no name needed."""

    text = forms.CharField(
        max_length=LONG_TEXT,
        label="What would you like to tell us?",
        widget=forms.Textarea,
        error_messages={"required": "Write what you would like to tell us"},
        help_text="You do not need to give your name. Please do not write anyone's name or contact details.",
    )
    ethnicity = forms.ChoiceField(
        label="How would you describe your ethnic group? (optional)",
        choices=[("", "I would rather not say"), *SelfEthnicity.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="Only ever counted with others, to see who the force is hearing from",
    )
    area = forms.CharField(
        max_length=200, label="Where you live (optional)", required=False, help_text="A town, village or district"
    )
