"""The third-party apps under Chinese names (the admin lists apps by verbose_name; these ship English ones).
INSTALLED_APPS names these configs instead of the packages' own; the labels, and so the tables and migrations, stay
the packages' own."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig
from oauth2_provider.apps import DOTConfig


class TasksConfig(TasksAppConfig):
    verbose_name = _("后台任务")  # type: ignore[assignment]  # (the package declares a plain str)


class OAuthConfig(DOTConfig):
    verbose_name = _("开放授权（OAuth 2.0）")


class HtmxConfig(AppConfig):
    name = "django_htmx"
    verbose_name = _("页面局部刷新（htmx）")
