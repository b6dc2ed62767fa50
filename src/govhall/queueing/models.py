"""A queue ticket (取号): its number is per window group per day (A001, A002 …, TicketSequence), its life runs
waiting → called → serving → done (or skipped / transferred / cancelled), and finishing links it to the case and the
case's visit record, so waiting and service times are measured per hall, group, item and hour."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.queueing.constants import TicketAct, TicketPriority, TicketSource, TicketState


class Ticket(models.Model):
    hall = models.ForeignKey("organisations.Hall", on_delete=models.PROTECT, related_name="tickets")
    group = models.ForeignKey("organisations.WindowGroup", on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("日期"))
    number = models.PositiveIntegerField(_("序号"))
    source = models.CharField(_("取号方式"), max_length=12, choices=TicketSource.choices)
    priority = models.CharField(
        _("优先级"), max_length=12, choices=TicketPriority.choices, default=TicketPriority.GENERAL
    )
    state = models.CharField(_("状态"), max_length=12, choices=TicketState.choices, default=TicketState.WAITING)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    appointment = models.OneToOneField(
        "appointments.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket"
    )
    item = models.ForeignKey("catalog.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    window = models.ForeignKey(
        "organisations.Window", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    visit = models.OneToOneField("cases.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket")
    transferred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="transferred_to"
    )
    recalls = models.PositiveSmallIntegerField(_("重呼次数"), default=0)
    taken_at = models.DateTimeField(_("取号时间"), default=timezone.now)
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始办理"), null=True, blank=True)
    finished_at = models.DateTimeField(_("办理结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("排队票")
        verbose_name_plural = _("排队票")
        ordering = ["day", "group", "number"]
        indexes = [
            models.Index(fields=["group", "day", "state"], name="ticket_queue_idx"),
            models.Index(fields=["hall", "day", "state"], name="ticket_hall_day_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["group", "day", "number"], name="ticket_number_unique"),
            models.CheckConstraint(condition=Q(state__in=TicketState.values), name="ticket_state_valid"),
            models.CheckConstraint(condition=Q(priority__in=TicketPriority.values), name="ticket_priority_valid"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        """A012: the group's letter and the day's sequence, as called on the hall screen."""
        return f"{self.group.code}{self.number:03d}"


class TicketSequence(models.Model):
    """The last ticket number handed out in a window group on a day; its row is locked while a number is taken."""

    group = models.ForeignKey("organisations.WindowGroup", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("票号序列")
        verbose_name_plural = _("票号序列")
        constraints = [models.UniqueConstraint(fields=["group", "day"], name="ticket_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.day} {self.last}"


class TicketEvent(models.Model):
    """One act on a ticket (取号, 叫号, 重呼, 过号, 开始办理, 转组, 办结) with its window, member of staff and time: the
    history the hall calling screen reads its calls from (newest id first) and the figures can be checked against."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    hall = models.ForeignKey("organisations.Hall", on_delete=models.CASCADE, related_name="+")
    act = models.CharField(_("动作"), max_length=12, choices=TicketAct.choices)
    window = models.ForeignKey(
        "organisations.Window", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("排队记录")
        verbose_name_plural = _("排队记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["hall", "act", "id"], name="ticket_event_calls_idx")]
        constraints = [models.CheckConstraint(condition=Q(act__in=TicketAct.values), name="ticket_event_act_valid")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.act} {self.at:%H:%M:%S}"
