"""instant.services.review (秒批抽查): a reviewer of the case's department marks a sampled approval 通过 or 有误; 有误
needs a note and tells the department's approvers."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.cases.tests.factories import submitted_case
from govhall.instant import services
from govhall.instant.constants import Outcome, ReviewState
from govhall.instant.models import InstantDecision
from govhall.instant.tests.factories import applicant, business_item
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision():
    case = submitted_case(applicant=applicant(), item=business_item())
    return InstantDecision.objects.create(case=case, outcome=Outcome.APPROVED, review_state=ReviewState.PENDING)


def test_a_reviewer_passes_it(decision):
    reviewer = staff("rita", Role.REVIEWER, department=decision.case.department)
    done = services.review(decision=decision, reviewer=reviewer, correct=True)
    assert (done.review_state, done.reviewer) == ("correct", reviewer)
    with pytest.raises(services.InstantError, match="不在待抽查状态"):
        services.review(decision=done, reviewer=reviewer, correct=True)


def test_wrong_needs_a_note_and_tells_the_approvers(decision):
    reviewer = staff("rita", Role.REVIEWER, department=decision.case.department)
    approver = staff("adam", Role.APPROVER, department=decision.case.department)
    with pytest.raises(services.InstantError, match="请写明问题"):
        services.review(decision=decision, reviewer=reviewer, correct=False)
    done = services.review(decision=decision, reviewer=reviewer, correct=False, note="住所与实际不符")
    assert done.review_state == "wrong"
    told = Notification.objects.get(user=approver)
    assert told.title == f"秒批办件 {decision.case.number} 抽查有误" and "住所与实际不符" in told.body


def test_staff_of_another_department_may_not(decision):
    outsider = staff("oscar", Role.REVIEWER)
    with pytest.raises(services.InstantError, match="只有该部门的审查人员"):
        services.review(decision=decision, reviewer=outsider, correct=True)
