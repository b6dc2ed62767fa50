from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "govhall.cases"
    verbose_name = "办件"
