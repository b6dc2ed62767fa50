"""Overdue rectifications escalate once to the department's supervisors and the city-wide ones of 区政府办."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.evaluation.models import Rectification
from govhall.evaluation.tasks import escalate_overdue_rectifications
from govhall.evaluation.tests.factories import city_supervisor, department_staff, rated
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def overdue(rating):  # type: ignore[no-untyped-def]
    Rectification.objects.filter(rating=rating).update(due_date=timezone.localdate() - timedelta(days=1))


def test_an_overdue_rectification_escalates_exactly_once():
    rating = rated(score=1)
    city = city_supervisor()
    local = staff("local-supervisor", Role.SUPERVISOR, department=rating.department)
    staff("elsewhere", Role.SUPERVISOR, department=DepartmentFactory(name="区民政局"))  # another department's
    assert escalate_overdue_rectifications.call() == 0  # not due yet
    overdue(rating)
    assert escalate_overdue_rectifications.call() == 1
    assert escalate_overdue_rectifications.call() == 0
    told = Notification.objects.filter(title__startswith="【差评整改超期】")
    assert sorted(told.values_list("user__username", flat=True)) == sorted([city.username, local.username])
    assert Rectification.objects.get(rating=rating).escalated_at is not None


def test_answered_or_excluded_ones_do_not_escalate():
    answered = rated(score=1)
    approver = department_staff(answered.case)
    rectification = Rectification.objects.get(rating=answered)
    from govhall.evaluation import services

    services.record_call_back(rectification=rectification, actor=approver, note="回访")
    services.resolve(rectification=rectification, actor=approver, outcome="explained", reply="已解释")
    excluded = rated(score=2)
    type(excluded).objects.filter(pk=excluded.pk).update(excluded=True)
    overdue(answered)
    overdue(excluded)
    city_supervisor()
    assert escalate_overdue_rectifications.call() == 0
