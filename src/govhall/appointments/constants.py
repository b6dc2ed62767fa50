"""预约: the states of an appointment (DOMAIN.md "Appointments"). BOOKED is the only live state; the others are final."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    CHECKED_IN = "checked_in", _("已签到")
    NO_SHOW = "no_show", _("爽约")


FINAL_STATES = frozenset({AppointmentState.CANCELLED, AppointmentState.CHECKED_IN, AppointmentState.NO_SHOW})
