"""The department-scoped back office: `RoleScopedAdmin` (who may use an admin comes from the staff role table, and
what they see from the departments where their role holds it), and the admin of departments and halls."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govhall.core.admin import AuditedAdmin
from govhall.organisations.access import staff_can, staff_scope
from govhall.organisations.models import Department, Hall, HallSession, Window, WindowGroup


class RoleScopedAdmin(AuditedAdmin):
    """An audited admin whose users come from the staff role table (govhall.organisations.roles): those whose role
    holds `role_permission`, instead of Django's per-model permissions."""

    role_scoped = True
    role_permission: str | None = None
    # With `department_path` (the lookup from the model to its department, e.g. "item__department"), a member of staff
    # sees and changes only rows of the departments where their role holds `role_permission` (every department when
    # placed in the government office: organisations.access.staff_scope). Without it, rows shared by the whole district
    # (departments, halls, themes, synonyms) are changed only by district-wide staff and viewed by the others.
    department_path: str | None = None

    def _role_allows(self, request: HttpRequest) -> bool | None:
        if self.role_permission is None:
            return None
        user = request.user
        if user.is_superuser:
            return True
        return bool(user.is_active and user.is_staff and staff_can(user, self.role_permission))

    def department_scope(self, request: HttpRequest) -> list[int] | None:
        """The departments whose rows this person may change here; None for all."""
        user = request.user
        if self.role_permission is None or user.is_superuser:
            return None
        return staff_scope(user, self.role_permission)  # type: ignore[arg-type]

    def _in_scope(self, request: HttpRequest, obj: Any) -> bool:
        scope = self.department_scope(request)
        if scope is None:
            return True
        if self.department_path is None:
            return False  # district-wide rows: only district-wide staff change them
        if obj is None:
            return True
        department_id = self.model._default_manager.filter(pk=obj.pk).values_list(self.department_path, flat=True)
        return department_id.first() in scope

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        scope = self.department_scope(request)
        if scope is not None and self.department_path is not None:
            queryset = queryset.filter(**{f"{self.department_path}__in": scope})
        return queryset

    def has_module_permission(self, request: HttpRequest) -> bool:
        allowed = self._role_allows(request)
        return super().has_module_permission(request) if allowed is None else allowed

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._role_allows(request)
        return super().has_view_permission(request, obj) if allowed is None else allowed

    def has_add_permission(self, request: HttpRequest) -> bool:
        allowed = self._role_allows(request)
        return super().has_add_permission(request) if allowed is None else allowed and self._in_scope(request, None)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._role_allows(request)
        if allowed is None:
            return super().has_change_permission(request, obj)
        return allowed and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._role_allows(request)
        if allowed is None:
            return super().has_delete_permission(request, obj)
        return allowed and self._in_scope(request, obj)


@admin.register(Department)
class DepartmentAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["name", "uscc", "level", "consult_phone", "order"]
    list_editable = ["order"]
    search_fields = ["name", "uscc"]


class HallSessionInline(admin.TabularInline):
    """The weekly opening sessions (organisations.hours reads them with the working-day calendar)."""

    model = HallSession
    extra = 0


@admin.register(Hall)
class HallAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    list_display = ["name", "code", "level", "address", "phone", "open_on_holidays", "is_open"]
    list_filter = ["level", "is_open", "open_on_holidays"]
    search_fields = ["name", "code", "address"]
    inlines = [HallSessionInline]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["departments"]
    autocomplete_fields = ["items"]


class WindowInline(admin.TabularInline):
    model = Window.groups.through
    extra = 0
    verbose_name = _("窗口")
    verbose_name_plural = _("窗口")


@admin.register(WindowGroup)
class WindowGroupAdmin(RoleScopedAdmin):
    """Window groups with what appointments need: the items served, slot length and places per slot."""

    role_permission = "catalog.edit"
    list_display = ["hall", "code", "name", "bookable", "slot_minutes", "slot_capacity", "order"]
    list_filter = ["hall", "bookable"]
    search_fields = ["name", "hall__name"]
    autocomplete_fields = ["items"]
    inlines = [WindowInline]
