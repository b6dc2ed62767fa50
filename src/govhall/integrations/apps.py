from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "govhall.integrations"
    verbose_name = _("部门系统对接")

    def ready(self) -> None:
        from govhall.cases import events
        from govhall.integrations import webhooks
        from govhall.notices.sending import list_undelivered_with

        events.subscribe(webhooks.on_event)  # after cases' own subscribers (INSTALLED_APPS order)
        list_undelivered_with(webhooks.undelivered)
