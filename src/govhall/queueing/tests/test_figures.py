"""The queue figures (queueing.figures): waits, 超时等候 over the configured limit, service times, by hall, group, item
and hour; a transferred ticket counts once, from its first taking."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.catalog.tests.factories import ItemFactory
from govhall.queueing import services
from govhall.queueing.figures import queue_figures, queue_total
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import clerk_at, hall_floor, ticket


def waited(t: Ticket, minutes: int, served: int | None = None) -> None:
    called = t.taken_at + timedelta(minutes=minutes)
    fields = {"called_at": called, "state": "called"}
    if served is not None:
        fields |= {"started_at": called, "finished_at": called + timedelta(minutes=served), "state": "done"}
    Ticket.objects.filter(pk=t.pk).update(**fields)


@pytest.mark.django_db
def test_waits_overdue_and_service_by_group(settings):
    settings.QUEUE_OVERDUE_WAIT_MINUTES = 30
    _hall, a, b, *_ = hall_floor()
    waited(ticket(a), 10, served=4)
    waited(ticket(a), 40, served=8)
    ticket(a)  # still waiting: taken, not in the waits
    waited(ticket(b), 20)
    rows = {row.label: row for row in queue_figures(Ticket.objects.all(), "group")}
    assert (rows["综合受理"].taken, rows["综合受理"].called, rows["综合受理"].overdue) == (3, 2, 1)
    assert rows["综合受理"].average_wait == 25 and rows["综合受理"].average_service == 6
    assert rows["综合受理"].overdue_rate == 0.5 and rows["不动产登记"].average_service is None
    total = queue_total(Ticket.objects.all())
    assert (total.taken, total.called, total.overdue, total.average_wait) == (4, 3, 1, round(70 / 3, 1))


@pytest.mark.django_db
def test_by_item_and_hour_and_a_transfer_counts_once():
    hall, a, b, one, _two = hall_floor()
    item = ItemFactory(name="户口迁移")
    a.items.add(item)
    first = ticket(a, item=item, minutes_ago=12)
    called = services.call_next(window=one, staff=clerk_at(hall))
    assert called == first
    services.transfer(ticket=called, staff=clerk_at(hall), group=b)
    by_item = queue_figures(Ticket.objects.all(), "item")
    assert [(row.label, row.taken) for row in by_item] == [("未选事项", 1)]  # B does not do 户口迁移
    by_hour = queue_figures(Ticket.objects.all(), "hour")
    assert [row.label for row in by_hour] == [f"{timezone.localtime(first.taken_at).hour:02d}:00"]
    assert queue_total(Ticket.objects.all()).taken == 1
