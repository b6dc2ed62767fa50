"""申诉复核: the department's approver appeals, a supervisor decides; upheld excludes the rating; the decision is kept."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import AuditEvent
from govhall.evaluation import services
from govhall.evaluation.constants import AppealState
from govhall.evaluation.models import Appeal, Rating
from govhall.evaluation.tests.factories import city_supervisor, department_staff, rated
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_an_upheld_appeal_excludes_the_rating_and_keeps_the_decision():
    rating = rated(score=1, comment="乱打的")
    approver = department_staff(rating.case)
    appeal = services.file_appeal(rating=rating, actor=approver, reason="评价人来电承认误操作")
    with pytest.raises(services.RatingError, match="已申诉过"):
        services.file_appeal(rating=rating, actor=approver, reason="again")
    supervisor = city_supervisor()
    with pytest.raises(services.RatingError, match="请填写复核意见"):
        services.decide_appeal(appeal=appeal, actor=supervisor, upheld=True, decision=" ")
    decided = services.decide_appeal(appeal=appeal, actor=supervisor, upheld=True, decision="经核实为误评")
    assert Rating.objects.get(pk=rating.pk).excluded is True
    kept = Appeal.objects.get(pk=decided.pk)
    assert (kept.state, kept.decision, kept.decided_by) == (AppealState.UPHELD, "经核实为误评", supervisor)
    assert kept.decided_at is not None
    with pytest.raises(services.RatingError, match="已复核"):
        services.decide_appeal(appeal=appeal, actor=supervisor, upheld=False, decision="改判")
    assert AuditEvent.objects.filter(action="evaluation.decide_appeal").count() == 1


def test_a_rejected_appeal_leaves_the_rating_counted():
    rating = rated(score=2)
    appeal = services.file_appeal(rating=rating, actor=department_staff(rating.case), reason="理由")
    services.decide_appeal(appeal=appeal, actor=city_supervisor(), upheld=False, decision="评价属实")
    assert Rating.objects.get(pk=rating.pk).excluded is False
    assert Appeal.objects.get(pk=appeal.pk).state == AppealState.REJECTED


def test_who_may_appeal_and_decide():
    rating = rated(score=1)
    reviewer = staff("reviewer", Role.REVIEWER, department=rating.department)
    with pytest.raises(services.RatingError, match="审批人员"):
        services.file_appeal(rating=rating, actor=reviewer, reason="理由")
    approver = department_staff(rating.case)
    appeal = services.file_appeal(rating=rating, actor=approver, reason="理由")
    other = staff("other-supervisor", Role.SUPERVISOR, department=DepartmentFactory(name="区民政局"))
    for actor in (approver, other):
        with pytest.raises(services.RatingError, match="只有效能监察"):
            services.decide_appeal(appeal=appeal, actor=actor, upheld=True, decision="x")
    local = staff("local-supervisor", Role.SUPERVISOR, department=rating.department)
    assert services.decide_appeal(appeal=appeal, actor=local, upheld=True, decision="成立").state == "upheld"
