from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicencesConfig(AppConfig):
    name = "govhall.licences"
    verbose_name = _("电子证照")

    def ready(self) -> None:
        from govhall.core.crypto import register_blind_index

        register_blind_index("licences.Licence", source="holder_id", index="holder_index")
