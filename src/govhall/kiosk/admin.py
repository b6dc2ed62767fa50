from django.contrib import admin
from django.http import HttpRequest

from govhall.kiosk.models import KioskDevice, PrintJob
from govhall.organisations.admin import RoleScopedAdmin


@admin.register(KioskDevice)
class KioskDeviceAdmin(RoleScopedAdmin):
    """Kiosks are registered, and given a new key, with `manage.py register_kiosk` (the key is shown once); here they
    are listed and switched off or on (a switched-off kiosk shows only its start page)."""

    role_permission = "catalog.edit"
    list_display = ["code", "name", "hall", "is_active", "created_at"]
    list_filter = ["is_active", "hall"]
    search_fields = ["code", "name"]
    fields = ["hall", "code", "name", "is_active"]
    readonly_fields = ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PrintJob)
class PrintJobAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["job_id", "device", "kind", "printed_at"]
    list_filter = ["device"]
    fields = ["job_id", "device", "kind", "printed_at"]
    readonly_fields = ["job_id", "device", "kind", "printed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
