"""Forms for drawing complaints and reviewing them. Wording is for volunteers."""

from __future__ import annotations

from django import forms

from parity.scrutiny.forms import YES_NO
from parity.victims.models import AdvisorReview
from parity.web.forms import LONG_TEXT, GovukDateField


class DrawForm(forms.Form):
    period_start = GovukDateField(label="Complaints finalised from")
    period_end = GovukDateField(label="Complaints finalised up to")
    share_percent = forms.IntegerField(
        label="Share of the other closed complaints to draw at random (percent)",
        min_value=0,
        max_value=100,
        initial=10,
        help_text="Every complaint with an allegation of discriminatory behaviour that was not upheld is drawn.",
        error_messages={"required": "Enter a percentage from 0 to 100"},
    )
    seed = forms.IntegerField(
        label="Number of an earlier draw to repeat",
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text="Leave blank for a new draw.",
    )


class AdvisorReviewForm(forms.Form):
    account_engaged = forms.ChoiceField(
        label="Did the force engage with the complainant’s account?",
        choices=AdvisorReview.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the force engaged with the complainant’s account"},
    )
    discrimination_considered = forms.ChoiceField(
        label="Was discrimination properly considered?",
        choices=AdvisorReview.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether discrimination was properly considered"},
    )
    reply_respectful_clear = forms.ChoiceField(
        label="Was the reply respectful and clear?",
        choices=AdvisorReview.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the reply was respectful and clear"},
    )
    learning = forms.CharField(
        max_length=LONG_TEXT,
        label="What should the force learn?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what the force should learn from this complaint"},
    )
    refer = forms.ChoiceField(
        label="Should professional standards answer a finding on this complaint?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether professional standards should answer a finding"},
    )
    finding = forms.CharField(
        max_length=LONG_TEXT,
        label="What do you ask professional standards to answer?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
