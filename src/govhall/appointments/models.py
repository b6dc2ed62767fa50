"""An appointment (预约): a person's place in one slot of a hall's window group, for an item and optionally a case that
needs a visit. Checked in at the hall it becomes a queue ticket (queueing.Ticket.appointment)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.appointments.constants import AppointmentState


class Appointment(models.Model):
    code = models.CharField(_("预约码"), max_length=12, unique=True)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments")
    hall = models.ForeignKey("organisations.Hall", on_delete=models.PROTECT, related_name="appointments")
    group = models.ForeignKey("organisations.WindowGroup", on_delete=models.PROTECT, related_name="appointments")
    item = models.ForeignKey("catalog.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    day = models.DateField(_("日期"))
    start = models.TimeField(_("开始"))
    end = models.TimeField(_("结束"))
    state = models.CharField(
        _("状态"), max_length=12, choices=AppointmentState.choices, default=AppointmentState.BOOKED
    )
    booked_at = models.DateTimeField(_("预约时间"), default=timezone.now)
    changed_at = models.DateTimeField(_("最近变更"), default=timezone.now)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["day", "start", "pk"]
        indexes = [
            models.Index(fields=["group", "day", "start", "state"], name="appointment_slot_idx"),
            # The sweeps (no-shows, reminders) read the live appointments by day.
            models.Index(fields=["day"], condition=Q(state=AppointmentState.BOOKED), name="appointment_live_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=AppointmentState.values), name="appointment_state_valid"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="appointment_start_before_end"),
            # One live booking per person, item and day (appointments.booking checks it first and says so in words).
            models.UniqueConstraint(
                fields=["account", "item", "day"],
                condition=Q(state=AppointmentState.BOOKED),
                name="appointment_one_live_per_item_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.day} {self.start:%H:%M}"


class BookingDay(models.Model):
    """The row a booking locks (select_for_update) for one window group and day, so two people taking the last free
    place of a slot at the same moment are served one after the other: the second sees it taken."""

    group = models.ForeignKey("organisations.WindowGroup", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "day"], name="booking_day_unique")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.day}"
