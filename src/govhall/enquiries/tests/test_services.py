"""enquiries.services: routing, the working-day limit, the staff acts and their states, escalation of complaints,
the person's 满意 / 不满意, the audited view of the contact."""

from datetime import date

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import staff
from govhall.cases.tests.factories import submitted_case
from govhall.core.models import AuditEvent
from govhall.core.workdays import add_working_days
from govhall.enquiries import services
from govhall.enquiries.constants import Kind, Satisfaction, Source, State
from govhall.enquiries.models import Enquiry
from govhall.enquiries.services import EnquiryRefused
from govhall.enquiries.tests.factories import citizen, clerk, enquiry, item, other_department
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_a_question_from_a_guide_goes_to_the_items_department_with_the_kinds_limit(settings):
    settings.ENQUIRY_REPLY_DAYS = {"consult": 3, "complaint": 5, "suggestion": 10}
    asked = enquiry()
    assert asked.department == item().department
    assert asked.state == State.PENDING
    assert asked.number.startswith("ZX") and len(asked.number) == 16
    assert asked.due_on == add_working_days(timezone.localdate(), 3)
    suggestion = enquiry(kind=Kind.SUGGESTION)
    assert suggestion.due_on == add_working_days(timezone.localdate(), 10)
    assert AuditEvent.objects.filter(action="enquiries.submitted", object_id=str(asked.pk)).exists()


def test_bad_input_is_refused_with_a_chinese_message():
    with pytest.raises(EnquiryRefused, match="请填写标题"):
        enquiry(title="  ")
    with pytest.raises(EnquiryRefused, match="不能超过"):
        enquiry(content="长" * 2001)
    with pytest.raises(EnquiryRefused, match="请选择咨询、投诉或建议"):
        enquiry(kind="praise")
    with pytest.raises(EnquiryRefused, match="承办部门"):
        services.submit(user=citizen(), kind=Kind.CONSULT, title="问", content="问", source=Source.PORTAL)


def test_a_complaint_about_a_case_goes_to_its_handler_and_is_escalated_to_supervisors():
    case = submitted_case()
    handler = clerk("henry", department=case.department)
    case.handler = handler
    case.save(update_fields=["handler"])
    supervisor = staff("sam", Role.SUPERVISOR, department=case.department)
    elsewhere = staff("sue", Role.SUPERVISOR, department=other_department())
    complaint = enquiry(kind=Kind.COMPLAINT, user=case.applicant, case=case, source=Source.CASE, about_handler=True)
    assert complaint.department == case.department and complaint.assignee == handler
    assert complaint.about_staff == handler
    assert complaint.escalated_at is not None
    assert Notification.objects.filter(user=supervisor, title__contains=complaint.number).exists()
    assert not Notification.objects.filter(user=elsewhere).exists()


def test_a_question_is_not_escalated():
    staff("sam", Role.SUPERVISOR, department=item().department)
    assert enquiry().escalated_at is None
    assert not Notification.objects.exists()


def test_accept_reply_and_the_person_is_told_and_rates():
    asked = enquiry()
    clara = clerk()
    services.accept(asked, actor=clara)
    asked.refresh_from_db()
    assert asked.state == State.PROCESSING and asked.assignee == clara
    services.reply(asked, actor=clara, text="请带身份证到窗口办理补领。")
    asked.refresh_from_db()
    assert asked.state == State.ANSWERED and asked.replied_on_time is True
    told = Notification.objects.get(user=asked.user)
    assert asked.number in told.body
    with pytest.raises(EnquiryRefused, match="只能评价本人"):
        services.rate(asked, user=citizen("bob", 1), satisfaction=Satisfaction.SATISFIED)
    services.rate(asked, user=asked.user, satisfaction=Satisfaction.SATISFIED)
    asked.refresh_from_db()
    assert asked.state == State.CLOSED and asked.satisfaction == Satisfaction.SATISFIED
    with pytest.raises(EnquiryRefused):
        services.rate(asked, user=asked.user, satisfaction=Satisfaction.UNSATISFIED)


