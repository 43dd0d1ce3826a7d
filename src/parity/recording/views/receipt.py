"""The public receipt pages: find a receipt by its reference, read it, leave feedback.

No sign-in: the reference is the key. Each page shows that one stop and nothing else (no
navigation into the rest of Parity, no other record), is never cached or indexed, and
every look-up is counted and rate-limited (`parity.recording.receipts`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from parity.recording import feedback, receipts, references
from parity.recording.forms import FeedbackForm, ReferenceForm
from parity.recording.models import Stop

CODE_NEEDED = (
    "Enter the survey code from your receipt: the 10 letters and numbers under the reference, "
    "or open the link in the message sent to you"
)


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Never cached and never indexed. (The site's Referrer-Policy, same-origin, already keeps the
    address, which holds the reference, from the complaint site linked; no-referrer would make
    browsers send "Origin: null" with the survey, which the CSRF check rightly refuses.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    base = {"complaints_url": settings.PARITY_COMPLAINTS_URL, "receipt_page": True}
    return render(request, template, base | context, status=status)


def _too_many(request: HttpRequest, until: Any) -> HttpResponse:
    return _page(request, "recording/public/too_many.html", {"until": until}, status=429)


@require_safe
@_private
def find(request: HttpRequest) -> HttpResponse:
    """Type the reference printed on the receipt (a GET form, so no cookie is needed)."""
    form = ReferenceForm(data={"reference": _shown(request.GET["reference"])} if "reference" in request.GET else None)
    if form.is_valid():
        found = receipts.find(request, form.cleaned_data["reference"])
        if found.blocked_until is not None:
            return _too_many(request, found.blocked_until)
        if found.stop is not None:
            return redirect("receipt:show", reference=found.stop.reference)
        form.add_error("reference", _not_found_message(form.cleaned_data["reference"]))
        return _page(request, "recording/public/find.html", {"form": form}, status=404)
    return _page(request, "recording/public/find.html", {"form": form})


def _shown(typed: str) -> str:
    """What was typed, safe to show again: printable characters only, no more than a reference needs."""
    return "".join(ch for ch in typed if ch.isprintable())[:64]


def _not_found_message(text: str) -> str:
    if references.normalise(text) is None:
        return "Check the reference: it is 15 letters and numbers, as printed on your receipt"
    return "No receipt has that reference. Check it against your receipt"


def _lookup(request: HttpRequest, reference: str) -> Stop | HttpResponse:
    found = receipts.find(request, reference)
    if found.blocked_until is not None:
        return _too_many(request, found.blocked_until)
    if found.stop is None:
        form = ReferenceForm(data={"reference": _shown(reference)})
        form.is_valid()
        form.add_error("reference", _not_found_message(reference))
        return _page(request, "recording/public/find.html", {"form": form}, status=404)
    return found.stop


@require_http_methods(["GET", "POST"])
@_private
def show(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt: what was recorded, the person's rights, how to complain, and the survey."""
    stop = _lookup(request, reference)
    if isinstance(stop, HttpResponse):
        return stop
    if reference != stop.reference:  # typed in lower case or with hyphens
        again = redirect("receipt:show", reference=stop.reference)
        if request.GET.get("code"):
            again["Location"] += "?" + urlencode({"code": request.GET["code"][:20]})
        return again
    signed_in = request.user.is_authenticated
    is_open = receipts.feedback_open(stop) and not signed_in
    status = 200
    if request.method == "POST" and signed_in:
        receipts.refuse_answer(request, stop)
        status = 403
    form = FeedbackForm(
        data=request.POST if request.method == "POST" and is_open else None,
        initial={"code": request.GET.get("code", "")[:20]},
        needs_code=bool(stop.survey_digest),
    )
    if request.method == "POST" and is_open and form.is_valid():
        # The survey is the person's: the reference, which the officer holds, is not enough.
        typed = form.cleaned_data.get("code") or request.GET.get("code", "")  # the field, or the person's link
        if receipts.survey_code_accepted(request, stop, typed):
            feedback.save(stop, form.cleaned_data)
            return redirect("receipt:thanks", reference=stop.reference)
        form.add_error("code", CODE_NEEDED)
    receipts.record_view(request, stop)
    context = {
        "stop": stop,
        "lines": receipts.summary(stop),
        "months": receipts.record_months(stop),
        "form": form,
        "feedback_open": is_open,
        "signed_in": signed_in,
    }
    return _page(request, "recording/public/receipt.html", context, status=status)


@require_safe
@_private
def thanks(request: HttpRequest, reference: str) -> HttpResponse:
    stop = _lookup(request, reference)
    if isinstance(stop, HttpResponse):
        return stop
    return _page(request, "recording/public/thanks.html", {"stop": stop})
