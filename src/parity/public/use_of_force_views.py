"""Public use-of-force pages: every force's figures from the Home Office table, and one force's
(the Home Office table by year, and its own records where Parity holds them). Each view parses
the request, asks `parity.public.use_of_force` and renders."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.public import use_of_force
from parity.public.figures import NotHeld
from parity.web.cache import cached_page


@require_safe
@cached_page
def national(request: HttpRequest) -> HttpResponse:
    """Every force's use of force per 1,000 residents by perceived group, for one year."""
    try:
        period, results = use_of_force.national(request.GET.get("period") or None)
    except NotHeld as error:
        if request.GET.get("period"):
            raise Http404(str(error)) from None
        return render(request, "public/use_of_force_national.html", {"results": None})
    context = {"period": period, "periods": use_of_force.periods_held(), "results": results}
    return render(request, "public/use_of_force_national.html", context)


@require_safe
@cached_page
def force(request: HttpRequest, slug: str) -> HttpResponse:
    """A force's use of force: the Home Office table by year, and its own records if held."""
    try:
        page = use_of_force.force_page(slug)
    except (NotHeld, KeyError):
        raise Http404(f"no use-of-force figures held for {slug}") from None
    return render(request, "public/use_of_force_force.html", {"p": page})
