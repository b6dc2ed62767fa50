"""Operators' view of notice deliveries: what was sent by SMS and email, what is pending and what failed (the same
rows `manage.py undelivered` lists), with an action to send failed ones again."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.cases import notifications
from govhall.cases.models import Delivery
from govhall.core.admin import ReadOnlyMixin
from govhall.organisations.admin import RoleScopedAdmin


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "operations.outbox"
    list_display = ["notice", "via", "state", "attempts", "created_at", "sending_at", "sent_at", "last_error"]
    list_filter = ["state", "via"]
    search_fields = ["notification__case__number"]
    list_select_related = ["notification"]
    readonly_fields = ["notification", "via", "state", "attempts", "created_at", "sending_at", "sent_at", "last_error"]
    actions = ["send_again"]

    @admin.display(description=gettext_lazy("消息"), ordering="notification__title")
    def notice(self, obj: Delivery) -> str:
        return obj.notification.title

    @admin.action(description=gettext_lazy("立即重新发送未送达的消息"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = notifications.send_again(deliveries=list(queryset), actor=request.user)
        messages.info(request, _("已重新排队发送 %(count)d 条。") % {"count": count})
