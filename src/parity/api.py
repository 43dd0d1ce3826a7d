"""The JSON API: one django-ninja application at /api/, one router per domain.

OpenAPI is served at /api/openapi.json and the interactive docs at /api/docs. A domain adds
its endpoints by exposing a `router` and listing it in ROUTERS below.
"""

from __future__ import annotations

from importlib import import_module

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
    ("/justice/", "parity.public.justice_api"),
    ("/recording/", "parity.recording.api"),
    ("/actions/", "parity.actions.api"),
    ("/engagement/", "parity.engagement.api"),
    ("/scrutiny/", "parity.scrutiny.api"),
]

for prefix, module in ROUTERS:
    api.add_router(prefix, import_module(module).router)
