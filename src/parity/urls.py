"""URL table: one include per domain, so each domain owns its own routes."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("account/", include("parity.accounts.urls")),
    path("scrutiny/", include("parity.scrutiny.urls")),
    path("engagement/", include("parity.engagement.urls")),
    path("actions/", include("parity.actions.urls")),
    path("", include("parity.public.urls")),
]
