from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "govhall.contrib.demo"
    label = "contrib_demo"
    verbose_name = _("演示外部系统")
