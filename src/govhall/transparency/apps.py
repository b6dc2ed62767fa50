from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "govhall.transparency"
    verbose_name = _("可信存证")
