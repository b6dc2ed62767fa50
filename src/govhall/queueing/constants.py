"""取号叫号: where a ticket came from, its priority class and its states (DOMAIN.md "Queue")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketSource(models.TextChoices):
    KIOSK = "kiosk", _("自助终端取号")
    PHONE = "phone", _("手机扫码取号")
    APPOINTMENT = "appointment", _("预约签到")
    WINDOW = "window", _("窗口代取")


class TicketPriority(models.TextChoices):
    APPOINTMENT = "appointment", _("预约")
    PRIORITY = "priority", _("老年人/残疾人优先")
    GENERAL = "general", _("普通")


class TicketState(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    SERVING = "serving", _("办理中")
    DONE = "done", _("已办结")
    SKIPPED = "skipped", _("过号")
    TRANSFERRED = "transferred", _("已转组")
    CANCELLED = "cancelled", _("已取消")


LIVE_STATES = frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING})
