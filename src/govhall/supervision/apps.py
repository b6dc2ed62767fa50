from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "govhall.supervision"
    verbose_name = _("效能监察")
