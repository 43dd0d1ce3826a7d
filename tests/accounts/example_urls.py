"""Example views and API endpoints guarded by the permission primitives, for their tests.

They show the intended use: a domain view names its roles and where its force or panel
comes from; an API endpoint uses ApiAuth, then require_role once it knows the object.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views import View
from ninja import NinjaAPI

from parity.accounts import audit
from parity.accounts.api import ApiAuth
from parity.accounts.permissions import RoleRequiredMixin, require_role, role_required
from parity.accounts.roles import Role
from parity.scrutiny.models import Panel
from parity.urls import handler400, handler403, handler404, handler500  # noqa: F401 - error pages
from parity.urls import urlpatterns as site

PAGE = "<!DOCTYPE html><html lang='en'><head><title>{0}</title></head><body><h1>{0}</h1></body></html>"


@role_required(Role.PANEL_CHAIR, Role.PANEL_MEMBER, panel="panel_id")
def case_pack(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = get_object_or_404(Panel, pk=panel_id)
    audit.record_view(panel, summary=f"Viewed a case pack of {panel}")
    return HttpResponse(PAGE.format("Case pack"))


@role_required(Role.ANALYST, Role.FORCE_ADMIN, force="force")
def force_figures(request: HttpRequest, force: str) -> HttpResponse:
    return HttpResponse(PAGE.format("Force figures"))


class PanelSettings(RoleRequiredMixin, View):
    required_roles = (Role.PANEL_CHAIR,)
    scope_panel = "panel_id"

    def get(self, request: HttpRequest, panel_id: int) -> HttpResponse:
        return HttpResponse(PAGE.format("Panel settings"))

    def post(self, request: HttpRequest, panel_id: int) -> HttpResponse:
        return HttpResponse(PAGE.format("Saved"))


api = NinjaAPI(urls_namespace="accounts-example-api")


@api.get("/whoami", auth=ApiAuth())
def whoami(request: HttpRequest) -> dict[str, str]:
    return {"email": request.auth.email}  # type: ignore[attr-defined]


@api.get("/analysis", auth=ApiAuth(Role.ANALYST))
def analysis(request: HttpRequest) -> dict[str, bool]:
    return {"ok": True}


@api.post("/panels/{panel_id}/notes", auth=ApiAuth())
def add_note(request: HttpRequest, panel_id: int) -> dict[str, int]:
    panel = get_object_or_404(Panel, pk=panel_id)
    require_role(request, Role.PANEL_CHAIR, Role.PANEL_MEMBER, panel=panel)
    return {"panel": panel.pk}


urlpatterns = [
    path("example/panels/<int:panel_id>/case-pack", case_pack),
    path("example/panels/<int:panel_id>/settings", PanelSettings.as_view()),
    path("example/forces/<slug:force>/figures", force_figures),
    path("api/example/", api.urls),
    *site,
]
