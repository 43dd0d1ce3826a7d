"""Every long text field of the workflow models holds its length limit itself (issue 11, item
11): a `max_length`, which model forms take up, and a validator, which `full_clean` enforces,
so text arriving by the API, an import or a command meets the same limit as a form's."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

APPS = ["accounts", "scrutiny", "actions", "engagement", "recording"]

# Text Parity writes itself, never typed by a person, and so not held to a typing limit.
EXEMPT = {
    "actions.Report.html": "the published report, made by Parity from its own template",
}


def _text_fields() -> list[tuple[str, models.TextField[str, str]]]:
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.TextField) and field.model is model:
                    found.append((f"{label}.{model.__name__}.{field.name}", field))
    return found


def test_the_walk_finds_the_text_fields() -> None:
    names = {name for name, _ in _text_fields()}
    assert {"recording.Feedback.comments", "scrutiny.Meeting.minutes", "accounts.AuditEvent.summary"} <= names
    assert set(EXEMPT) <= names, "an exemption for a field that no longer exists"


HELD = [(name, field) for name, field in _text_fields() if name not in EXEMPT]


@pytest.mark.parametrize(("name", "field"), HELD, ids=[name for name, _ in HELD])
def test_every_long_text_field_has_a_limit_a_form_and_full_clean_both_use(
    name: str, field: models.TextField[str, str]
) -> None:
    limit = field.max_length
    assert limit, f"{name} is a TextField without max_length"
    assert any(isinstance(v, MaxLengthValidator) and v.limit_value == limit for v in field.validators), (
        f"{name} has max_length {limit} but no validator holding it"
    )
    assert field.formfield().max_length == limit
    field.run_validators("x" * limit)
    with pytest.raises(ValidationError):
        field.run_validators("x" * (limit + 1))
