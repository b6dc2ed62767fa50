"""enquiries.publishing: an answered question becomes the item's public Q&A, edited by staff of its department,
personal data stripped (before and after the edit); withdrawn, it is gone from the guide."""

import pytest

from govhall.core.models import AuditEvent
from govhall.enquiries import publishing, services
from govhall.enquiries.constants import Kind
from govhall.enquiries.selectors import public_answers
from govhall.enquiries.services import EnquiryRefused
from govhall.enquiries.tests.factories import citizen, clerk, enquiry, item, other_department

pytestmark = pytest.mark.django_db


def answered(**extra):  # type: ignore[no-untyped-def]
    asked = enquiry(**extra)
    services.reply(asked, actor=clerk(), text="请测试alice本人带身份证办理，咨询 0826-2345678。")
    asked.refresh_from_db()
    return asked


def test_the_draft_and_the_published_text_carry_no_personal_data():
    asked = answered()
    question, answer = publishing.draft(asked)
    assert "13812345678" not in question and "***" in question
    assert "0826-2345678" not in answer and "测试alice" not in answer
    public = publishing.publish(asked, actor=clerk(), question=question + " 身份证 11010519491231002X", answer=answer)
    assert "11010519491231002X" not in public.question
    assert public_answers(item()) == [public]
    assert AuditEvent.objects.filter(action="enquiries.published").count() == 1


def test_only_answered_questions_about_an_item_by_its_departments_staff():
    with pytest.raises(EnquiryRefused, match="答复后"):
        publishing.publish(enquiry(), actor=clerk(), question="问", answer="答")
    with pytest.raises(EnquiryRefused, match="只有咨询"):
        publishing.publish(answered(kind=Kind.SUGGESTION), actor=clerk(), question="问", answer="答")
    with pytest.raises(EnquiryRefused, match="不在该部门"):
        publishing.publish(answered(), actor=clerk("otto", department=other_department()), question="问", answer="答")
    with pytest.raises(EnquiryRefused, match="请填写问题"):
        publishing.publish(answered(), actor=clerk(), question=" ", answer="答")


def test_withdrawn_answers_leave_the_guide():
    asked = answered(user=citizen())
    publishing.publish(asked, actor=clerk(), question="问", answer="答")
    publishing.withdraw(asked, actor=clerk())
    assert public_answers(item()) == []
