"""The rectification of a bad rating: call-back first, then the outcome and the reply (the rater is told by inbox and
SMS), then the rater's satisfied / not satisfied; only the department's staff and only the rater."""

import json
from pathlib import Path

import pytest

from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.evaluation import services
from govhall.evaluation.models import Rectification
from govhall.evaluation.tests.factories import department_staff, rated
from govhall.notices.models import Delivery, Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms_outbox(settings, tmp_path) -> Path:
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    return tmp_path / "sms.jsonl"


def test_call_back_reply_and_the_raters_answer(django_capture_on_commit_callbacks, sms_outbox):
    rating = rated(score=1, comment="跑了两趟")
    rectification = Rectification.objects.get(rating=rating)
    approver = department_staff(rating.case)
    with pytest.raises(services.RatingError, match="请先回访"):
        services.resolve(rectification=rectification, actor=approver, outcome="fixed", reply="已改")
    services.record_call_back(rectification=rectification, actor=approver, note="电话回访，申请人反映材料清单不全")
    with pytest.raises(services.RatingError, match="已记录回访"):
        services.record_call_back(rectification=rectification, actor=approver, note="again")
    with pytest.raises(services.RatingError, match="请选择整改结果"):
        services.resolve(rectification=rectification, actor=approver, outcome="maybe", reply="已改")
    with django_capture_on_commit_callbacks(execute=True):
        done = services.resolve(
            rectification=rectification, actor=approver, outcome="fixed", reply="已补充办事指南的材料清单"
        )
    assert done.replied_at is not None and done.owner == approver and done.stage == "待评价人确认"
    notice = Notification.objects.get(user=rating.rater, title__startswith="【评价回复】")
    assert "已补充办事指南的材料清单" in notice.body
    assert Delivery.objects.get(notification=notice, via="sms").sent_at is not None
    sms = [json.loads(line) for line in sms_outbox.read_text().splitlines()]
    assert len(sms) == 1 and "已补充办事指南的材料清单" in sms[0]["text"]
    with pytest.raises(services.RatingError, match="只有评价人"):
        services.answer_satisfaction(rectification=done, rater=approver, satisfied=True)
    answered = services.answer_satisfaction(rectification=done, rater=rating.rater, satisfied=True)
    assert answered.rater_satisfied is True and answered.stage == "评价人满意"
    with pytest.raises(services.RatingError, match="已答复过"):
        services.answer_satisfaction(rectification=done, rater=rating.rater, satisfied=False)


def test_only_the_departments_staff_work_on_it():
    rating = rated(score=2)
    rectification = Rectification.objects.get(rating=rating)
    outsider = staff("other", Role.APPROVER, department=DepartmentFactory(name="区民政局"))
    citizen = person("bob", number=1)
    for actor in (outsider, citizen):
        with pytest.raises(services.RatingError, match="只有承办部门"):
            services.record_call_back(rectification=rectification, actor=actor, note="x")


def test_the_rater_cannot_answer_before_the_reply():
    rating = rated(score=1)
    with pytest.raises(services.RatingError, match="尚未答复"):
        services.answer_satisfaction(
            rectification=Rectification.objects.get(rating=rating), rater=rating.rater, satisfied=False
        )
