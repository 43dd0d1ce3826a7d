"""Forms for running a panel. Wording is for volunteers: say what to do, not what went wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from parity.powers.models import StopSearch
from parity.presentation.formatting import counted
from parity.reference.models import Force
from parity.scrutiny.models import BwvRequest, ForceResponse, Member, Panel, Review
from parity.scrutiny.questions import QuestionSet
from parity.scrutiny.sampling import rule_text, rules
from parity.scrutiny.services.samples import MAX_SIZE
from parity.web.forms import LONG_TEXT, SHORT_TEXT, GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _lines(text: str) -> list[str]:
    seen: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line and line not in seen:
            seen.append(line)
    return seen


class PanelForm(forms.Form):
    force = forms.ModelChoiceField(
        queryset=Force.objects.none(), label="Force", empty_label=None, error_messages={"required": "Choose the force"}
    )
    name = forms.CharField(label="Name of the panel", max_length=120, error_messages={"required": "Enter the name"})
    kind = forms.ChoiceField(
        label="What does the panel scrutinise?",
        choices=Panel.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the panel scrutinises"},
    )

    def __init__(self, *args: Any, forces: QuerySet[Force], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["force"].queryset = forces  # type: ignore[attr-defined]


def usual_retention() -> str:
    """How long forces keep body-worn video unless a panel sets its own: "31 days"."""
    return counted(int(settings.PARITY_BWV_RETENTION_DAYS), "day")


class PanelSettingsForm(forms.Form):
    verdict_scale = forms.CharField(
        max_length=LONG_TEXT,
        label="Verdicts a member can give",
        help_text="One on each line, in the order members should see them.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least two verdicts"},
    )
    themes = forms.CharField(
        max_length=LONG_TEXT,
        label="Themes the panel tags its decisions with",
        help_text="One on each line.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    bwv_retention_days = forms.IntegerField(
        label="How many days the force keeps body-worn video",
        help_text="Footage that is not kept as evidence is deleted after this. Leave blank for the usual period.",
        min_value=1,
        max_value=3650,
        required=False,
        widget=forms.NumberInput,
        error_messages={"invalid": "Enter a number of days, like 31"},
    )
    answer_within_days = forms.IntegerField(
        label="How many days the force has to answer a finding",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput,
        error_messages={"required": "Enter a number of days, like 28", "invalid": "Enter a number of days, like 28"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bwv_retention_days"].help_text = (
            "Footage that is not kept as evidence is deleted after this. "
            f"Leave blank for the usual period, {usual_retention()}."
        )

    def clean_verdict_scale(self) -> list[str]:
        verdicts = _lines(self.cleaned_data["verdict_scale"])
        if len(verdicts) < 2:
            raise ValidationError("Enter at least two verdicts, one on each line")
        return verdicts

    def clean_themes(self) -> list[str]:
        return _lines(self.cleaned_data.get("themes") or "")


class MemberDatesForm(forms.Form):
    role = forms.ChoiceField(
        label="Role on the panel",
        choices=Member.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role on the panel"},
    )
    joined_on = GovukDateField(label="Joined the panel", label_for_errors="The date they joined", required=False)
    term_ends_on = GovukDateField(
        label="Term ends", label_for_errors="The end of their term", required=False, help_text="Leave blank if open."
    )
    vetted_on = GovukDateField(label="Police vetting granted", label_for_errors="The vetting date", required=False)
    vetting_expires_on = GovukDateField(
        label="Police vetting expires", label_for_errors="The vetting expiry date", required=False
    )
    trained_on = GovukDateField(label="Training completed", label_for_errors="The training date", required=False)

    ROLE_HINTS = {
        "chair": "Runs the panel: meetings, samples, decisions and reports.",
        "member": "Reviews cases and gives verdicts.",
        "observer": "Reads case packs and attends, but does not give verdicts.",
    }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        vetted, expires = data.get("vetted_on"), data.get("vetting_expires_on")
        if vetted and expires and expires < vetted:
            self.add_error("vetting_expires_on", "The vetting expiry date must be after the vetting date")
        joined, ends = data.get("joined_on"), data.get("term_ends_on")
        if joined and ends and ends < joined:
            self.add_error("term_ends_on", "The end of their term must be after the date they joined")
        return data


class MemberAddForm(MemberDatesForm):
    email = forms.EmailField(
        label="E-mail address",
        help_text="We will e-mail them a link to set a password, if they do not have an account yet.",
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address in the right format, like name@example.org",
        },
    )
    full_name = forms.CharField(label="Full name", max_length=150, required=False)
    field_order = ["email", "full_name", "role"]


class DeclarationForm(forms.Form):
    interest = forms.CharField(
        max_length=LONG_TEXT,
        label="Interest declared",
        help_text="For example, a family member who is a police officer.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the interest"},
    )
    declared_on = GovukDateField(label="Date declared", label_for_errors="The date declared", required=False)


class MeetingForm(forms.Form):
    held_on = GovukDateField(label="Date of the meeting", label_for_errors="The date of the meeting")
    place = forms.CharField(label="Where", required=False, max_length=200, help_text="A room, or online.")
    agenda = forms.CharField(
        max_length=LONG_TEXT, label="Agenda", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].error_messages["required"] = "Enter the date of the meeting"


class MeetingWriteUpForm(MeetingForm):
    minutes = forms.CharField(
        max_length=LONG_TEXT,
        label="Minutes",
        required=False,
        help_text="For the panel and the force. Minutes are never published.",
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    public_summary = forms.CharField(
        max_length=LONG_TEXT,
        label="Summary for the public",
        required=False,
        help_text="Published with the meeting's report. Do not include anything that could identify anyone.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, members: list[Member], recorded: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=str(member.user),
                choices=[(s.value, s.label) for s in _attendance_statuses()],
                widget=forms.RadioSelect,
                initial=recorded.get(member.pk),
                required=False,
            )

    def statuses(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.members if self.cleaned_data.get(f"member_{m.pk}")
        }


def _attendance_statuses() -> list[Any]:
    from parity.scrutiny.models import Attendance

    return list(Attendance.Status)


class OfferedChoiceField(forms.ChoiceField):
    """A drop-down of suggestions that accepts any value: the suggestions are worked out for
    the default period, and the rule itself says plainly if a value matches nothing."""

    def valid_value(self, value: Any) -> bool:
        return True


class SampleForm(forms.Form):
    rule = forms.ChoiceField(
        label="How should cases be chosen?", widget=forms.RadioSelect, error_messages={"required": "Choose a rule"}
    )
    period_start = GovukDateField(label="From", label_for_errors="The start of the period")
    period_end = GovukDateField(label="To", label_for_errors="The end of the period")
    size = forms.IntegerField(
        label="How many cases?",
        help_text=f"Between 1 and {MAX_SIZE}. A rule that finds fewer records takes every one.",
        min_value=1,
        max_value=MAX_SIZE,
        initial=10,
        widget=forms.NumberInput,
        error_messages={
            "required": "Enter how many cases to choose",
            "invalid": "Enter a whole number of cases, like 10",
            "min_value": "Choose at least 1 case",
            "max_value": f"Choose at most {MAX_SIZE} cases",
        },
    )
    allocation = forms.ChoiceField(
        label="For a sample spread across groups",
        choices=[
            ("proportional", "Share the cases in proportion to each group's size"),
            ("equal", "Take the same number from each group"),
        ],
        initial="proportional",
        widget=forms.RadioSelect,
        required=False,
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        help_text="Leave blank. To repeat an earlier sample exactly, enter its seed.",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.NumberInput,
        error_messages={"invalid": "Enter the seed as a whole number"},
    )

    def __init__(self, *args: Any, records: QuerySet[StopSearch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules()
        self.fields["rule"].choices = [(r.key, rule_text(r)) for r in self.rules]  # type: ignore[attr-defined]
        self.rule_hints = {r.key: r.description for r in self.rules}
        self.param_fields: list[str] = []
        for rule in self.rules:
            for param in rule.params:
                name = f"param_{rule.key}_{param.name}"
                hint = f"Only for “{rule.label}”. {param.hint}".strip()
                if param.choices is not None:
                    options = [("", "Choose for me"), *param.choices(records)]
                    self.fields[name] = OfferedChoiceField(
                        label=param.label, choices=options, required=False, help_text=hint
                    )
                else:
                    self.fields[name] = forms.CharField(
                        max_length=SHORT_TEXT, label=param.label, required=False, help_text=hint
                    )
                self.param_fields.append(name)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be after its start")
        rule = next((r for r in self.rules if r.key == data.get("rule")), None)
        if rule is not None:
            for param in rule.params:
                if param.required and not data.get(f"param_{rule.key}_{param.name}"):
                    self.add_error(f"param_{rule.key}_{param.name}", f"Enter the {param.label.lower()}")
        return data

    def params(self) -> dict[str, str]:
        key = self.cleaned_data["rule"]
        rule = next(r for r in self.rules if r.key == key)
        return {p.name: str(self.cleaned_data.get(f"param_{key}_{p.name}") or "") for p in rule.params}


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The three whole months before this one: what a quarterly panel usually looks at."""
    first_this_month = today.replace(day=1)
    end = first_this_month - dt.timedelta(days=1)
    month = first_this_month.month - 3
    year = first_this_month.year + (month <= 0) * -1
    start = dt.date(year, (month - 1) % 12 + 1, 1)
    return start, end


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Were the grounds for the search reasonable?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a verdict on the grounds"},
    )
    conduct = forms.ChoiceField(
        label="How did the officer conduct the search?",
        choices=Review.Conduct.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the officer conducted the search"},
    )
    observations = forms.CharField(
        max_length=LONG_TEXT,
        label="Your observations",
        required=False,
        help_text="What you noticed. The panel and the force can read this; it is not published.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    refer = forms.ChoiceField(
        label="Should the panel refer this case to the force?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the panel should refer this case to the force"},
    )

    def __init__(self, *args: Any, panel: Panel, questions: QuestionSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [(v, v) for v in panel.verdict_scale]  # type: ignore[attr-defined]
        self.fields["verdict"].label = questions.verdict
        self.fields["conduct"].label = questions.conduct
        self.fields["verdict"].error_messages["required"] = questions.verdict_required
        self.fields["conduct"].error_messages["required"] = questions.conduct_required
        # The case's own questions, asked between conduct and observations.
        self.question_fields = [q.key for q in questions.questions]
        for question in questions.questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.label,
                choices=Review.Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": question.required},
            )


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        label="The panel's verdict", widget=forms.RadioSelect, error_messages={"required": "Choose the panel's verdict"}
    )
    themes = forms.MultipleChoiceField(
        label="Themes", required=False, widget=forms.CheckboxSelectMultiple, help_text="Choose any that apply."
    )
    refer = forms.ChoiceField(
        label="Refer this case to the force?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the panel refers this case to the force"},
    )
    finding = forms.CharField(
        max_length=LONG_TEXT,
        label="What the panel asks the force (if you refer the case)",
        required=False,
        help_text="This becomes a finding the force must answer, and is published with the report. "
        "Do not name or describe the person or the officer.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(
        max_length=LONG_TEXT,
        label="Notes on the decision",
        required=False,
        help_text="For the panel and the force; not published.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [(v, v) for v in panel.verdict_scale]  # type: ignore[attr-defined]
        self.fields["themes"].choices = [(t, t) for t in panel.themes]  # type: ignore[attr-defined]


class BwvAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="Is the footage available?",
        choices=[
            (BwvRequest.Status.AVAILABLE.value, "Yes, the panel can view it"),
            (BwvRequest.Status.NOT_AVAILABLE.value, "No"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the footage is available"},
    )
    reason = forms.ChoiceField(
        label="If not, why not?",
        choices=[(r.value, r.label) for r in BwvRequest.Reason if r.value],
        widget=forms.RadioSelect,
        required=False,
    )
    detail = forms.CharField(
        max_length=LONG_TEXT,
        label="Anything the panel should know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BwvViewingForm(forms.Form):
    note = forms.CharField(
        max_length=LONG_TEXT,
        label="Note (optional)",
        required=False,
        help_text="For example, which part of the footage you watched.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label="Does the force accept the finding?",
        choices=ForceResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the force accepts the finding"},
    )
    action_taken = forms.CharField(
        max_length=LONG_TEXT,
        label="What the force has done, or will do",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Published with the panel's report.",
        error_messages={"required": "Say what the force has done or will do"},
    )
    officer_learning = forms.CharField(
        max_length=LONG_TEXT,
        label="What the officer or their team has learnt",
        required=False,
        help_text="Published with the panel's report. Do not name the officer.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
