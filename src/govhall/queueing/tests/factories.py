"""A hall with window groups A (综合受理) and B (不动产登记), windows 1 (A) and 2 (A and B), and named people: the
window clerks clara (placed in the hall) and otto (a clerk placed in another hall), the citizen alice."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory, HallFactory
from govhall.organisations.constants import Role
from govhall.organisations.models import Hall, StaffMembership, Window, WindowGroup
from govhall.queueing import services
from govhall.queueing.constants import TicketPriority, TicketSource
from govhall.queueing.models import Ticket


def hall_floor(hall: Hall | None = None) -> tuple[Hall, WindowGroup, WindowGroup, Window, Window]:
    hall = hall or HallFactory()
    a = WindowGroup.objects.create(hall=hall, code="A", name="综合受理", order=1)
    b = WindowGroup.objects.create(hall=hall, code="B", name="不动产登记", order=2)
    one = Window.objects.create(hall=hall, number="1")
    one.groups.set([a])
    two = Window.objects.create(hall=hall, number="2")
    two.groups.set([a, b])
    return hall, a, b, one, two


def clerk_at(hall: Hall, username: str = "clara", **extra: Any) -> User:
    user = User.objects.filter(username=username).first() or staff(username, Role.WINDOW_CLERK, **extra)
    StaffMembership.objects.filter(user=user).update(hall=hall)
    return user


def citizen(username: str = "alice", number: int = 0) -> User:
    return User.objects.filter(username=username).first() or person(username, number=number)


def ticket(group: WindowGroup, *, priority: str = TicketPriority.GENERAL, minutes_ago: int = 0, **extra: Any) -> Ticket:
    taken = services.take_ticket(
        group=group, source=extra.pop("source", TicketSource.KIOSK), priority=priority, **extra
    )
    if minutes_ago:
        Ticket.objects.filter(pk=taken.pk).update(taken_at=timezone.now() - timedelta(minutes=minutes_ago))
        taken.refresh_from_db()
    return taken


__all__ = ["DepartmentFactory", "citizen", "clerk_at", "hall_floor", "ticket"]
