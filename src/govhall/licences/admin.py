"""Back office of the licence library: the licence types (证照目录) and the issued licences, read-only, with state
actions (暂扣, 恢复, 撤销) that ask for a reason and go through licences.services (event, log entry, audit)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.accounts.access import signed_in
from govhall.core.admin import ReadOnlyMixin
from govhall.licences import services
from govhall.licences.constants import LicenceState
from govhall.licences.models import Licence, LicenceEvent, LicenceType
from govhall.organisations.admin import RoleScopedAdmin


@admin.register(LicenceType)
class LicenceTypeAdmin(RoleScopedAdmin):
    role_permission = "catalog.edit"
    department_path = "issuing_department"
    list_display = ["name", "code", "issuer_name", "holder_kind", "validity_years", "external", "active"]
    list_filter = ["holder_kind", "external", "active"]
    search_fields = ["name", "code", "issuer_name"]
    autocomplete_fields = ["items"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class LicenceEventInline(admin.TabularInline):
    model = LicenceEvent
    fields = readonly_fields = ("at", "from_state", "to_state", "reason", "actor", "log_index")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Licence)
class LicenceAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "cases.decide"
    department_path = "issuer_department"
    list_display = ["identifier", "licence_type", "holder_masked", "state", "issued_at", "valid_until", "case_number"]
    list_filter = ["state", "licence_type"]
    search_fields = ["identifier", "number", "case_number"]
    fields = readonly_fields = (
        "identifier",
        "licence_type",
        "number",
        "version",
        "holder_kind",
        "holder_masked",
        "holder_id_type",
        "issuer_name",
        "issuer_uscc",
        "issued_at",
        "valid_from",
        "valid_until",
        "state",
        "case_number",
        "item",
        "sm3",
        "signature",
        "key_id",
        "public_key",
        "log_index",
        "replaces",
    )
    inlines = [LicenceEventInline]
    actions = ["suspend", "restore", "revoke"]

    @admin.display(description=gettext_lazy("持证主体"))
    def holder_masked(self, obj: Licence) -> str:
        return obj.holder_masked

    def _change(self, request: HttpRequest, queryset: Any, to_state: str, title: str) -> HttpResponse | None:
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "licences": queryset,
                "action": request.POST.get("action", ""),
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/licences/licence/change_state.html", context)
        actor = signed_in(request)
        done = 0
        for licence in queryset:
            try:
                services.change_state(
                    licence=licence, to_state=to_state, reason=form.cleaned_data["reason"], actor=actor
                )
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{licence.identifier}：{'；'.join(exc.messages)}", messages.ERROR)
        if done:
            self.message_user(request, _("已变更 %(count)d 张证照的状态。") % {"count": done})
        return None

    @admin.action(description=gettext_lazy("暂扣所选证照"))
    def suspend(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        return self._change(request, queryset, LicenceState.SUSPENDED, _("暂扣证照"))

    @admin.action(description=gettext_lazy("恢复所选暂扣证照"))
    def restore(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        return self._change(request, queryset, LicenceState.VALID, _("恢复证照"))

    @admin.action(description=gettext_lazy("撤销所选证照"))
    def revoke(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        return self._change(request, queryset, LicenceState.REVOKED, _("撤销证照"))
