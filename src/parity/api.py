"""The JSON API: one django-ninja application at /api/, one router per domain.

OpenAPI is served at /api/openapi.json and the interactive docs at /api/docs. A domain adds
its endpoints by exposing a `router` and listing it in ROUTERS below.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI

from parity import __version__
from parity.api_errors import install as install_error_envelope
from parity.web.api_docs import ParityDocs

api = NinjaAPI(
    title="Parity API",
    version=__version__,
    description=(
        "Open data on how policing treats each ethnic group: forces, coverage and "
        "stop-and-search figures with the same small-number protection as the pages. "
        "Workflow endpoints need a token (`parity user token`) or a signed-in session."
    ),
    urls_namespace="api",
    docs=ParityDocs(),  # Parity's layout and its own copy of Swagger UI, nothing from another host
)
install_error_envelope(api)  # one error shape for every router (parity.api_errors)

# (URL prefix, module exposing `router`): each domain lists its router here.
ROUTERS: list[tuple[str, str]] = [
    ("/", "parity.public.api"),
    ("/workforce/", "parity.public.workforce_api"),
    ("/justice/", "parity.public.justice_api"),
    ("/england-and-wales/", "parity.public.national_api"),
    ("/victims-and-complaints/", "parity.public.victims_api"),
    ("/recording/", "parity.recording.api"),
    ("/actions/", "parity.actions.api"),
    ("/engagement/", "parity.engagement.api"),
    ("/scrutiny/", "parity.scrutiny.api"),
    ("/victims/", "parity.victims.api"),
    ("/hr/", "parity.hr.api"),
]

for prefix, module in ROUTERS:
    api.add_router(prefix, import_module(module).router)


@api.get("/", summary="What this API holds", include_in_schema=True, tags=["index"])
def index(request: HttpRequest) -> dict[str, Any]:
    """The API's front door: every endpoint, and whether it is open or needs a sign-in."""
    return _index()


@lru_cache(maxsize=1)
def _index() -> dict[str, Any]:
    schema = api.get_openapi_schema(path_prefix="/api")
    endpoints = [
        {
            "path": path,
            "method": method.upper(),
            "summary": operation.get("summary", ""),
            "open": "security" not in operation,
        }
        for path, methods in sorted(schema["paths"].items())
        for method, operation in methods.items()
        if path != "/api/"
    ]
    return {
        "name": api.title,
        "version": api.version,
        "description": api.description,
        "documentation": "/api/docs",
        "openapi": "/api/openapi.json",
        "endpoints": endpoints,
    }
