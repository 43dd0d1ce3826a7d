"""Every text field has a length limit, checked on the server, no longer than its column."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django import forms

from parity.web.forms import LONG_TEXT, SHORT_TEXT
from tests.roles import RoleWorld

FORM_MODULES = [
    "parity.accounts.forms",
    "parity.actions.forms",
    "parity.engagement.forms",
    "parity.public.forms",
    "parity.recording.forms",
    "parity.recording.formgroup",
    "parity.scrutiny.forms",
    "parity.web.components",
]


def _forms() -> Iterator[type[forms.BaseForm]]:
    for name in FORM_MODULES:
        importlib.import_module(name)
    seen: set[type] = set()
    stack = list(forms.BaseForm.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("parity."):
            yield cls


def _fields(cls: type[forms.BaseForm]) -> dict[str, forms.Field]:
    for args in ((), (None,)):  # (None,): a form for a person, such as setting a password
        try:
            return dict(cls(*args).fields)  # fields a form adds in __init__ too
        except (TypeError, AttributeError):
            continue
    return dict(cls.base_fields)  # type: ignore[attr-defined]  # a form that needs more: its declared fields


@pytest.mark.django_db
def test_every_text_field_of_every_form_has_a_limit() -> None:
    unlimited = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _forms()
        for name, field in _fields(cls).items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unlimited == []
    assert SHORT_TEXT < LONG_TEXT


@pytest.mark.django_db
def test_an_over_long_text_is_refused_with_a_message(role_world: RoleWorld) -> None:
    chair = role_world.client("panel-chair")
    panel = role_world.panel
    response = chair.post(
        f"/scrutiny/panels/{panel.pk}/meetings/add",
        {"held_on-day": "4", "held_on-month": "5", "held_on-year": "2026", "agenda": "x" * (LONG_TEXT + 1)},
    )
    assert response.status_code == 200
    assert "at most 10000 characters" in response.content.decode()
