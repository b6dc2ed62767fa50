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
FINAL_STATES = frozenset({TicketState.DONE, TicketState.SKIPPED, TicketState.TRANSFERRED, TicketState.CANCELLED})
AT_WINDOW_STATES = frozenset({TicketState.CALLED, TicketState.SERVING})
"""A window holds at most one ticket in these states: the person it called, or is serving."""


class TicketAct(models.TextChoices):
    """What happened to a ticket (TicketEvent.act): the row the hall screen reads calls from and the timing is kept in."""

    TAKE = "take", _("取号")
    CALL = "call", _("叫号")
    RECALL = "recall", _("重呼")
    SKIP = "skip", _("过号")
    START = "start", _("开始办理")
    TRANSFER = "transfer", _("转组")
    FINISH = "finish", _("办结")


CALLING_ACTS = frozenset({TicketAct.CALL, TicketAct.RECALL})
"""The acts the hall calling screen announces (请 A012 号到 3 号窗口办理)."""
SCREEN_ACTS = CALLING_ACTS | {TicketAct.TAKE, TicketAct.TRANSFER}
"""The acts that change what the calling screen shows: a call, or the people waiting per group (a ticket taken, a call,
a transfer into another group)."""
CALLS_VERSION_KEY = "queue:calls-version:"
"""The shared cache's key (+ hall id) of the counter each committed SCREEN_ACTS act moves on (selectors.calls_version)."""
