"""The map pages: force areas shaded by a compared measure, and where a force's searches happen.

Each page says so plainly when the boundaries have not been prepared (`parity maps build`),
and is kept per data version like the other figure pages once they have.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.geography.areas import Boundaries
from parity.public import compare as compare_
from parity.public import figures, maps
from parity.public.forms import CompareForm, _FiguresForm
from parity.public.views import _force
from parity.web.cache import cached_page


class PlacesForm(_FiguresForm):
    """The financial year of a force's map of where searches happen."""

    period = forms.ChoiceField(
        label="Financial year",
        required=False,
        help_text="Financial years run from April to March.",
        error_messages={"invalid_choice": "Choose a financial year from the list"},
    )


@require_safe
def compare_map(request: HttpRequest) -> HttpResponse:
    """The compare page's measure for every force, as a map of force areas."""
    if maps.boundaries() is None:
        return _compare_map_page(request, None)
    return _kept_compare_map(request)


@cached_page
def _kept_compare_map(request: HttpRequest) -> HttpResponse:
    return _compare_map_page(request, maps.boundaries())


def _compare_map_page(request: HttpRequest, found: Boundaries | None) -> HttpResponse:
    form = CompareForm(request.GET, compare_.period_options(), compare_.default_period())
    no_geometry = maps.NO_GEOMETRY if found is None else None
    context: dict[str, Any] = {"form": form, "m": None, "c": None, "query": "", "no_geometry": no_geometry}
    if not form.is_valid():
        return render(request, "public/compare_map.html", context, status=400)
    measure, group, choice = form.selection()
    context["query"] = form.query()
    if found is not None and choice.period:
        result = compare_.compare(measure, group, choice)
        context["c"] = result
        context["m"] = maps.compare_map(result, found, choice.query_string())
    return render(request, "public/compare_map.html", context)


@require_safe
def force_places(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a force's searches happened in a financial year, by local authority district."""
    held = _force(slug)
    if maps.boundaries() is None:
        return _places_page(request, held)
    return _kept_force_places(request, slug)


@cached_page
def _kept_force_places(request: HttpRequest, slug: str) -> HttpResponse:
    return _places_page(request, _force(slug))


def _places_page(request: HttpRequest, held: figures.ForceHeld) -> HttpResponse:
    years = [(y.label, y.label + ("" if y.complete else " (incomplete)")) for y in held.years]
    form = PlacesForm(request.GET, years, held.latest_complete or (years[0][0] if years else None))
    context: dict[str, Any] = {"force": held, "form": form, "p": None}
    if not form.is_valid():
        return render(request, "public/force_places.html", context, status=400)
    period = form.cleaned_data.get("period")
    if period:
        context["p"] = maps.places(held.slug, period, maps.geometry_version())
    return render(request, "public/force_places.html", context)
