from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.accounts.access import signed_in
from govhall.cases.constants import Act
from govhall.core.admin import ReadOnlyMixin
from govhall.integrations import services
from govhall.integrations.models import DepartmentEndpoint, WebhookDelivery
from govhall.organisations.admin import RoleScopedAdmin


class EndpointForm(forms.ModelForm):
    acts = forms.MultipleChoiceField(
        label=gettext_lazy("推送的动作"),
        choices=Act.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("不选则推送全部动作"),
    )

    class Meta:
        model = DepartmentEndpoint
        fields = ["department", "name", "url", "acts", "active"]


@admin.register(DepartmentEndpoint)
class DepartmentEndpointAdmin(RoleScopedAdmin):
    """Operators register department systems; the signing secret is shown once, when made or rotated."""

    role_permission = "operations.staff"
    form = EndpointForm
    list_display = ["name", "department", "url", "active", "created_at"]
    list_filter = ["active", "department"]
    search_fields = ["name", "url", "department__name"]
    actions = ["rotate_secret"]

    def save_model(self, request: HttpRequest, obj: DepartmentEndpoint, form: Any, change: bool) -> None:
        if not change:
            obj.secret = services.new_secret()
            messages.warning(
                request, _("签名密钥（只显示这一次，请交给部门系统妥善保存）：%(secret)s") % {"secret": obj.secret}
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("更换签名密钥"))
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[DepartmentEndpoint]) -> None:
        for endpoint in queryset:
            secret = services.rotate_secret(endpoint=endpoint, actor=signed_in(request))
            messages.warning(
                request,
                _("%(name)s 的新签名密钥（只显示这一次）：%(secret)s") % {"name": endpoint.name, "secret": secret},
            )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyMixin, RoleScopedAdmin):
    """What was sent to which department system, and what failed; read-only apart from sending failed ones again."""

    role_permission = "operations.outbox"
    list_display = ["case_number", "act", "endpoint", "state", "attempts", "last_status", "last_error", "delivered_at"]
    list_filter = ["state", "endpoint__department"]
    search_fields = ["event__case__number", "endpoint__name"]
    list_select_related = ["event__case", "endpoint"]
    readonly_fields = [
        "endpoint",
        "event",
        "state",
        "attempts",
        "created_at",
        "last_attempt_at",
        "delivered_at",
        "last_status",
        "last_error",
    ]
    actions = ["send_again"]

    @admin.display(description=gettext_lazy("办件编号"), ordering="event__case__number")
    def case_number(self, obj: WebhookDelivery) -> str:
        return obj.event.case.number

    @admin.display(description=gettext_lazy("动作"))
    def act(self, obj: WebhookDelivery) -> str:
        return obj.event.get_act_display()

    @admin.action(description=gettext_lazy("重新推送失败的记录"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = services.retry_failed(deliveries=list(queryset), actor=signed_in(request))
        messages.info(request, _("已重新排队推送 %(count)d 条。") % {"count": count})
