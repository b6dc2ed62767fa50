"""The back office's read-only view of money: supervisors (payments.reconcile) see their department's orders only;
other roles are refused; nothing can be changed there."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.organisations.constants import Role
from govhall.payments.tests.factories import DEPARTMENT, clerk, due_order

pytestmark = pytest.mark.django_db
URL = "/admin/payments/paymentorder/"


def backoffice(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_supervisors_see_their_departments_orders_read_only(client):
    order = due_order()
    here = backoffice(staff("sup", Role.SUPERVISOR, department=DepartmentFactory(name=DEPARTMENT)))
    there = backoffice(staff("sup-b", Role.SUPERVISOR, department=DepartmentFactory(name="区卫健局")))
    client.force_login(backoffice(clerk()))
    assert client.get(URL).status_code == 403
    client.force_login(there)
    assert order.number not in client.get(URL).text
    client.force_login(here)
    page = client.get(URL)
    assert page.status_code == 200 and order.number in page.text
    assert client.get(f"{URL}{order.pk}/change/").status_code == 200
    assert client.post(f"{URL}{order.pk}/change/", {"amount_fen": 1}).status_code == 403
    for path in ("refund", "reconciliationrun", "reconciliationdifference"):
        assert client.get(f"/admin/payments/{path}/").status_code == 200
