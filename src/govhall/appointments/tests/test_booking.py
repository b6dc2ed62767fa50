"""appointments.booking: book, cancel, reschedule — the last place, one live booking per person, item and day, the
cut-off at the slot's start, the no-show pause, the confirmation notice, the 预约码 and the audit rows."""

from datetime import time, timedelta

import pytest
from django.test import override_settings

from govhall.accounts.tests.factories import person
from govhall.appointments import booking
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.services import AppointmentError
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, local, next_weekday
from govhall.catalog.tests.factories import published_item
from govhall.core.models import AuditEvent
from govhall.notices.models import Notification

pytestmark = pytest.mark.django_db


def test_booking_gives_a_code_a_notice_and_an_audit_row():
    item = bookable_item()
    hall, group = bookable_hall(item)
    alice = person("alice")
    appointment = booked(alice, hall, item, start=time(13, 30))
    assert appointment.state == AppointmentState.BOOKED and appointment.group == group
    assert (appointment.start, appointment.end) == (time(13, 30), time(14))
    assert len(appointment.code) == booking.CODE_LENGTH and set(appointment.code) <= set(booking.CODE_ALPHABET)
    notice = Notification.objects.get(user=alice)
    assert notice.title.startswith("【预约成功】") and appointment.code in notice.body
    assert AuditEvent.objects.filter(action="appointments.book", actor=alice).count() == 1


def test_the_last_place_goes_once():
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=1)
    booked(person("alice"), hall, item)
    with pytest.raises(AppointmentError, match="已约满"):
        booked(person("bob", number=1), hall, item)


def test_one_live_booking_per_person_item_and_day():
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=5)
    alice = person("alice")
    booked(alice, hall, item)
    with pytest.raises(AppointmentError, match="当天已预约该事项"):
        booked(alice, hall, item, start=time(10))
    later = next_weekday(next_weekday())
    assert booked(alice, hall, item, day=later).day == later  # another day is fine


def test_an_item_not_bookable_or_not_served_is_refused():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    alice = person("alice")
    with pytest.raises(AppointmentError, match="不支持预约"):
        booked(alice, hall, published_item(number=2))
    with pytest.raises(AppointmentError, match="暂不受理"):
        booked(alice, hall, bookable_item(number=3))


def test_a_time_that_is_not_a_slot_is_refused():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    with pytest.raises(AppointmentError, match="不可预约"):
        booked(person("alice"), hall, item, start=time(12, 30))


def test_cancel_frees_the_place_until_the_slot_starts():
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=1)
    alice = person("alice")
    appointment = booked(alice, hall, item)
    with pytest.raises(AppointmentError, match="无权"):
        booking.cancel(appointment=appointment, account=person("bob", number=1))
    started = local(appointment.day, time(9, 1))
    with pytest.raises(AppointmentError, match="已开始"):
        booking.cancel(appointment=appointment, account=alice, now=started)
    booking.cancel(appointment=appointment, account=alice)
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.CANCELLED
    booked(person("carol", number=2), hall, item)  # the place is free again
    with pytest.raises(AppointmentError, match="已取消"):
        booking.cancel(appointment=appointment, account=alice)
    assert AuditEvent.objects.filter(action="appointments.cancel").count() == 1


def test_reschedule_moves_the_booking_or_changes_nothing():
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=1)
    alice, bob = person("alice"), person("bob", number=1)
    first = booked(alice, hall, item)
    booked(bob, hall, item, start=time(10))
    with pytest.raises(AppointmentError, match="已约满"):
        booking.reschedule(appointment=first, account=alice, hall=hall, day=first.day, start=time(10))
    assert Appointment.objects.get(pk=first.pk).state == AppointmentState.BOOKED  # nothing changed
    moved = booking.reschedule(appointment=first, account=alice, hall=hall, day=first.day, start=time(11))
    assert (moved.start, moved.state, moved.code != first.code) == (time(11), AppointmentState.BOOKED, True)
    assert Appointment.objects.get(pk=first.pk).state == AppointmentState.CANCELLED
    assert AuditEvent.objects.get(action="appointments.reschedule").detail["replaces"] == first.code


@override_settings(APPOINTMENT_NO_SHOW_LIMIT=3, APPOINTMENT_NO_SHOW_WINDOW_DAYS=90, APPOINTMENT_PAUSE_DAYS=30)
def test_three_no_shows_in_ninety_days_pause_bookings_for_thirty_days():
    item = bookable_item()
    hall, group = bookable_hall(item, capacity=5)
    alice = person("alice")
    today = next_weekday(ahead=0) - timedelta(days=1)
    for days_ago in (80, 40, 5):
        Appointment.objects.create(
            code=booking.new_code(), account=alice, hall=hall, group=group, item=item,
            day=today - timedelta(days=days_ago), start=time(9), end=time(9, 30), state=AppointmentState.NO_SHOW,
        )  # fmt: skip
    assert booking.paused_until(alice, today) == today + timedelta(days=25)
    assert booking.paused_until(alice, today + timedelta(days=15)) == today + timedelta(days=25)  # the pause holds
    assert booking.paused_until(alice, today + timedelta(days=25)) is None
    with pytest.raises(AppointmentError, match="暂停预约"):
        booked(alice, hall, item)
    Appointment.objects.filter(account=alice).order_by("day").first().delete()  # two no-shows: may book
    assert booking.paused_until(alice, today) is None


def test_codes_are_unique_even_when_the_generator_repeats(monkeypatch):
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=5)
    codes = iter(["AAAAAAAA", "AAAAAAAA", "BBBBBBBB"])
    monkeypatch.setattr(booking, "new_code", lambda: next(codes))
    assert booked(person("alice"), hall, item).code == "AAAAAAAA"
    assert booked(person("bob", number=1), hall, item).code == "BBBBBBBB"
