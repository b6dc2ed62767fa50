"""The periodic sweeps: booked appointments whose slot has ended become 爽约 (once, audited); tomorrow's booked
appointments get one reminder (inbox and SMS/email through notices), never twice, never for a cancelled one."""

from datetime import time, timedelta

import pytest

from govhall.accounts.tests.factories import person
from govhall.appointments import booking, tasks
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, local
from govhall.core.models import AuditEvent
from govhall.notices.models import Notification

pytestmark = pytest.mark.django_db


def test_no_shows_are_marked_once_the_slot_has_ended():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    alice = person("alice")
    appointment = booked(alice, hall, item, start=time(9))
    later = booked(person("bob", number=1), hall, item, start=time(16))
    during = local(appointment.day, time(9, 15))
    assert booking.mark_no_shows(now=during) == 0
    evening = local(appointment.day, time(12))
    assert booking.mark_no_shows(now=evening) == 1 and booking.mark_no_shows(now=evening) == 0
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.NO_SHOW
    assert Appointment.objects.get(pk=later.pk).state == AppointmentState.BOOKED
    assert booking.mark_no_shows(now=evening + timedelta(days=1)) == 1
    assert AuditEvent.objects.filter(action="appointments.no_show").count() == 2
    assert tasks.mark_no_shows.call() == 0  # the periodic task's entry


def test_the_reminder_the_day_before_goes_once():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    alice, bob = person("alice"), person("bob", number=1)
    appointment = booked(alice, hall, item, start=time(14))
    cancelled = booked(bob, hall, item, start=time(15))
    booking.cancel(appointment=cancelled, account=bob)
    eve = local(appointment.day - timedelta(days=1), time(18))
    two_days_before = eve - timedelta(days=1)
    assert booking.send_reminders(now=two_days_before) == 0
    assert booking.send_reminders(now=eve) == 1 and booking.send_reminders(now=eve) == 0
    reminder = Notification.objects.get(user=alice, title__startswith="【预约提醒】")
    assert "14:00" in reminder.title and appointment.code in reminder.body
    assert Appointment.objects.get(pk=appointment.pk).reminded_at == eve
    assert not Notification.objects.filter(user=bob, title__startswith="【预约提醒】").exists()
