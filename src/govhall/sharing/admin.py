from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from govhall.core.admin import AuditedAdmin
from govhall.sharing.models import DataAccess, DataResource, MaterialSource


class MaterialSourceInline(admin.TabularInline):
    model = MaterialSource
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(DataResource)
class DataResourceAdmin(AuditedAdmin):
    list_display = ["code", "name", "department", "provider", "sharing_class", "active"]
    list_filter = ["sharing_class", "active", "department"]
    search_fields = ["code", "name"]
    filter_horizontal = ["items"]
    inlines = [MaterialSourceInline]


@admin.register(DataAccess)
class DataAccessAdmin(AuditedAdmin):
    """The log is read-only: rows are written by sharing.services only."""

    list_display = ["at", "resource", "kind", "purpose", "department", "actor", "outcome"]
    list_filter = ["kind", "outcome", "resource"]
    search_fields = ["purpose"]
    readonly_fields = (
        "at",
        "resource",
        "kind",
        "masked",
        "purpose",
        "department",
        "actor",
        "channel",
        "outcome",
        "fields_returned",
        "message",
    )
    fields = readonly_fields

    @admin.display(description=_("数据主体"))
    def masked(self, access: DataAccess) -> str:
        return access.masked_subject

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
