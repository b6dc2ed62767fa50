from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govhall.core"
    verbose_name = "基础"
