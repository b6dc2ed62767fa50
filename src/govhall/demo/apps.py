from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "govhall.demo"
    verbose_name = "演示数据"
