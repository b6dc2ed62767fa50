"""organisations.access.staff_departments / staff_scope / staff_can / supervisors_of: a staff member's rights in a department come only from
their role in that department."""

import pytest
from django.contrib.auth.models import AnonymousUser

from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.organisations.access import staff_can, staff_departments, staff_scope, supervisors_of
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership

pytestmark = pytest.mark.django_db


def test_each_permission_holds_only_where_the_role_granting_it_sits():
    a, b, c = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    user = staff("multi", Role.WINDOW_CLERK, department=a)
    StaffMembership.objects.create(user=user, department=b, role=Role.CATALOG_MANAGER)
    StaffMembership.objects.create(user=user, department=c, role=Role.APPROVER)
    assert staff_departments(user, "cases.view") == sorted([a.pk, c.pk])
    assert staff_departments(user, "cases.receive") == [a.pk]
    assert staff_departments(user, "cases.decide") == [c.pk]
    assert staff_departments(user, "catalog.edit") == [b.pk]
    assert staff_can(user, "cases.decide", c) and not staff_can(user, "cases.decide", a)
    assert not staff_can(user, "cases.view", b)
    assert staff_can(user, "cases.receive") and not staff_can(user, "supervision.view")


def test_the_government_office_oversees_every_department():
    office, other = DepartmentFactory(name="区政府办"), DepartmentFactory()
    city = staff("city", Role.SUPERVISOR, department=office)
    local = staff("local", Role.SUPERVISOR, department=other)
    StaffMembership.objects.create(
        user=local, department=office, role=Role.WINDOW_CLERK
    )  # a clerk there: not oversight
    assert staff_scope(city, "supervision.view") is None
    assert staff_scope(local, "supervision.view") == [other.pk]
    assert staff_scope(local, "supervision.escalate") == [other.pk]
    assert staff_scope(local, "operations.outbox") == []


def test_supervisors_of_a_department_are_its_own_and_the_government_offices():
    office, a, b = DepartmentFactory(name="区政府办"), DepartmentFactory(), DepartmentFactory()
    city = staff("city", Role.SUPERVISOR, department=office)
    own = staff("own", Role.SUPERVISOR, department=a)
    staff("elsewhere", Role.SUPERVISOR, department=b)
    staff("clerk", Role.WINDOW_CLERK, department=a)
    office_clerk = staff("office_clerk", Role.WINDOW_CLERK, department=office)  # in the office, without the permission
    found = set(supervisors_of(a, "supervision.escalate"))
    assert found == {city.pk, own.pk}
    assert office_clerk.pk not in found
    # the same rule as staff_scope, seen from the department
    assert all(staff_scope(user, "supervision.escalate") in (None, [a.pk]) for user in (city, own))


def test_people_and_visitors_hold_nothing():
    assert staff_departments(person("alice"), "cases.view") == []
    assert staff_departments(AnonymousUser(), "cases.view") == []  # type: ignore[arg-type]
    assert not staff_can(AnonymousUser(), "cases.view")  # type: ignore[arg-type]


def test_the_district_wide_department_is_a_setting(settings):
    office = DepartmentFactory(name="市政务服务管理局")
    supervisor = staff("zhao", Role.SUPERVISOR, department=office)
    assert staff_scope(supervisor, "supervision.view") == [office.pk]
    settings.OVERSIGHT_DEPARTMENTS = ["市政务服务管理局"]
    assert staff_scope(supervisor, "supervision.view") is None
