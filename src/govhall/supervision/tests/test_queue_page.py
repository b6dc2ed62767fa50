"""/supervision/queue/: the queue figures for supervisors (scoped by their departments' items), refused to others."""

from datetime import timedelta

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory, ItemFactory
from govhall.organisations.constants import Role
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import citizen, hall_floor, ticket


@pytest.fixture
def tickets(db):
    hall, a, *_ = hall_floor()
    mine, theirs = DepartmentFactory(name="区市场监管局"), DepartmentFactory(name="区公安分局")
    ours, other = ItemFactory(department=mine, name="食品经营许可"), ItemFactory(department=theirs, name="户口迁移")
    a.items.add(ours, other)
    late = ticket(a, item=ours)
    Ticket.objects.filter(pk=late.pk).update(called_at=late.taken_at + timedelta(minutes=50), state="called")
    ticket(a, item=other)
    return hall, mine


def test_an_office_supervisor_sees_every_ticket(client, tickets):
    client.force_login(staff("sam", Role.SUPERVISOR, department=DepartmentFactory(name="区政府办")))
    page = client.get(reverse("supervision:queue"), {"split": "item"})
    assert page.status_code == 200
    assert "食品经营许可" in page.text and "户口迁移" in page.text and "超时等候率" in page.text and "100%" in page.text


def test_a_department_supervisor_sees_their_items_only(client, tickets):
    _hall, mine = tickets
    client.force_login(staff("sue", Role.SUPERVISOR, department=mine))
    page = client.get(reverse("supervision:queue"), {"split": "item"})
    assert "食品经营许可" in page.text and "户口迁移" not in page.text


def test_bad_filters_are_a_400_and_others_are_refused(client, tickets):
    client.force_login(staff("sam", Role.SUPERVISOR, department=DepartmentFactory(name="区政府办")))
    bad = client.get(reverse("supervision:queue"), {"day_from": "2026-12-01", "day_to": "2026-01-01"})
    assert bad.status_code == 400 and "截止日期不能早于起始日期" in bad.text
    assert client.get(reverse("supervision:queue"), {"split": "nope"}).status_code == 400
    client.force_login(citizen())
    assert client.get(reverse("supervision:queue")).status_code == 403
