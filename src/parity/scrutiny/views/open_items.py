"""What the force must still answer for its panels: video requests and findings."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from parity.accounts.models import User
from parity.accounts.permissions import role_required
from parity.scrutiny import access, pages


@role_required(*access.ANSWERERS)
@require_safe
def open_items(request: HttpRequest) -> HttpResponse:
    """Force staff who answer for panels; the query is narrowed to their own forces."""
    context = pages.open_page(cast(User, request.user), timezone.localdate())
    return render(request, "scrutiny/open.html", context)
