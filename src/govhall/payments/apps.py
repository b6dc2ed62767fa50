from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "govhall.payments"
    verbose_name = _("统一公共支付")

    def ready(self) -> None:
        from govhall.cases import events
        from govhall.payments import orders

        events.subscribe(orders.on_event)  # 通知缴费 makes the order; a withdrawal closes it
