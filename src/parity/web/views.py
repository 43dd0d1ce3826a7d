"""The components page: every shared page part, for page authors and the browser tests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from parity.web.components import ExampleForm, example_rates, example_trend


@require_http_methods(["GET", "HEAD", "POST"])
def components(request: HttpRequest) -> HttpResponse:
    form = ExampleForm(request.POST, request.FILES) if request.method == "POST" else ExampleForm()
    if form.is_valid():
        messages.success(request, "The example form was valid. Nothing was saved.")
        return redirect("web:components")
    context = {"form": form, "rates": example_rates(), "trend": example_trend()}
    return render(request, "web/components.html", context)
