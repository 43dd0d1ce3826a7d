"""The Jinja2 environment every page renders in.

Page authors get, besides what Django's Jinja2 backend puts in the context (`request`,
`csrf_input`, `csrf_token`) and the context processors in settings (`messages`, the
navigation): `static()`, `url()`, `optional_url()`, the number and date filters of
`parity.presentation.formatting`, and the form helpers `web/forms.html` builds on. Charts are built
in views (`parity.presentation.charts`) and rendered with `web/charts.html`.
"""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from parity.presentation.formatting import FILTERS
from parity.web import forms, notify
from parity.web.undefined import ParityUndefined


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """`url("public:home")`, `url("public:force", slug="wiltshire")`: Django's reverse()."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def optional_url(viewname: str, *args: Any, **kwargs: Any) -> str | None:
    """The URL, or None while no page has that name yet: link onward only where a page exists."""
    try:
        return url(viewname, *args, **kwargs)
    except NoReverseMatch:
        return None


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["undefined"] = ParityUndefined
    options.pop("autoescape", None)
    env = Environment(
        loader=ChoiceLoader(
            [
                loader,
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        **options,
    )
    env.globals.update(
        {
            "static": static,
            "url": url,
            "optional_url": optional_url,
            "govuk_field": forms.govuk_field,
            "error_list": forms.error_list,
            "kept_note": notify.kept_note,
            "receipts_kept": notify.receipts_outbox,
        }
    )
    env.filters.update(FILTERS)
    return env
