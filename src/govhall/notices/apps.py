from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "govhall.notices"
    verbose_name = _("消息通知")
