from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstantConfig(AppConfig):
    name = "govhall.instant"
    verbose_name = _("秒批")

    def ready(self) -> None:
        from govhall.cases import events
        from govhall.instant import handlers

        events.subscribe(handlers.on_event)
