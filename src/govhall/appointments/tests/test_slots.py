"""appointments.slots: slots of a window group inside the hall's sessions, the booking window, free places."""

from datetime import time, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from govhall.accounts.tests.factories import person
from govhall.appointments import booking
from govhall.appointments.slots import find_slot, group_for, halls_for, slots_on
from govhall.appointments.tests.factories import bookable_hall, bookable_item, local, next_weekday
from govhall.core.models import Holiday

pytestmark = pytest.mark.django_db


def test_slots_fill_the_sessions_and_count_free_places():
    item = bookable_item()
    hall, group = bookable_hall(item, capacity=2, minutes=30)
    day = next_weekday()
    booking.book(account=person("alice"), hall=hall, item=item, day=day, start=time(9))
    result = slots_on(hall, group, day)
    starts = [slot.start for slot in result.slots]
    assert len(starts) == 6 + 8  # 9:00–12:00 and 13:30–17:30 in half hours
    assert starts[0] == time(9) and starts[6] == time(13, 30) and result.slots[-1].end == time(17, 30)
    assert result.slots[0].free == 1 and result.slots[1].free == 2


def test_a_cancelled_booking_frees_its_place():
    item = bookable_item()
    hall, group = bookable_hall(item, capacity=1)
    alice = person("alice")
    day = next_weekday()
    appointment = booking.book(account=alice, hall=hall, item=item, day=day, start=time(9))
    assert find_slot(hall, group, day, time(9)).free == 0
    booking.cancel(appointment=appointment, account=alice)
    assert find_slot(hall, group, day, time(9)).free == 1


def test_days_outside_the_booking_window_have_no_slots_and_say_why():
    item = bookable_item()
    hall, group = bookable_hall(item)
    today = timezone.localdate()
    assert slots_on(hall, group, today).slots == ()
    assert "可预约" in slots_on(hall, group, today + timedelta(days=30)).reason
    with override_settings(APPOINTMENT_FIRST_DAY=0):
        late = local(today, time(16, 10))
        assert [slot.start for slot in slots_on(hall, group, today, now=late).slots] in ([], [time(16, 30), time(17)])


def test_a_holiday_has_no_slots_with_the_reason():
    item = bookable_item()
    hall, group = bookable_hall(item)
    day = next_weekday()
    Holiday.objects.update_or_create(date=day, defaults={"is_working_day": False, "name": "测试假日"})
    result = slots_on(hall, group, day)
    assert result.slots == () and "法定节假日休息" in result.reason


def test_the_group_serving_the_item_and_the_halls_offering_it():
    item, other = bookable_item(), bookable_item(number=2)
    hall, group = bookable_hall(item)
    assert group_for(hall, item) == group and group_for(hall, other) is None
    group.bookable = False
    group.save(update_fields=["bookable"])
    assert group_for(hall, item) is None and halls_for(item) == []
