"""/api/docs: the interactive API documentation, in Parity's layout, from its own files.

django-ninja's default page loads Swagger UI from a CDN unless `ninja` is an installed app,
and has none of Parity's layout. This page uses the copy of Swagger UI that django-ninja
ships (served with Parity's other static files) and starts it from a script file, so it
loads nothing from another host and needs no inline script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ParityDocs(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"title": f"{api.title} documentation", "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "web/api_docs.html", context)
