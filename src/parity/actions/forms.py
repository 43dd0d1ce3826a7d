"""Forms for the action plan pages, with GOV.UK error messages written for the people who
fill them in: board members, their secretary and action owners."""

from __future__ import annotations

from typing import Any

from django import forms

from parity.accounts.models import User
from parity.actions.findings import describe as describe_finding
from parity.actions.findings import findings_in
from parity.actions.measures import GROUPS, MINORITY
from parity.actions.models import RATIO_KINDS, REPORTED, DecisionKind, MeasureKind, Pillar, PlanTheme, SourceKind
from parity.actions.register import owners_in
from parity.reference.models import Force
from parity.scrutiny.models import Finding
from parity.web.forms import LONG_TEXT, SHORT_TEXT, GovukDateField

# The columns these are stored in (actions.models).
REFERENCE_LENGTH = 40
URL_LENGTH = 500


def _text(label: str, required_message: str, **kwargs: Any) -> forms.CharField:
    long = isinstance(kwargs.get("widget"), forms.Textarea) or kwargs.get("widget") is forms.Textarea
    kwargs.setdefault("max_length", LONG_TEXT if long else SHORT_TEXT)
    return forms.CharField(label=label, error_messages={"required": required_message}, **kwargs)


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Where do the recommendations come from?",
        choices=SourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the recommendations come from"},
    )
    title = _text("Title", "Enter the title of the report or findings")
    reference = _text(
        "Short reference",
        "Enter a short reference",
        max_length=REFERENCE_LENGTH,
        help_text="Used in the register and the CSV file, like BME-2020 or PRAP",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    published_on = GovukDateField(
        label="Date published", required=False, help_text="For example, 27 3 2021", label_for_errors="Date published"
    )
    url = forms.URLField(
        max_length=URL_LENGTH,
        label="Link to it (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link in the correct format, like https://www.example.org/report.pdf"},
    )
    description = forms.CharField(
        max_length=LONG_TEXT, label="Description (optional)", required=False, widget=forms.Textarea
    )


class FindingField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Finding) -> str:
        summary = obj.summary if len(obj.summary) <= 90 else obj.summary[:89] + "…"
        return f"{describe_finding(obj)}: {summary}"


class RecommendationForm(forms.Form):
    reference = _text(
        "Reference",
        "Enter the recommendation's reference",
        max_length=REFERENCE_LENGTH,
        help_text="As the source numbers it, like R4 or 3.2",
    )
    text = _text("Recommendation", "Enter the recommendation", widget=forms.Textarea)
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *PlanTheme.choices],
        error_messages={"required": "Choose the theme"},
    )
    pillar = forms.ChoiceField(
        label="Police Race Action Plan workstream (optional)",
        choices=[("", "None"), *Pillar.choices],
        required=False,
    )
    finding = FindingField(
        label="Scrutiny panel finding it answers (optional)",
        queryset=Finding.objects.none(),
        required=False,
        empty_label="None",
        help_text="Linked in “you said, we did”, so the panel sees what its finding led to",
    )

    def __init__(self, *args: Any, force: Force, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings_in(force)  # type: ignore[attr-defined]


class OwnerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class ActionForm(forms.Form):
    title = _text("What will be done", "Enter what will be done")
    description = forms.CharField(
        max_length=LONG_TEXT, label="More detail (optional)", required=False, widget=forms.Textarea
    )
    owner = OwnerField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        empty_label="No owner yet",
        help_text="Only people with the action-owner role in this force are listed",
    )
    due_on = GovukDateField(label="Due date", required=False, label_for_errors="Due date")
    published = forms.BooleanField(
        label="Publish this action on the public progress page",
        required=False,
    )

    def __init__(self, *args: Any, force: Force, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners_in(force)  # type: ignore[attr-defined]


class NewActionForm(ActionForm):
    reference = forms.CharField(
        max_length=REFERENCE_LENGTH,
        label="Reference (optional)",
        required=False,
        help_text="Leave blank to number it after the recommendation, like R4.1",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    field_order = ["reference", "title", "description", "owner", "due_on", "published"]


class UpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="How is it going?",
        choices=[(s.value, s.label) for s in REPORTED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the action is going"},
    )
    note = _text("What has happened since the last update?", "Write what has happened since the last update",
                 widget=forms.Textarea)  # fmt: skip
    public = forms.BooleanField(label="Show this note on the public page while the action is published", required=False)


class LinkForm(forms.Form):
    title = _text("What is it?", "Say what the link shows")
    url = forms.URLField(
        max_length=URL_LENGTH,
        label="Link",
        assume_scheme="https",
        error_messages={
            "required": "Enter the link",
            "invalid": "Enter a link in the correct format, like https://www.example.org/minutes.pdf",
        },
    )
    public = forms.BooleanField(label="Show it on the public page while the action is published", required=False)


class FileForm(forms.Form):
    title = forms.CharField(max_length=SHORT_TEXT, label="What is it? (optional)", required=False)
    file = forms.FileField(label="Upload a file", error_messages={"required": "Select a file"})
    public = forms.BooleanField(label="Show it on the public page while the action is published", required=False)


class MilestoneForm(forms.Form):
    title = _text("Milestone", "Enter the milestone")
    due_on = GovukDateField(
        label="Date", label_for_errors="Milestone date", error_messages={"required": "Enter the date"}
    )


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which figure should this action move?",
        choices=MeasureKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the figure"},
    )
    group = forms.ChoiceField(
        label="Ethnic group",
        choices=[("", "Choose a group"), *[(g, g) for g in GROUPS], (MINORITY, "Every minority ethnic group")],
        error_messages={"required": "Choose the ethnic group"},
        help_text="The ratio compares the group with White people, so choose another group for it",
    )
    note = forms.CharField(max_length=SHORT_TEXT, label="Why this figure (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in RATIO_KINDS and data.get("group") == "White":
            self.add_error("group", "The ratio compares a group with White people: choose another group")
        if data.get("kind") == MeasureKind.WORKFORCE_TARGET and data.get("group") == "White":
            self.add_error("group", "Workforce targets are for minority ethnic groups: choose another group")
        if data.get("kind") != MeasureKind.WORKFORCE_TARGET and data.get("group") == MINORITY:
            self.add_error("group", "Only workforce targets are for every minority ethnic group: choose one group")
        return data


class SignOffForm(forms.Form):
    note = _text(
        "What was done, and where is the evidence?",
        "Say what was done and where the evidence is",
        widget=forms.Textarea,
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="The board's decision",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the board's decision"},
    )
    note = forms.CharField(
        max_length=LONG_TEXT,
        label="Note",
        required=False,
        widget=forms.Textarea,
        help_text="Needed when returning it (what is still needed) or closing it (why)",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload the register as a CSV file",
        error_messages={"required": "Select a CSV file"},
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which report?",
        choices=[
            ("steering-group", "Monthly steering-group pack"),
            ("public", "Quarterly public progress report"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which report to make"},
    )
    period = _text(
        "For which month or quarter?",
        "Enter the month or quarter",
        max_length=20,
        help_text="A month for the pack, like 2026-09; a quarter for the public report, like 2026/27-Q2 or 2026-Q3",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )


class SnapshotForm(forms.Form):
    month = forms.RegexField(
        max_length=SHORT_TEXT,  # the pattern says the rest
        label="Month",
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        help_text="Like 2026-09",
        error_messages={"required": "Enter the month", "invalid": "Enter the month like 2026-09"},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
