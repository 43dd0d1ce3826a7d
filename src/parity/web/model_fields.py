"""Model text fields that hold their length limit themselves, not only in the forms that fill
them: `max_length` (which a ModelForm takes up) and a validator (which `full_clean`, the
admin and the services that call it enforce), so text reaching a model another way (the API,
an import, a command) is held to the same limit (issue 11, item 11)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

from parity.web.forms import LONG_TEXT


def long_text(limit: int = LONG_TEXT, **kwargs: Any) -> models.TextField[str, str]:
    """A TextField of at most `limit` characters (by default the forms' LONG_TEXT)."""
    return models.TextField(max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs)
