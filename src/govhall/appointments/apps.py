from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "govhall.appointments"
    verbose_name = _("预约")

    def ready(self) -> None:
        """What the kept slot answers are made from moves the set-up version on (appointments.slot_cache)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from govhall.appointments.slot_cache import setup_changed
        from govhall.catalog.models import GuideVersion, Item
        from govhall.core.models import Holiday
        from govhall.organisations.models import Hall, HallSession, WindowGroup

        for model in (Hall, HallSession, WindowGroup, Item, GuideVersion, Holiday):
            post_save.connect(setup_changed, sender=model, dispatch_uid=f"slot-setup-save-{model.__name__}")
            post_delete.connect(setup_changed, sender=model, dispatch_uid=f"slot-setup-delete-{model.__name__}")
        m2m_changed.connect(setup_changed, sender=WindowGroup.items.through, dispatch_uid="slot-setup-group-items")
