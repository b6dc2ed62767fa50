from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "govhall.organisations"
    verbose_name = _("部门与岗位")
