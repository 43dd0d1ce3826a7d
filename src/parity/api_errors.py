"""One error envelope for every endpoint under /api/.

Whatever goes wrong, the body has the same shape, so a client handles errors once:

    {"status": 404, "error": "not-found", "detail": "Parity holds no records for 'kent'",
     "errors": []}

`detail` is always a sentence a person can act on; `errors` lists the parameters at fault
for a 422 (each with `loc`, `msg` and `type`, as django-ninja reports them). A 429 also has
a Retry-After header.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "invalid-parameters",
    429: "rate-limited",
}


class ErrorOut(Schema):
    """The body of every error answer from the API."""

    status: int
    error: str
    detail: str
    errors: list[dict[str, Any]] = []


def envelope(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"status": status, "error": CODES.get(status, "error"), "detail": detail, "errors": errors or []}


def _clean(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep what a client needs; drop pydantic's context objects, which may not serialise."""
    return [{k: e.get(k) for k in ("loc", "msg", "type")} for e in errors]


def install(api: NinjaAPI) -> None:
    """Answer HttpError, 404 and validation failures with the envelope."""

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, envelope(exc.status_code, str(exc)), status=exc.status_code)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = str(exc) or "Not found."
        return api.create_response(request, envelope(404, detail), status=404)

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _clean(list(exc.errors))
        where = ", ".join(".".join(str(p) for p in e["loc"] or ()) for e in errors)
        detail = f"The request's parameters are not valid: {where}." if where else "The request is not valid."
        return api.create_response(request, envelope(422, detail, errors), status=422)

    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, invalid)  # type: ignore[arg-type]
