from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govhall.accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from govhall.core.crypto import register_blind_index

        register_blind_index("accounts.User", source="phone", index="phone_index")
        register_blind_index("accounts.PersonProfile", source="document_number", index="document_index")
