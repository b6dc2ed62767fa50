from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "govhall.contrib.demo"
    label = "contrib_demo"
    verbose_name = "演示外部系统"
