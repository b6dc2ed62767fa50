from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistConfig(AppConfig):
    name = "govhall.assist"
    verbose_name = _("智能导办")
