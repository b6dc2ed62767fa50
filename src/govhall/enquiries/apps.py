from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "govhall.enquiries"
    verbose_name = _("咨询投诉建议")

    def ready(self) -> None:
        from govhall.enquiries import hotline
        from govhall.notices.sending import list_undelivered_with

        list_undelivered_with(hotline.undelivered)
