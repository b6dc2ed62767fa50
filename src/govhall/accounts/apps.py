from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "govhall.accounts"
    verbose_name = _("账户")

    def ready(self) -> None:
        from govhall.core.crypto import register_blind_index

        register_blind_index("accounts.User", source="phone", index="phone_index")
        register_blind_index("accounts.PersonProfile", source="document_number", index="document_index")
