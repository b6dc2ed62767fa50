"""预约签到 → an appointment-priority ticket, in one transaction with the check-in; the refusals say why."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.queueing import services
from govhall.queueing.constants import TicketPriority, TicketSource
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import citizen, hall_floor, ticket


def booking(group, *, day=None, start=time(0, 0), end=time(23, 59), code="QK7M2P", **extra):
    return Appointment.objects.create(
        code=code,
        account=citizen(),
        hall=group.hall,
        group=group,
        day=day or timezone.localdate(),
        start=start,
        end=end,
        **extra,
    )


@pytest.mark.django_db
def test_checking_in_gives_an_appointment_ticket():
    hall, a, *_ = hall_floor()
    appointment = booking(a)
    taken = services.check_in_appointment(hall_id=hall.pk, code=" qk7m2p ")
    assert (taken.priority, taken.source, taken.appointment, taken.account) == (
        TicketPriority.APPOINTMENT,
        TicketSource.APPOINTMENT,
        appointment,
        appointment.account,
    )
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CHECKED_IN


@pytest.mark.django_db
def test_unknown_code_or_other_hall_is_refused():
    hall, a, *_ = hall_floor()
    other, *_ = hall_floor()
    booking(a)
    for hall_id, code in [(hall.pk, "NOPE00"), (other.pk, "QK7M2P")]:
        with pytest.raises(services.QueueError, match="没有找到该预约码"):
            services.check_in_appointment(hall_id=hall_id, code=code)
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_twice_another_day_or_too_late_is_refused_and_nothing_is_kept():
    hall, a, *_ = hall_floor()
    booking(a)
    services.check_in_appointment(hall_id=hall.pk, code="QK7M2P")
    with pytest.raises(services.QueueError, match="不能签到"):
        services.check_in_appointment(hall_id=hall.pk, code="QK7M2P")
    booking(a, code="TOMORR", day=timezone.localdate() + timedelta(days=1))
    with pytest.raises(services.QueueError, match="请在当天签到"):
        services.check_in_appointment(hall_id=hall.pk, code="TOMORR")
    booking(a, code="LATE00", start=time(0, 0), end=time(0, 0, 1))
    with pytest.raises(services.QueueError, match="预约时段已过"):
        services.check_in_appointment(hall_id=hall.pk, code="LATE00")
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_a_person_already_holding_a_ticket_keeps_the_appointment_booked():
    hall, a, *_ = hall_floor()
    appointment = booking(a)
    ticket(a, account=appointment.account)
    with pytest.raises(services.QueueError, match="已在该分组取号"):
        services.check_in_appointment(hall_id=hall.pk, code="QK7M2P")
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.BOOKED  # the check-in rolled back with the refused ticket
