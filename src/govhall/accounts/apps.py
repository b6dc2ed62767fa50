from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govhall.accounts"
    verbose_name = "账户"
