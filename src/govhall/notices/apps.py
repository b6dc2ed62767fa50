from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "govhall.notices"
    verbose_name = "消息通知"
