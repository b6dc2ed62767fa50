from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "govhall.outreach"
    verbose_name = _("引导网办")

    def ready(self) -> None:
        from django.db.models import Q

        from govhall.notices.sending import resend_with

        # Campaign notices are sent again by their own sweep (outreach.notices.retry_outreach_deliveries).
        resend_with(Q(outreach_contact__isnull=False), None)
