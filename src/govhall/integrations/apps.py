from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "govhall.integrations"
    verbose_name = "部门系统对接"
