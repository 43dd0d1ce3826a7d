from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from parity.web.forms import SHORT_TEXT, GovukDateField
from parity.workforce.hr_statistics import MINORITY
from parity.workforce.models import WorkforceTarget

GROUP_CHOICES = [
    (MINORITY, "Every minority ethnic group (all who stated a group other than White)"),
    ("asian", "Asian"),
    ("black", "Black"),
    ("mixed", "Mixed"),
    ("other", "Other"),
]
WORKER_CHOICES = [
    ("officer", "Police officers"),
    ("staff", "Police staff"),
    ("pcso", "PCSOs"),
    ("special", "Special constables"),
]


class TargetForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="The target, in the force's words",
        help_text="For example: 12% of officers from minority ethnic groups by 2030",
        error_messages={"required": "Enter the target"},
    )  # fmt: skip
    kind = forms.ChoiceField(
        label="What kind of target is it?", choices=WorkforceTarget.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of target"},
    )  # fmt: skip
    group = forms.ChoiceField(label="Which group is it for?", choices=GROUP_CHOICES)
    worker_type = forms.ChoiceField(label="Which part of the workforce?", choices=WORKER_CHOICES)
    value = forms.CharField(
        max_length=SHORT_TEXT, label="The figure",
        help_text="A share such as 12%, or a number of people more than at the start such as 1,000",
        error_messages={"required": "Enter the figure"},
    )  # fmt: skip
    start = GovukDateField(label="Counted from", error_messages={"required": "Enter the date the target counts from"})
    deadline = GovukDateField(label="Deadline", error_messages={"required": "Enter the deadline"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = str(data.get("value", "")).strip().replace(",", "")
        try:
            number = Decimal(text.rstrip("%"))
        except InvalidOperation:
            self.add_error("value", "Enter the figure as a number, such as 12% or 1,000")
            return data
        if number <= 0 or (data.get("kind") == "share" and number >= 100):
            self.add_error("value", "Enter a share above 0% and below 100%, or a number of people above 0")
        if data.get("start") and data.get("deadline") and data["deadline"] <= data["start"]:
            self.add_error("deadline", "The deadline must be after the date the target counts from")
        return data
