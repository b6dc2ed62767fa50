"""load_demo_accounts: the demo's case-handling staff hold their role in the eight departments the README names (they
held it in one, so no demo account could handle a case of 区民政局 and the other seven), and nothing more."""

import pytest

from govhall.accounts.access import staff_departments
from govhall.accounts.demo import HALL_DEPARTMENTS, load_demo_accounts
from govhall.accounts.models import User
from govhall.catalog.models import Department

pytestmark = pytest.mark.django_db


def test_case_staff_sit_in_the_eight_departments_with_their_own_role_only():
    load_demo_accounts()
    load_demo_accounts()  # idempotent
    expected = set(Department.objects.filter(name__in=["区行政审批局", *HALL_DEPARTMENTS]).values_list("pk", flat=True))
    assert len(expected) == 8
    clerk, approver = User.objects.get(username="clerk"), User.objects.get(username="approver")
    assert set(staff_departments(clerk, "cases.receive")) == expected
    assert staff_departments(clerk, "cases.decide") == []
    assert set(staff_departments(approver, "cases.decide")) == expected
    assert clerk.memberships.count() == 8
    assert staff_departments(User.objects.get(username="catalog"), "cases.view") == []
