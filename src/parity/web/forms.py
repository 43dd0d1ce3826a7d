"""The bridge from Django forms to GOV.UK Frontend components.

`govuk_field(bound_field, **options)` picks the component for the field's widget and builds
the parameters the govuk-frontend-jinja macro expects, with the label, hint and error
message wired to the same ids the error summary links to (`error_list(form)`). The macro
`field()` in `web/forms.html` renders it; templates rarely call these functions directly.

Dates are asked for as three boxes, the GOV.UK pattern, with `GovukDateField`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Every text field has a length limit, checked on the server (the browser's maxlength is
# dropped, below): a line of text, and a box of it. A field stored in a shorter column says so.
SHORT_TEXT = 200
LONG_TEXT = 10_000

# Widget attributes the GOV.UK components take as named parameters.
_NAMED_ATTRIBUTES = ("autocomplete", "inputmode", "spellcheck", "autocapitalize", "pattern", "rows")
# Attributes GOV.UK asks services not to use: validation happens on the server, and
# maxlength cuts text off without telling the person (use a character count instead).
_DROPPED_ATTRIBUTES = {"required", "maxlength", "minlength", "class", "id", "min", "max", "step", "cols"}
_INPUT_TYPES = {
    forms.EmailInput: "email",
    forms.URLInput: "url",
    forms.NumberInput: "text",  # GOV.UK: type=text with inputmode=numeric, see below
    forms.TextInput: "text",
}


@dataclass(frozen=True)
class FieldRender:
    """Which GOV.UK macro to call (`input`, `radios`, ...) and its parameters."""

    component: str
    params: dict[str, Any]


class DateWidget(forms.Widget):
    """Three text boxes named `<name>-day`, `<name>-month`, `<name>-year` (GOV.UK date input)."""

    parts = ("day", "month", "year")

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return tuple(str(data.get(f"{name}-{part}", "")).strip() for part in self.parts)

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.parts)


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages for each mistake."""

    widget = DateWidget

    def __init__(self, *, label_for_errors: str = "Date", **kwargs: Any) -> None:
        self.label_for_errors = label_for_errors
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date) or value in (None, ""):
            return value or None
        day, month, year = value
        name = self.label_for_errors
        if not (day or month or year):
            return None
        missing = [part for part, text in zip(DateWidget.parts, (day, month, year), strict=True) if not text]
        if missing:
            raise ValidationError(f"{name} must include a {' and a '.join(missing)}", code="incomplete")
        if len(year) != 4 or not year.isdigit():
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{name} must be a real date", code="invalid") from None

    def prepare_value(self, value: Any) -> tuple[str, str, str]:
        if isinstance(value, dt.date):
            return (str(value.day), str(value.month), str(value.year))
        if isinstance(value, tuple | list) and len(value) == 3:
            return (str(value[0]), str(value[1]), str(value[2]))
        return ("", "", "")


def _input_type(widget: forms.Widget) -> str | None:
    return next((kind for cls, kind in _INPUT_TYPES.items() if isinstance(widget, cls)), None)


def _component(widget: forms.Widget) -> str:
    if isinstance(widget, DateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect: test it first
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.FileInput):
        return "file"
    if _input_type(widget):
        return "input"
    raise TypeError(
        f"{type(widget).__name__} has no GOV.UK component in parity.web.forms; "
        "use one of TextInput, EmailInput, URLInput, NumberInput, PasswordInput, Textarea, Select, "
        "RadioSelect, CheckboxInput, CheckboxSelectMultiple, FileInput or GovukDateField"
    )


def field_id(bound: forms.BoundField) -> str:
    """The id of the element the label and the error summary point at."""
    base = bound.auto_id or bound.html_name
    component = _component(bound.field.widget)
    if component == "date":
        return f"{base}-day"
    return base


def _choices(bound: forms.BoundField) -> list[tuple[str, str]]:
    flat: list[tuple[str, str]] = []
    for value, label in bound.field.choices:  # type: ignore[attr-defined]
        if isinstance(label, list | tuple):  # an option group: GOV.UK selects do not nest
            flat += [(str(v), str(text)) for v, text in label]
        else:
            flat.append(("" if value is None else str(value), str(label)))
    return flat


def _selected(bound: forms.BoundField) -> set[str]:
    value = bound.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


def _legend(text: str, heading: bool, classes: str | None) -> dict[str, Any]:
    return {
        "legend": {
            "text": text,
            "isPageHeading": heading,
            "classes": classes or ("govuk-fieldset__legend--l" if heading else ""),
        }
    }


def _attributes(widget: forms.Widget, params: dict[str, Any]) -> None:
    extra = {}
    for key, value in widget.attrs.items():
        if key in _NAMED_ATTRIBUTES:
            params[key] = {"true": True, "false": False}.get(value, value) if key == "spellcheck" else value
        elif key not in _DROPPED_ATTRIBUTES:
            extra[key] = value
    if isinstance(widget, forms.NumberInput):
        params.setdefault("inputmode", "numeric")
        params.setdefault("spellcheck", False)
    if extra:
        params["attributes"] = extra


@dataclass(frozen=True)
class _Field:
    """What every component builder needs to know about the field being rendered."""

    bound: forms.BoundField
    ident: str
    text: str
    heading: bool
    label_classes: str | None
    item_hints: Mapping[str, str]


