from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "govhall.supervision"
    verbose_name = "效能监察"
