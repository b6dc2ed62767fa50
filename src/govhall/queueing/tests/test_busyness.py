"""How busy a hall is (selectors.busyness_of): people waiting per open window and today's average wait."""

from datetime import timedelta

import pytest

from govhall.organisations.models import Window
from govhall.queueing.models import Ticket
from govhall.queueing.selectors import busyness_by_hall, busyness_of
from govhall.queueing.tests.factories import hall_floor, ticket


@pytest.mark.django_db
def test_calm_moderate_busy(settings):
    settings.QUEUE_OVERDUE_WAIT_MINUTES = 30
    hall, a, *_ = hall_floor()  # two open windows
    assert (busyness_of(hall).level, busyness_of(hall).waiting, busyness_of(hall).average_wait_minutes) == (
        "calm",
        0,
        None,
    )
    for _ in range(5):
        ticket(a)
    assert busyness_of(hall).level == "moderate" and busyness_of(hall).label == "适中"
    for _ in range(8):
        ticket(a)
    assert busyness_of(hall).level == "busy"


@pytest.mark.django_db
def test_long_waits_make_a_hall_busy_and_closed_windows_do_not_count(settings):
    settings.QUEUE_OVERDUE_WAIT_MINUTES = 30
    hall, a, *_ = hall_floor()
    served = ticket(a)
    Ticket.objects.filter(pk=served.pk).update(called_at=served.taken_at + timedelta(minutes=45), state="called")
    assert busyness_of(hall).level == "busy" and busyness_of(hall).average_wait_minutes == 45
    other, b, *_ = hall_floor()
    Window.objects.filter(hall=other).update(is_open=False)
    for _ in range(3):
        ticket(b)
    assert busyness_by_hall([other.pk])[other.pk].level == "moderate"  # 3 waiting, no open window
