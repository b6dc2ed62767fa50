from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "govhall.core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        from govhall.core import checks, providers  # noqa: F401 - registers the system checks
        from govhall.core.bounds import IdConverter
        from govhall.core.keys import record_after_migrate

        post_migrate.connect(record_after_migrate, sender=self, dispatch_uid="govhall.core.record_key_checks")
        register_converter(IdConverter, "id")
