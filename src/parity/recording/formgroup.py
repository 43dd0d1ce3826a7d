"""The recording page's forms, held together: the stop and everyone in it.

`FormGroup` looks like one Django form to the base layout's error summary (which reads
`is_bound`, `errors`, `fields`, `form[name]` and `non_field_errors()`), so a mistake in any
person's answers is listed and linked like any other. `people_forms` rebuilds the people from
what was sent, adding or removing a passenger without showing errors for unfinished answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import forms

from parity.recording.forms import PersonForm, StopForm

MAX_PASSENGERS = 20


class FormGroup:
    def __init__(self, *members: forms.Form) -> None:
        self.members = members
        self._fields: dict[str, tuple[forms.Form, str]] = {}
        for member in members:
            for name, field in member.fields.items():
                if not field.widget.is_hidden:  # hidden fields' errors are reported as the form's own
                    self._fields[member.add_prefix(name)] = (member, name)

    @property
    def is_bound(self) -> bool:
        return any(m.is_bound for m in self.members)

    @property
    def errors(self) -> bool:
        return any(m.is_bound and m.errors for m in self.members)

    @property
    def fields(self) -> dict[str, tuple[forms.Form, str]]:
        return self._fields

    def __getitem__(self, key: str) -> forms.BoundField:
        member, name = self._fields[key]
        return member[name]

    def __iter__(self) -> Iterator[forms.BoundField]:
        return (self[key] for key in self._fields)

    def non_field_errors(self) -> list[str]:
        errors = []
        for member in (m for m in self.members if m.is_bound):
            errors += [str(e) for e in member.non_field_errors()]
            hidden = [member[f.name] for f in member.hidden_fields()]
            errors += [f"The form was damaged in sending ({f.name}): open it again" for f in hidden if f.errors]
        return errors

    def is_valid(self) -> bool:
        """Every form that was sent is valid (an unbound one, a blank passenger, is left out)."""
        return all(m.is_valid() for m in self.members if m.is_bound)

    def is_multipart(self) -> bool:
        return False


def prefix(role: str, index: int) -> str:
    return "driver" if role == "driver" else "person" if role == "subject" else f"passenger-{index}"


def _sent(form: forms.Form) -> dict[str, Any]:
    """What was sent for a form, as initial values: re-shown without being judged."""
    return {name: form[name].data for name in form.fields}


def _blank(form: forms.Form) -> bool:
    return not any(value for value in _sent(form).values())


def passenger_count(data: Mapping[str, Any]) -> int:
    try:
        return max(0, min(int(str(data.get("passengers", "0"))), MAX_PASSENGERS))
    except ValueError:
        return 0


def people_forms(kind: str, data: Mapping[str, Any] | None, *, action: str = "save") -> list[tuple[str, PersonForm]]:
    """(role, form) for each person: one subject, or a driver and the passengers sent; only
    the bound forms are to be saved.

    With action "add-passenger" or "remove-passenger-N" the forms come back unbound, holding
    what was sent, one more or one fewer, so nothing typed is lost and nothing is marked wrong.
    """
    if kind != "vehicle":
        return [("subject", PersonForm(data=data, prefix="person"))]
    count = passenger_count(data or {})
    roles = [("driver", 0)] + [("passenger", i) for i in range(count)]
    bound = [(role, PersonForm(data=data, prefix=prefix(role, i))) for role, i in roles]
    if data is None:
        return bound
    if action == "save":
        # A passenger left completely blank (added by mistake, or by pressing Enter, which
        # sends the first button: "Add a passenger") is not marked wrong and not saved: it
        # comes back unbound, so it is still there if something else needs correcting.
        return [
            (role, PersonForm(prefix=form.prefix) if role == "passenger" and _blank(form) else form)
            for role, form in bound
        ]
    kept = [_sent(form) for _, form in bound]
    if action == "add-passenger" and count < MAX_PASSENGERS:
        kept.append({})
    elif action.startswith("remove-passenger-"):
        index = action.removeprefix("remove-passenger-")
        if index.isdigit() and int(index) < count:
            del kept[1 + int(index)]
    return [
        (
            "driver" if i == 0 else "passenger",
            PersonForm(initial=values, prefix=prefix("driver" if i == 0 else "passenger", i - 1)),
        )
        for i, values in enumerate(kept)
    ]


def resent(form: StopForm) -> StopForm:
    """The stop form unbound, holding what was sent (after adding or removing a passenger)."""
    return type(form)(initial=_sent(form))
