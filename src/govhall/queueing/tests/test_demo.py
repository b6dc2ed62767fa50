"""load_demo_queue: window groups and windows per hall, today's tickets in the demo clerk's hall (some served, one at
window 1, some waiting) — and nothing twice when run again."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from govhall.catalog.tests.factories import HallFactory
from govhall.organisations.models import Window, WindowGroup
from govhall.queueing.demo import PLAN, WAITING, load_demo_queue
from govhall.queueing.models import Ticket, TicketEvent
from govhall.queueing.selectors import hall_calls
from govhall.queueing.tests.factories import clerk_at


@pytest.mark.django_db
def test_groups_windows_and_tickets_once():
    first, second = HallFactory(name="A 中心"), HallFactory(name="B 中心")
    WindowGroup.objects.create(hall=first, code="A", name="已有分组")  # made by another demo: kept
    clerk_at(first, "clerk")
    made = load_demo_queue()
    assert made == len(PLAN) + len(WAITING) + 3  # the second hall: three waiting
    assert WindowGroup.objects.get(hall=first, code="A").name == "已有分组"
    assert WindowGroup.objects.filter(hall=second).count() == 3 and Window.objects.filter(hall=second).count() == 5
    assert Ticket.objects.filter(hall=first, state="done").count() == sum(1 for p in PLAN if p[3] is not None)
    assert Ticket.objects.filter(hall=first, state="called", window__number="1").count() == 1
    assert hall_calls(first)[0].window == "1"
    assert load_demo_queue() == 0
    assert Ticket.objects.count() == made and WindowGroup.objects.count() == 6


@pytest.mark.django_db
def test_loaded_just_after_midnight_the_day_s_tickets_stay_today():
    """The demo's plan reaches 150 minutes back; loaded at 00:10 it shrinks into the ten minutes the day has had, so
    the calling screen and the figures of today still show it (CI once ran at 00:10 Beijing time)."""
    hall = HallFactory(name="A 中心")
    clerk_at(hall, "clerk")
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    with mock.patch("django.utils.timezone.now", return_value=midnight + timedelta(minutes=10)):
        load_demo_queue()
        assert hall_calls(hall), "the calls of the demo day are not today's"
    assert not Ticket.objects.filter(taken_at__lt=midnight).exists()
    assert not TicketEvent.objects.filter(at__lt=midnight).exists()
