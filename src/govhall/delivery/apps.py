from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "govhall.delivery"
    verbose_name = _("双向寄递")
