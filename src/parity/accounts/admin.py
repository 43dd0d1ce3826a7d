"""Django admin: accounts and roles for system operators; the audit trail read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from parity.accounts.models import AccountRequest, ApiToken, AuditEvent, RoleAssignment, Team, User


class RoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ("role", "force", "panel", "team", "granted_at", "granted_by")
    readonly_fields = ("granted_at", "granted_by")


@admin.register(User)
class UserAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "full_name", "is_active", "last_login")
    search_fields = ("email", "full_name")
    fields = ("email", "full_name", "is_active", "is_staff", "is_superuser", "last_login", "date_joined")
    readonly_fields = ("last_login", "date_joined")
    inlines = [RoleInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "force")
    list_filter = ("force",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are issued by `parity user token`, which shows the secret once; here they can
    only be seen and revoked."""

    list_display = ("name", "lookup", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    fields = list_display
    readonly_fields = ("name", "lookup", "user", "created_at", "expires_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "allowed", "force")
    list_filter = ("allowed", "action", "force")
    search_fields = ("actor_label", "summary", "object_id")
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuthenticatorAdmin(TOTPDeviceAdmin):  # type: ignore[misc]
    """Authenticator apps, without their secret: anyone who read the key could make the codes.

    People set their app up on Parity's own page; here a device can only be seen (never its
    key or QR code) and deleted, which makes its owner set a new one up."""

    exclude = ("key",)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in {"key", "qrcode_link"}]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_list_display(self, request: HttpRequest) -> Any:
        return [f for f in super().get_list_display(request) if f != "qrcode_link"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def config_view(self, request: HttpRequest, pk: int) -> Any:
        raise PermissionDenied("The authenticator's secret is never shown.")

    qrcode_view = config_view


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAdmin)


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Requests are decided on the people pages or with `parity user requests`; seen here only."""

    list_display = ("__str__", "force", "requested_by", "requested_at", "status")
    list_filter = ("status", "kind")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
