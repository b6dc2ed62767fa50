"""Operators' view of notices: deliveries sent by SMS and email, pending and failed (the same rows `manage.py
undelivered` lists), with an action to send failed ones again; and the SMS outbox of code messages (numbers masked, no
one-time code ever shown: codes are stored masked, rows written before that are masked again on display)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.core.admin import ReadOnlyMixin
from govhall.core.crypto import mask_phone
from govhall.notices import services
from govhall.notices.models import Delivery, OutboundSms
from govhall.notices.sms import mask_codes
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
        count = services.send_again(deliveries=list(queryset), actor=request.user)
        messages.info(request, _("已重新排队发送 %(count)d 条。") % {"count": count})


@admin.register(OutboundSms)
class OutboundSmsAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sent_at", "masked", "masked_text", "provider"]
    fields = ("sent_at", "masked", "masked_text", "provider", "provider_message_id")
    readonly_fields = ("sent_at", "masked", "masked_text", "provider", "provider_message_id")

    @admin.display(description=gettext_lazy("手机号码"))
    def masked(self, message: OutboundSms) -> str:
        return mask_phone(message.phone)

    @admin.display(description=gettext_lazy("内容"))
    def masked_text(self, message: OutboundSms) -> str:
        return mask_codes(message.text)
