from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "govhall.payments"
    verbose_name = _("统一公共支付")
