from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The staff surface (工作台): the department inbox, handling a case, and the window (帮办代办, 即办件, post-checks).
    Pages only; the rules are in cases."""

    name = "govhall.workbench"
    label = "workbench"
    verbose_name = _("工作台")
