from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "govhall.sharing"
    verbose_name = _("数据共享")

    def ready(self) -> None:
        from govhall.core.crypto import register_blind_index

        register_blind_index("sharing.DataAccess", source="subject_number", index="subject_index")
