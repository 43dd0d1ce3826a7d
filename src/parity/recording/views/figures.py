"""Public figures from recorded stops: vehicle stops by ethnicity and receipt feedback.

Aggregates only, protected inside the result objects (parity.analysis), so these pages need
no sign-in, like the rest of the published figures.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parity.recording import figures


@require_safe
def vehicle_stops(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "recording/figures/vehicle_stops.html", figures.vehicle_page(slug))


@require_safe
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "recording/figures/feedback.html", figures.feedback_page(slug))
