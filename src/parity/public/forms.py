"""The filter forms above the figures: GET forms, so every view of the figures has a URL.

An unknown value is an error shown in the error summary (the page answers 400), never
silently replaced by a default, so a shared link always shows what it says it shows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms

from parity.powers.statistics import AnalysisError, NoRecords
from parity.public.compare import MEASURES, Measure
from parity.public.periods import GRID_HELP, public_period
from parity.public.query import DEFAULT_REFERENCE, ETHNICITY_VIEWS, FOCUS_GROUP, GROUPS, LEGISLATIONS, POWERS, Choice


def _choices(options: Mapping[str, str], everything: str) -> list[tuple[str, str]]:
    return [("", everything), *options.items()]


# The filters both forms offer, asked the same way.
def _power_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Power used",
        required=False,
        choices=_choices(POWERS, "All powers"),
        error_messages={"invalid_choice": "Choose a power from the list"},
    )


def _ethnicity_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Whose description of ethnicity",
        required=False,
        choices=list(ETHNICITY_VIEWS.items()),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose self-defined or officer-defined ethnicity"},
    )


def _reference_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[(g, g) for g in GROUPS],
        error_messages={"invalid_choice": "Choose a group to compare with from the list"},
    )


class _FiguresForm(forms.Form):
    """A GET form over the figures: a field left empty takes its default (DEFAULTS, and the
    default period), and the period is chosen from the periods held."""

    DEFAULTS: Mapping[str, str] = {}

    def __init__(self, data: Mapping[str, Any], periods: list[tuple[str, str]], default_period: str | None) -> None:
        given = {key: data[key] for key in self.base_fields if data.get(key)}
        for key, value in self.DEFAULTS.items():
            given.setdefault(key, value)
        if default_period:
            given.setdefault("period", default_period)
        super().__init__(given)
        self.fields["period"].choices = self._period_choices(periods, given.get("period"))  # type: ignore[attr-defined]

    def _period_choices(self, periods: list[tuple[str, str]], asked: str | None) -> list[tuple[str, str]]:
        return periods


class FilterForm(_FiguresForm):
    """The filters above the stop-and-search figures, sent as GET parameters."""

    period = forms.ChoiceField(
        label="Period",
        required=False,
        help_text="Financial years run from April to March. Calendar years, quarters and months follow them.",
        error_messages={"invalid_choice": "Choose a period from the list"},
    )
    power = _power_field()
    legislation = forms.ChoiceField(
        label="Legislation",
        required=False,
        choices=_choices(LEGISLATIONS, "All legislation"),
        error_messages={"invalid_choice": "Choose legislation from the list"},
    )
    ethnicity = _ethnicity_field()
    reference = _reference_field("Compare each group with")

    DEFAULTS: Mapping[str, str] = {"ethnicity": "self", "reference": DEFAULT_REFERENCE}

    def __init__(
        self,
        data: Mapping[str, Any],
        periods: list[tuple[str, str]],
        default_period: str | None,
        *,
        months: Collection[str],
        force_name: str,
        powers: Collection[str] | None = None,
    ) -> None:
        """`powers`: the powers the force used, the only ones offered (with one asked for in a
        shared link, so the link still shows what it says: no searches under that power)."""
        self._months, self._force_name = months, force_name
        self._period_problem: str | None = None
        super().__init__(data, periods, default_period)
        if powers is not None:
            asked = self.data.get("power")
            offered = {code: label for code, label in POWERS.items() if code in powers or code == asked}
            self.fields["power"].choices = _choices(offered, "All powers")  # type: ignore[attr-defined]

    def _period_choices(self, periods: list[tuple[str, str]], asked: str | None) -> list[tuple[str, str]]:
        options = list(periods)
        if asked and asked not in dict(options):
            try:  # any period on the public grid with a month held, e.g. 2020-Q1
                public_period(asked, self._months, self._force_name)
            except NoRecords as error:
                self._period_problem = f"{str(error)[:1].upper()}{str(error)[1:]}."
            except AnalysisError:
                self._period_problem = f"Choose a period from the list. {GRID_HELP}"
            options.insert(0, (asked, asked))  # refused in clean(), with the reason, if it has one
        return options

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self._period_problem:
            self.add_error("period", self._period_problem)
        return data

    def choice(self) -> Choice:
        """The reader's choice; call after is_valid()."""
        data = self.cleaned_data
        return Choice(
            period=data.get("period") or None,
            power=data.get("power") or None,
            legislation=data.get("legislation") or None,
            ethnicity=data.get("ethnicity") or "self",
            reference=data.get("reference") or DEFAULT_REFERENCE,
        )


class CompareForm(_FiguresForm):
    """Which measure, for which group, in which year, on the compare page."""

    measure = forms.ChoiceField(
        label="Measure",
        required=False,
        choices=[("ratio", "Disproportionality ratio"), ("rate", "Searches per 1,000 residents")],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a measure from the list"},
    )
    group = forms.ChoiceField(
        label="Ethnic group",
        required=False,
        choices=[(g, g) for g in GROUPS],
        error_messages={"invalid_choice": "Choose an ethnic group from the list"},
    )
    reference = _reference_field("Compared with (for the ratio)")
    period = forms.ChoiceField(
        label="Financial year",
        required=False,
        help_text="Only forces with all twelve months held have a figure for a year.",
        error_messages={"invalid_choice": "Choose a financial year from the list"},
    )
    ethnicity = _ethnicity_field()
    power = _power_field()

    DEFAULTS: Mapping[str, str] = {
        "measure": "ratio",
        "group": FOCUS_GROUP,
        "reference": DEFAULT_REFERENCE,
        "ethnicity": "self",
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("measure") == "ratio" and data.get("group") and data.get("group") == data.get("reference"):
            self.add_error("group", "Choose a group other than the one it is compared with")
        return data

    def selection(self) -> tuple[Measure, str, Choice]:
        """(measure, group, choice); call after is_valid()."""
        data = self.cleaned_data
        measure: Measure = "rate" if data.get("measure") == "rate" else "ratio"
        assert measure in MEASURES
        choice = Choice(
            period=data.get("period") or None,
            power=data.get("power") or None,
            ethnicity=data.get("ethnicity") or "self",
            reference=data.get("reference") or DEFAULT_REFERENCE,
        )
        return measure, data.get("group") or FOCUS_GROUP, choice

    def query(self) -> str:
        """The query string reproducing this comparison, defaults left out."""
        data = self.cleaned_data
        params = {k: v for k, v in data.items() if v and v != self.DEFAULTS.get(k)}
        return "?" + urlencode(params, safe="/") if params else ""
