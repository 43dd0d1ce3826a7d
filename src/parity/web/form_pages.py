"""Pages whose form a domain service saves: one shape for every such page.

The form checks what was typed; the service checks the rules and raises ValidationError
when it refuses. Its reasons go on the form, against the fields they name (the error
summary links to them), so a refusal reads exactly like a mistake in the form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

T = TypeVar("T")


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, against its fields where it names them."""
    problems = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for name, reasons in problems:
        for reason in reasons:
            form.add_error(name if name in form.fields else None, reason)


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: what was posted, or None to show it empty."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    done: str | Callable[[T], str],
    then: Callable[[T], HttpResponse],
    template: str,
    context: Mapping[str, Any],
) -> HttpResponse:
    """A valid post is saved (`save(cleaned_data)`), said (`done`) and followed (`then`, given
    what `save` returned); otherwise the page shows the form, with any refusal on it."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done if isinstance(done, str) else done(saved))
            return then(saved)
    return render(request, template, {"form": form, **context})
