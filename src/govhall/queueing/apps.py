from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "govhall.queueing"
    verbose_name = _("取号叫号")
