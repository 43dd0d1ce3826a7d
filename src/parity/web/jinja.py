"""The Jinja2 environment every page renders in."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, StrictUndefined


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["undefined"] = StrictUndefined
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
    env.globals.update({"static": static, "url": reverse})
    return env