def test_a_late_reply_is_counted_late():
    asked = enquiry()
    Enquiry.objects.filter(pk=asked.pk).update(due_on=date(2020, 1, 2))
    services.reply(asked, actor=clerk(), text="答复")
    asked.refresh_from_db()
    assert asked.replied_on_time is False


def test_acts_are_refused_outside_the_department_and_in_the_wrong_state():
    asked = enquiry()
    outsider = clerk("otto", department=other_department())
    with pytest.raises(EnquiryRefused, match="不在该部门"):
        services.reply(asked, actor=outsider, text="答复")
    with pytest.raises(EnquiryRefused, match="不能关闭"):
        services.close(asked, actor=clerk())
    with pytest.raises(EnquiryRefused, match="请填写答复内容"):
        services.reply(asked, actor=clerk(), text="")


def test_assign_only_to_a_handler_of_the_department():
    asked = enquiry()
    colleague = clerk("carl")
    services.assign(asked, actor=clerk(), assignee=colleague)
    asked.refresh_from_db()
    assert asked.assignee == colleague
    with pytest.raises(EnquiryRefused, match="只能指派给本部门"):
        services.assign(asked, actor=clerk(), assignee=clerk("otto", department=other_department()))


def test_transfer_moves_it_to_the_other_department_which_then_handles_it():
    asked = enquiry()
    market = other_department()
    services.transfer(asked, actor=clerk(), department=market, note="属于市场监管职责")
    asked.refresh_from_db()
    assert asked.department == market and asked.state == State.PENDING and asked.assignee is None
    with pytest.raises(EnquiryRefused):
        services.reply(asked, actor=clerk(), text="答复")
    services.reply(asked, actor=clerk("otto", department=market), text="答复")
    with pytest.raises(EnquiryRefused, match="转办理由"):
        services.transfer(enquiry(), actor=clerk(), department=market, note="")


def test_contact_in_full_only_with_personal_data_rights_and_every_view_audited():
    asked = enquiry()
    contact = services.contact_of(asked, actor=clerk())
    assert contact.phone == citizen().phone
    assert asked.masked_phone != contact.phone
    supervisor = staff("sam", Role.SUPERVISOR, department=asked.department)
    with pytest.raises(EnquiryRefused):
        services.contact_of(asked, actor=supervisor)
    actions = list(
        AuditEvent.objects.filter(action="enquiries.contact_viewed").order_by("pk").values_list("result", flat=True)
    )
    assert actions == ["success", "denied"]


def test_a_person_may_file_only_so_many_a_day(settings):
    settings.ENQUIRY_PER_PERSON_PER_DAY = 2
    enquiry()
    enquiry()
    with pytest.raises(EnquiryRefused, match="已达上限"):
        enquiry()
    enquiry(user=citizen("bob", 1))  # someone else still may


def test_a_hotline_order_that_arrives_twice_at_once_makes_one_enquiry(monkeypatch):
    """The race: both deliveries find no row, both insert; the unique order id lets one in, the other answers it."""
    from django.db.models import QuerySet

    first, _created = services.create_from_hotline(
        order_id="12345-race",
        kind=Kind.CONSULT,
        title="问",
        content="问",
        caller_name="",
        caller_phone="",
        department=item().department,
        item=item(),
    )
    original, missed = QuerySet.first, []

    def miss_once(self):  # type: ignore[no-untyped-def]
        if not missed and self.model is Enquiry:
            missed.append(True)
            return None  # as if the other delivery had not committed yet
        return original(self)

    monkeypatch.setattr(QuerySet, "first", miss_once)
    second, created = services.create_from_hotline(
        order_id="12345-race",
        kind=Kind.CONSULT,
        title="问",
        content="问",
        caller_name="",
        caller_phone="",
        department=item().department,
        item=item(),
    )
    assert missed and not created and second.pk == first.pk
    assert Enquiry.objects.filter(hotline_order_id="12345-race").count() == 1
