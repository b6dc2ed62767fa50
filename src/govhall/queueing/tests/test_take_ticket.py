"""取号: numbers per window group per day, one live ticket per person and group, items of the group only, and no two
people with the same number when they take one at the same moment (PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from govhall.catalog.tests.factories import ItemFactory
from govhall.core.models import AuditEvent
from govhall.queueing import services
from govhall.queueing.constants import TicketAct, TicketSource, TicketState
from govhall.queueing.models import Ticket, TicketSequence
from govhall.queueing.tests.factories import citizen, hall_floor, ticket


@pytest.mark.django_db
def test_numbers_run_per_group_and_day():
    _hall, a, b, _one, _two = hall_floor()
    first, second, other = ticket(a), ticket(a), ticket(b)
    assert (first.display_number, second.display_number, other.display_number) == ("A001", "A002", "B001")
    assert first.state == TicketState.WAITING and first.day == timezone.localdate()
    assert list(first.events.values_list("act", flat=True)) == [TicketAct.TAKE]
    assert AuditEvent.objects.filter(action="queue.take", object_id=str(first.pk)).exists()


@pytest.mark.django_db
def test_a_new_day_starts_at_one():
    _hall, a, *_ = hall_floor()
    TicketSequence.objects.create(group=a, day=timezone.localdate() - timedelta(days=1), last=57)
    assert ticket(a).number == 1


@pytest.mark.django_db
def test_one_live_ticket_per_person_and_group():
    _hall, a, b, *_ = hall_floor()
    alice = citizen()
    ticket(a, account=alice, source=TicketSource.PHONE)
    with pytest.raises(services.QueueError, match="已在该分组取号"):
        ticket(a, account=alice, source=TicketSource.PHONE)
    assert ticket(b, account=alice, source=TicketSource.PHONE).number == 1
    assert TicketSequence.objects.get(group=a).last == 1  # the refused take used no number


@pytest.mark.django_db
def test_an_item_of_another_group_and_bad_values_are_refused():
    _hall, a, *_ = hall_floor()
    with pytest.raises(services.QueueError, match="不在这个窗口分组"):
        ticket(a, item=ItemFactory())
    with pytest.raises(services.QueueError, match="无效"):
        services.take_ticket(group=a, source="fax")
    item = ItemFactory()
    a.items.add(item)
    assert ticket(a, item=item).item == item


@pytest.mark.skipif(connection.vendor != "postgresql", reason="writers at once need PostgreSQL (SQLite serialises)")
@pytest.mark.django_db(transaction=True)
def test_parallel_takes_get_distinct_consecutive_numbers():
    _hall, a, *_ = hall_floor()
    start, numbers, errors = threading.Barrier(8), [], []

    def take() -> None:
        try:
            start.wait()
            for _ in range(3):
                numbers.append(services.take_ticket(group=a, source=TicketSource.KIOSK).number)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 25))
    assert Ticket.objects.filter(group=a).count() == 24
