from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import staff
from govhall.cases.deadlines import sweep_deadlines
from govhall.cases.models import Case
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def accepted_case(days_left: int) -> Case:
    case = submitted_case()
    Case.objects.filter(pk=case.pk).update(
        state="accepted", promised_deadline=timezone.localdate() + timedelta(days=days_left)
    )
    case.refresh_from_db()
    return case


def test_warning_then_overdue_each_once_to_the_reviewers():
    department = DepartmentFactory(name="区行政审批局")
    reviewer = staff("reviewer", Role.REVIEWER, department=department)
    staff("catalog", Role.CATALOG_MANAGER, department=department)  # not a reviewer: not told
    case = accepted_case(days_left=1)
    assert sweep_deadlines.call() == {"warning": 1, "overdue": 0, "post_check": 0}
    assert sweep_deadlines.call() == {"warning": 0, "overdue": 0, "post_check": 0}  # once per level
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["reviewer"]
    Case.objects.filter(pk=case.pk).update(promised_deadline=timezone.localdate() - timedelta(days=1))
    assert sweep_deadlines.call() == {"warning": 0, "overdue": 1, "post_check": 0}
    assert Notification.objects.filter(user=reviewer, title__startswith="【超期】").count() == 1


def test_the_handler_is_told_and_far_or_stopped_cases_are_left_alone():
    handler = staff("clerk", Role.WINDOW_CLERK, department=DepartmentFactory(name="区行政审批局"))
    near = accepted_case(days_left=0)
    Case.objects.filter(pk=near.pk).update(handler=handler)
    accepted_case(days_left=30)
    stopped = accepted_case(days_left=-5)
    Case.objects.filter(pk=stopped.pk).update(clock_stopped=True)
    assert sweep_deadlines.call() == {"warning": 1, "overdue": 0, "post_check": 0}
    assert Notification.objects.get().user == handler


def test_a_late_post_check_is_told_once_to_the_reviewers():
    from govhall.accounts.tests.factories import person
    from govhall.cases import services
    from govhall.cases.models import PostCheck
    from govhall.catalog.tests.factories import published_item

    item = published_item(commitment_allowed=True, post_check_days=5)
    staff("reviewer", Role.REVIEWER, department=item.department)
    case = services.submit_case(
        applicant=person("alice"),
        item=item,
        idempotency_key="c",
        channel="web",
        application=services.Application(commitment=True),
    )
    assert sweep_deadlines.call()["post_check"] == 0
    PostCheck.objects.filter(case=case).update(due_date=timezone.localdate() - timedelta(days=1))
    assert sweep_deadlines.call()["post_check"] == 1
    assert sweep_deadlines.call()["post_check"] == 0
    assert Notification.objects.filter(user__username="reviewer", title__startswith="【事后核查超期】").count() == 1
