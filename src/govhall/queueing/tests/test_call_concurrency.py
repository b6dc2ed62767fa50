"""Two windows pressing 叫号 at the same moment never call the same person (FOR UPDATE SKIP LOCKED; PostgreSQL)."""

import threading

import pytest
from django.db import connection

from govhall.organisations.models import Window
from govhall.queueing import services
from govhall.queueing.models import TicketEvent
from govhall.queueing.tests.factories import clerk_at, hall_floor, ticket

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="writers at once need PostgreSQL (SQLite serialises them)"
)


@pytest.mark.django_db(transaction=True)
def test_six_windows_calling_at_once_call_six_different_tickets():
    hall, a, *_ = hall_floor()
    windows = [Window.objects.create(hall=hall, number=str(n)) for n in range(10, 16)]
    for window in windows:
        window.groups.set([a])
    clara = clerk_at(hall)
    for _ in range(8):
        ticket(a)
    start, called, errors = threading.Barrier(6), [], []

    def press(window: Window) -> None:
        try:
            start.wait()
            called.append(services.call_next(window=window, staff=clara))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(window,)) for window in windows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = [t.number for t in called if t is not None]
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]
    assert TicketEvent.objects.filter(act="call").count() == 6
