from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core import audit, workdays
from govhall.core.constants import Channel
from govhall.core.models import AuditEvent, Holiday


class AuditedAdmin(admin.ModelAdmin):
    """Admin whose every save and delete writes an audit row. With `role_permission` set, who may use it comes from
    the staff role table (govhall.accounts.roles) instead of Django's per-model permissions."""

    role_permission: str | None = None
    # With `department_path` (the lookup from the model to its department, e.g. "item__department"), a member of staff
    # sees and changes only rows of the departments where their role holds `role_permission` (every department when
    # placed in the government office: accounts.access.staff_scope). Without it, rows shared by the whole district
    # (departments, halls, themes, synonyms) are changed only by district-wide staff and viewed by the others.
    department_path: str | None = None

    def _role_allows(self, request: HttpRequest) -> bool | None:
        if self.role_permission is None:
            return None
        user = request.user
        if user.is_superuser:
            return True
        from govhall.accounts.access import staff_can

        return bool(user.is_active and user.is_staff and staff_can(user, self.role_permission))

    def department_scope(self, request: HttpRequest) -> list[int] | None:
        """The departments whose rows this person may change here; None for all."""
        user = request.user
        if self.role_permission is None or user.is_superuser:
            return None
        from govhall.accounts.access import staff_scope

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

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action=f"admin.{'change' if change else 'add'}",
            channel=Channel.ADMIN,
            target=obj,
            detail={"fields": sorted(form.changed_data)} if form is not None else {},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(actor=request.user, action="admin.delete", channel=Channel.ADMIN, target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit.record(actor=request.user, action="admin.delete", channel=Channel.ADMIN, target=obj)
        super().delete_queryset(request, queryset)


class ReadOnlyMixin:
    """For the admin of a record only the system writes (deliveries): operators look, and act through admin actions.
    Put it before the admin base class."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        for year in workdays.years_missing(timezone.localdate()):
            messages.warning(
                request,
                _(
                    "%(year)d 年尚无节假日数据：工作日暂按周一至周五计算。请在国务院办公厅公布安排后录入该年的节假日与调休。"
                )
                % {"year": year},
            )
        return super().changelist_view(request, extra_context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "channel", "object_label", "result"]
    list_filter = ["channel", "result", "action"]
    search_fields = ["actor_label", "object_label", "object_id", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
