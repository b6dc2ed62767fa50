from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core import audit, workdays
from govhall.core.constants import Channel
from govhall.core.models import AuditEvent, Holiday


class AuditedAdmin(admin.ModelAdmin):
    """Admin whose every save and delete writes an audit row. Who may use it is Django's per-model permissions; an
    admin whose users come from the staff role table and are narrowed by department is
    govhall.organisations.admin.RoleScopedAdmin (core knows no roles nor departments)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "role_permission", None) is not None and not getattr(cls, "role_scoped", False):
            raise TypeError(f"{cls.__name__}: role_permission needs govhall.organisations.admin.RoleScopedAdmin")

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
