"""Appointments (预约): what the hall does with them. Booking, cancelling, rescheduling and the sweeps are
appointments.booking (docs/appointments.md); check_in is what the hall's kiosk and window call when the person arrives:
it turns a live appointment of today into an arrival the queue gives a ticket to."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.core import audit


class AppointmentError(Exception):
    """Something asked of an appointment that cannot be done; the message says why, in words a person understands."""


def check_in(appointment: Appointment, *, at: datetime | None = None) -> Appointment:
    """签到: a booked appointment of today, locked while it changes, becomes CHECKED_IN (once). Arriving early is
    fine (the ticket waits its turn); arriving after the slot has ended is not — the person takes a general ticket."""
    now = timezone.localtime(at or timezone.now())
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.BOOKED:
            raise AppointmentError(f"该预约{locked.get_state_display()}，不能签到。")
        if locked.day != now.date():
            raise AppointmentError(f"该预约的日期是 {locked.day:%Y-%m-%d}，请在当天签到。")
        if now.time() > locked.end:
            raise AppointmentError("预约时段已过，请现场取号。")
        locked.state = AppointmentState.CHECKED_IN
        locked.changed_at = now
        locked.save(update_fields=["state", "changed_at"])
        audit.record(actor=locked.account, action="appointments.check_in", target=locked, detail={"code": locked.code})
    return locked
