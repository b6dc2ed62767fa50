from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "govhall.enquiries"
    verbose_name = _("咨询投诉建议")
