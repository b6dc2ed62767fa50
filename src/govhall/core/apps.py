from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

# The empty choice of every select (model fields, ModelChoiceField, the admin): Django 6.1's own
# "- Select an option -" has no Chinese translation yet (and its older "---------" says nothing). Set when the app
# configs are imported, before any app's ready() — the admin's autodiscovery imports forms first.
BLANK_CHOICE_LABEL = _("- 请选择 -")
fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL


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
