"""The call order (queueing.priority): 预约 > 老年人/残疾人 > 普通 by default, oldest first within a class, a ticket
waiting past QUEUE_STARVATION_MINUTES before all, and the order configurable."""

import pytest

from govhall.queueing.constants import TicketPriority
from govhall.queueing.selectors import waiting_order
from govhall.queueing.tests.factories import hall_floor, ticket


@pytest.mark.django_db
def test_classes_then_time_taken(settings):
    settings.QUEUE_STARVATION_MINUTES = 0
    _hall, a, *_ = hall_floor()
    general = ticket(a, minutes_ago=20)
    elderly = ticket(a, priority=TicketPriority.PRIORITY, minutes_ago=5)
    booked_late = ticket(a, priority=TicketPriority.APPOINTMENT, minutes_ago=1)
    booked_early = ticket(a, priority=TicketPriority.APPOINTMENT, minutes_ago=3)
    assert waiting_order([a.pk]) == [booked_early.pk, booked_late.pk, elderly.pk, general.pk]


@pytest.mark.django_db
def test_a_ticket_waiting_too_long_goes_first(settings):
    settings.QUEUE_STARVATION_MINUTES = 40
    _hall, a, *_ = hall_floor()
    booked = ticket(a, priority=TicketPriority.APPOINTMENT)
    starving = ticket(a, minutes_ago=45)
    very_starving = ticket(a, minutes_ago=50)
    assert waiting_order([a.pk]) == [very_starving.pk, starving.pk, booked.pk]


@pytest.mark.django_db
def test_the_order_is_configurable(settings):
    settings.QUEUE_STARVATION_MINUTES = 0
    settings.QUEUE_PRIORITY_ORDER = ["priority", "appointment", "general"]
    _hall, a, *_ = hall_floor()
    booked = ticket(a, priority=TicketPriority.APPOINTMENT, minutes_ago=9)
    elderly = ticket(a, priority=TicketPriority.PRIORITY)
    assert waiting_order([a.pk]) == [elderly.pk, booked.pk]
