"""Forms for advisory groups: the group, applying, vetting, members, meetings and actions."""

from __future__ import annotations

from typing import Any

from django import forms

from parity.engagement import groups
from parity.engagement.models import AdvisoryGroup, GroupKind, GroupMembership, GroupRole
from parity.web.forms import LONG_TEXT, SHORT_TEXT, GovukDateField

_AGE = {"invalid": "Enter the age as a whole number", "min_value": "Enter an age of 10 or more"}


class GroupForm(forms.Form):
    name = forms.CharField(max_length=SHORT_TEXT, label="Name", error_messages={"required": "Enter the group's name"})
    kind = forms.ChoiceField(
        label="What kind of group is it?",
        choices=GroupKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of group it is"},
    )
    purpose = forms.CharField(
        max_length=LONG_TEXT,
        label="What the group is for",
        widget=forms.Textarea,
        help_text="Shown on the public page about joining a group",
        error_messages={"required": "Say what the group is for"},
    )
    min_age = forms.IntegerField(
        label="Youngest age (young people's groups only)", required=False, min_value=10, error_messages=_AGE
    )
    max_age = forms.IntegerField(
        label="Oldest age (young people's groups only)", required=False, min_value=10, error_messages=_AGE
    )
    term_months = forms.IntegerField(
        label="Length of a member's term, in months",
        initial=24,
        min_value=1,
        max_value=120,
        error_messages={"required": "Enter the length of a term", "invalid": "Enter a whole number of months"},
    )
    open_to_applications = forms.BooleanField(label="Taking applications now", required=False, initial=True)


class ApplyForm(forms.Form):
    """The public application. Age and a parent's or guardian's details are asked by groups
    for young people only (the template leaves them out for the others)."""

    email = forms.EmailField(
        max_length=254,
        label="The e-mail address you joined the network with",
        help_text="We will send a link to it to confirm your application",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address like name@example.com",
        },
    )
    why = forms.CharField(
        max_length=LONG_TEXT,
        label="Why would you like to join?",
        widget=forms.Textarea,
        help_text="A few lines are enough: what you would bring, what you would like to change",
        error_messages={"required": "Say why you would like to join"},
    )
    age = forms.IntegerField(label="Your age", required=False, min_value=10, max_value=120, error_messages=_AGE)
    guardian_name = forms.CharField(
        max_length=200, label="Your parent's or guardian's name (if you are under 16)", required=False
    )
    guardian_contact = forms.CharField(
        max_length=254,
        label="How we can contact them (if you are under 16)",
        required=False,
        help_text="A telephone number or e-mail address: we ask them to agree before you join",
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("accept", "Accept: they join the group"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose to accept or decline"},
    )
    reason = forms.CharField(
        max_length=LONG_TEXT,
        label="Reason (needed to decline; the applicant is told)",
        required=False,
        widget=forms.Textarea,
    )


class ConsentForm(forms.Form):
    consent_on = GovukDateField(
        label="Date the parent or guardian agreed",
        label_for_errors="Date the parent or guardian agreed",
        error_messages={"required": "Enter the date they agreed"},
    )
    how = forms.CharField(
        max_length=SHORT_TEXT,
        label="How they agreed",
        help_text="For example: signed consent form received by post",
        error_messages={"required": "Say how they agreed"},
    )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Role in the group", choices=GroupRole.choices, widget=forms.RadioSelect)
    starts_on = GovukDateField(label="Term starts", label_for_errors="Term starts")
    ends_on = GovukDateField(label="Term ends", label_for_errors="Term ends")


class DeclarationForm(forms.Form):
    text = forms.CharField(
        max_length=LONG_TEXT,
        label="What they declare",
        widget=forms.Textarea,
        help_text="A job, a relative in the force, a case they are involved in",
        error_messages={"required": "Enter what they declare"},
    )


class MeetingForm(forms.Form):
    held_on = GovukDateField(
        label="Date", label_for_errors="Date", error_messages={"required": "Enter the date of the meeting"}
    )
    place = forms.CharField(
        max_length=SHORT_TEXT, label="Where (optional)", required=False, help_text="A place, or 'Online'"
    )
    agenda = forms.CharField(
        max_length=LONG_TEXT,
        label="Agenda",
        widget=forms.Textarea,
        help_text="One item a line",
        error_messages={"required": "Enter the agenda"},
    )


class MemberChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.member.name} ({obj.get_role_display().lower()})"


class RecordMeetingForm(forms.Form):
    present = MemberChoices(
        label="Who came",
        queryset=GroupMembership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agenda = forms.CharField(max_length=LONG_TEXT, label="Agenda", widget=forms.Textarea)
    minutes = forms.CharField(max_length=LONG_TEXT, label="Minutes", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, group: AdvisoryGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["present"]
        field.queryset = groups.current(group.memberships.select_related("member"))


class ActionForm(forms.Form):
    text = forms.CharField(
        max_length=LONG_TEXT,
        label="What will be done",
        widget=forms.Textarea,
        error_messages={"required": "Say what will be done"},
    )
    owner = forms.CharField(
        max_length=200,
        label="Who will do it",
        help_text="A role rather than a name, such as 'The chair' or 'The engagement officer'",
        error_messages={"required": "Say who will do it"},
    )
    due_on = GovukDateField(label="Due by (optional)", label_for_errors="Due by", required=False)
