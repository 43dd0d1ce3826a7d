"""URL table: one include per domain, so each domain owns its own routes."""

from django.contrib import admin
from django.urls import include, path

from parity.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("account/", include("parity.accounts.urls")),
    path("scrutiny/", include("parity.scrutiny.urls")),
    path("engagement/", include("parity.engagement.urls")),
    path("actions/", include("parity.actions.urls")),
    path("hr/", include("parity.hr.urls")),
    path("record/", include("parity.recording.urls")),
    path("receipt/", include("parity.recording.receipt_urls")),
    path("recorded-stops/", include("parity.recording.figures_urls")),
    path("victims/", include("parity.victims.urls")),
    path("", include("parity.web.urls")),
    path("", include("parity.public.urls")),
]

# Error pages through the base layout (parity.web.errors); CSRF_FAILURE_VIEW is in settings.
handler400 = "parity.web.errors.bad_request"
handler403 = "parity.web.errors.permission_denied"
handler404 = "parity.web.errors.page_not_found"
handler500 = "parity.web.errors.server_error"
