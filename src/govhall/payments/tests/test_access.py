"""Who may see a payment order (payments.access): whoever may see its case — the applicant, staff whose role in the
case's department holds cases.view; another citizen and staff of another department get 404, and a place in a second
department adds nothing."""

import pytest
from django.http import Http404

from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership
from govhall.payments.access import get_order_for_user
from govhall.payments.tests.factories import DEPARTMENT, due_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return due_order()


def test_the_applicant_and_the_departments_staff_see_the_order(order):
    assert get_order_for_user(order.case.applicant, order.number) == order
    reviewer = staff("reviewer", Role.REVIEWER, department=DepartmentFactory(name=DEPARTMENT))
    assert get_order_for_user(reviewer, order.number) == order


def test_another_citizen_and_another_departments_staff_get_404(order):
    with pytest.raises(Http404):
        get_order_for_user(person("stranger", number=1), order.number)
    with pytest.raises(Http404):
        get_order_for_user(
            staff("other", Role.WINDOW_CLERK, department=DepartmentFactory(name="区卫健局")), order.number
        )
    with pytest.raises(Http404):
        get_order_for_user(order.case.applicant, "PAY2026120399999999")


def test_staff_with_places_in_two_departments_see_only_where_their_role_there_allows(order):
    """A catalog manager of the case's department who is a window clerk elsewhere: no cases.view here."""
    both = staff("both", Role.WINDOW_CLERK, department=DepartmentFactory(name="区卫健局"))
    StaffMembership.objects.create(user=both, department=DepartmentFactory(name=DEPARTMENT), role=Role.CATALOG_MANAGER)
    with pytest.raises(Http404):
        get_order_for_user(both, order.number)
    StaffMembership.objects.create(user=both, department=DepartmentFactory(name=DEPARTMENT), role=Role.REVIEWER)
    assert get_order_for_user(both, order.number) == order
