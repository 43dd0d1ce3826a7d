"""Public figures from recorded stops: vehicle stops by ethnicity and receipt feedback.

Aggregates only, protected inside the result objects (parity.analysis), so these pages need
no sign-in, like the rest of the published figures.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from parity.recording import figures
from parity.reference.models import Force


@require_safe
def vehicle_stops(request: HttpRequest, slug: str) -> HttpResponse:
    force = get_object_or_404(Force, slug=slug)
    result = figures.vehicle_figures(force)
    return render(request, "recording/figures/vehicle_stops.html", {"force": force, "figures": result})


@require_safe
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    force = get_object_or_404(Force, slug=slug)
    result = figures.feedback_figures(force)
    return render(request, "recording/figures/feedback.html", {"force": force, "result": result})
