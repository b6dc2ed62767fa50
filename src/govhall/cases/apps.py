from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "govhall.cases"
    verbose_name = _("办件")

    def ready(self) -> None:
        from django.db.models import Q

        from govhall.cases import (
            checks,  # noqa: F401 - registers the system checks
            documents,
            events,
            exemptions,
            licensing,
            notifications,
        )
        from govhall.notices.sending import resend_with
        from govhall.sharing import purposes

        # In this order for every event: the applicant's notice, the documents, then licences and the log
        # (integrations adds webhooks).
        events.subscribe(notifications.on_event)
        events.subscribe(documents.on_event)
        events.subscribe(licensing.on_event)
        events.subscribe(exemptions.on_event)
        resend_with(Q(event__isnull=False), notifications.resend)
        purposes.register(exemptions.case_purpose)  # a filed case is a lawful purpose for fetching shared data
