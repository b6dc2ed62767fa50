from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "govhall.outreach"
    verbose_name = "引导网办"
