from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitlementsConfig(AppConfig):
    name = "govhall.entitlements"
    verbose_name = _("免申即享")

    def ready(self) -> None:
        from govhall.entitlements import purposes as runs
        from govhall.sharing import purposes

        purposes.register(runs.run_purpose)  # a running policy run is a lawful purpose for fetching its people's data
