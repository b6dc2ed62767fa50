from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BundlesConfig(AppConfig):
    name = "govhall.bundles"
    verbose_name = _("一件事一次办")

    def ready(self) -> None:
        from govhall.bundles import following
        from govhall.cases import events, notifications

        events.subscribe(following.on_event)
        notifications.cover(following.covered)  # the bundle's own notice tells these, once
