from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "govhall.portal"
    verbose_name = "门户"
