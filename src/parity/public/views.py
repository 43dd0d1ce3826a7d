"""Public pages: home, a force's overview and stop-and-search figures, comparing forces,
methodology, and the accessibility and cookies pages.

Each view parses the request, asks `parity.public.figures` (or `compare`, `methodology`)
for what to show, and renders it; charts are arranged by `parity.public.display`. Pages
whose figures are the same for everyone are served from memory per data version
(`parity.web.cache.cached_page`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.public import compare as compare_
from parity.public import display, figures, methodology
from parity.public.figures import NotHeld, month_spans
from parity.public.forms import CompareForm, FilterForm
from parity.web.cache import cached_page

__all__ = ["month_spans"]


@require_safe
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    """The forces held, the months each covers, and each force's headline ratio."""
    headlines = figures.headlines()
    context = {"headlines": headlines, "records": sum(h.force.records for h in headlines), "age": figures.newest_held()}
    return render(request, "public/home.html", context)


def _force(slug: str) -> figures.ForceHeld:
    try:
        return figures.force_held(slug)
    except NotHeld:
        raise Http404(f"no records held for {slug}") from None


@require_safe
@cached_page
def force(request: HttpRequest, slug: str) -> HttpResponse:
    """A force's stop-and-search headline for its latest complete financial year."""
    _force(slug)
    found = figures.overview(slug)
    context = {"o": found, **display.overview_parts(found)}
    return render(request, "public/force.html", context)


@require_safe
@cached_page
def stop_search_index(request: HttpRequest) -> HttpResponse:
    """Every force held, linking to its stop-and-search figures."""
    return render(request, "public/stop_search_index.html", {"forces": figures.forces_held()})


@require_safe
@cached_page
def stop_search(request: HttpRequest, slug: str) -> HttpResponse:
    """A force's stop-and-search figures, filtered by the GET parameters."""
    held = _force(slug)
    form = _filters(request, held)
    if not form.is_valid():
        return render(request, "public/stop_search.html", {"force": held, "form": form, "f": None}, status=400)
    found = figures.stop_search(slug, form.choice())
    return render(request, "public/stop_search.html", {"force": held, "form": form, **display.stop_search_parts(found)})


def _filters(request: HttpRequest, held: figures.ForceHeld) -> FilterForm:
    """The filters over a force's stop-and-search figures, offering only what its records hold."""
    return FilterForm(
        request.GET,
        held.period_options(),
        held.default_period,
        months=held.months,
        force_name=held.name,
        powers=figures.powers_used(held.slug),
    )


@require_safe
@cached_page
def stop_search_objects(request: HttpRequest, slug: str) -> HttpResponse:
    """What officers searched for, by ethnic group, with the find rate for each, filtered as
    the force's stop-and-search page is."""
    held = _force(slug)
    form = _filters(request, held)
    context: dict[str, Any] = {"force": held, "form": form, "f": None}
    if not form.is_valid():
        return render(request, "public/stop_search_objects.html", context, status=400)
    found = figures.searched_for(slug, form.choice())
    return render(request, "public/stop_search_objects.html", {**context, **display.objects_parts(found)})


@require_safe
@cached_page
def compare(request: HttpRequest) -> HttpResponse:
    """One measure for one group across every force held, with intervals and a funnel plot."""
    form = CompareForm(request.GET, compare_.period_options(), compare_.default_period())
    if not form.is_valid():
        return render(request, "public/compare.html", {"form": form, "c": None}, status=400)
    measure, group, choice = form.selection()
    context: dict[str, Any] = {"form": form, "c": None, "measure": measure, "group": group, "choice": choice}
    context["age"] = figures.newest_held()
    if choice.period:
        result = compare_.compare(measure, group, choice)
        context.update(display.comparison_parts(result, form.query()))
        context["c"] = result
    return render(request, "public/compare.html", context)


@require_safe
def methodology_index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/methodology_index.html", {"pages": methodology.pages()})


@require_safe
def methodology_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = methodology.page(slug)
    except KeyError:
        raise Http404(f"no methodology page {slug}") from None
    return render(request, "public/methodology_page.html", {"page": found})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/accessibility.html",
        {"operator": settings.OPERATOR_NAME, "contact_email": settings.CONTACT_EMAIL},
    )


def _lifetime(seconds: int | None) -> str:
    if seconds is None:
        return "Until you close your browser"
    days = seconds // 86_400
    return f"{days} days" if days else f"{seconds // 3600} hours"


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    """Only essential cookies; their names and lifetimes come from settings, so the page cannot drift."""
    session = f"{_lifetime(settings.SESSION_COOKIE_AGE)} without use" + (
        ", or until you close your browser" if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else ""
    )
    essential = [
        (settings.SESSION_COOKIE_NAME, "Keeps you signed in. Set only when you sign in.", session),
        (
            settings.CSRF_COOKIE_NAME,
            "Stops other websites sending forms to Parity in your name.",
            _lifetime(settings.CSRF_COOKIE_AGE),
        ),
        (CookieStorage.cookie_name, "Shows a message once, for example that your changes were saved.", _lifetime(None)),
    ]
    return render(request, "public/cookies.html", {"essential": essential})