def _labelled(f: _Field, out: dict[str, Any]) -> None:
    out["id"] = f.ident
    out["label"] = {
        "text": f.text,
        "isPageHeading": f.heading,
        "classes": f.label_classes or ("govuk-label--l" if f.heading else ""),
    }


def _input(f: _Field, out: dict[str, Any]) -> None:
    _labelled(f, out)
    out["type"] = _input_type(f.bound.field.widget)
    value = f.bound.field.widget.format_value(f.bound.value())
    if value not in (None, ""):
        out["value"] = value


def _textarea(f: _Field, out: dict[str, Any]) -> None:
    _labelled(f, out)
    out["value"] = f.bound.field.widget.format_value(f.bound.value()) or ""


def _password(f: _Field, out: dict[str, Any]) -> None:
    _labelled(f, out)
    out.setdefault("autocomplete", "current-password")


def _select(f: _Field, out: dict[str, Any]) -> None:
    _labelled(f, out)
    chosen = _selected(f.bound)
    out["items"] = [{"value": v, "text": t, "selected": v in chosen} for v, t in _choices(f.bound)]


def _choice_items(f: _Field, out: dict[str, Any]) -> None:
    chosen = _selected(f.bound)
    out["idPrefix"] = f.ident
    out["fieldset"] = _legend(f.text, f.heading, f.label_classes)
    out["items"] = [
        {
            "value": v,
            "text": t,
            "checked": v in chosen,
            **({"hint": {"text": f.item_hints[v]}} if v in f.item_hints else {}),
        }
        for v, t in _choices(f.bound)
    ]


def _checkbox(f: _Field, out: dict[str, Any]) -> None:
    """A lone yes/no box: its label is the box's own text, with no fieldset around it."""
    item: dict[str, Any] = {"value": "true", "text": f.text, "checked": bool(f.bound.value())}
    if "hint" in out:
        item["hint"] = out.pop("hint")
    out.update({"idPrefix": f.ident, "items": [item]})


def _date(f: _Field, out: dict[str, Any]) -> None:
    day, month, year = f.bound.field.prepare_value(f.bound.value())
    out.pop("name")
    out.update(
        {"id": f.ident, "namePrefix": f.bound.html_name, "fieldset": _legend(f.text, f.heading, f.label_classes)}
    )
    error = " govuk-input--error" if f.bound.errors else ""
    out["items"] = [
        {"name": "day", "label": "Day", "value": day, "classes": "govuk-input--width-2" + error},
        {"name": "month", "label": "Month", "value": month, "classes": "govuk-input--width-2" + error},
        {"name": "year", "label": "Year", "value": year, "classes": "govuk-input--width-4" + error},
    ]


# component -> (the govuk-frontend-jinja macro web/forms.html calls, the builder of its params)
_BUILDERS: dict[str, tuple[str, Callable[[_Field, dict[str, Any]], None]]] = {
    "input": ("input", _input),
    "textarea": ("textarea", _textarea),
    "password": ("password", _password),
    "file": ("file", _labelled),
    "select": ("select", _select),
    "radios": ("radios", _choice_items),
    "checkboxes": ("checkboxes", _choice_items),
    "checkbox": ("checkboxes", _checkbox),
    "date": ("date", _date),
}


def govuk_field(
    bound: forms.BoundField,
    *,
    label: str | None = None,
    heading: bool = False,
    hint: str | None = None,
    classes: str | None = None,
    label_classes: str | None = None,
    item_hints: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    **named: Any,
) -> FieldRender:
    """The GOV.UK component and parameters for one Django form field.

    `label` and `hint` default to the field's label and help_text; `heading=True` makes the
    label (or legend) the page's h1, for one-question pages; `item_hints` maps a choice's value
    to a hint under it; other keyword options (autocomplete, inputmode, spellcheck, prefix,
    suffix, attributes, ...) are GOV.UK parameters; `params` is merged last, as given.
    """
    macro, build = _BUILDERS[_component(bound.field.widget)]
    hint_text = hint if hint is not None else (str(bound.help_text) if bound.help_text else None)
    out: dict[str, Any] = {"name": bound.html_name}
    _attributes(bound.field.widget, out)
    if hint_text:
        out["hint"] = {"text": hint_text}
    if bound.errors:
        out["errorMessage"] = {"text": str(bound.errors[0])}
    if classes:
        out["classes"] = classes
    field_ = _Field(
        bound=bound,
        ident=bound.auto_id or bound.html_name,
        text=label if label is not None else str(bound.label),
        heading=heading,
        label_classes=label_classes,
        item_hints=item_hints or {},
    )
    build(field_, out)
    out.update(named)
    if params:
        out.update(params)
    return FieldRender(macro, out)


def error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    """The error summary's entries, in field order, each linking to its field."""
    if not form.is_bound or not form.errors:
        return []
    entries = []
    first_href = ""
    for name in form.fields:
        bound = form[name]
        href = f"#{field_id(bound)}"
        first_href = first_href or href
        if bound.errors:
            entries.append({"text": str(bound.errors[0]), "href": href})
    non_field = [{"text": str(message), "href": first_href} for message in form.non_field_errors()]
    return non_field + entries
