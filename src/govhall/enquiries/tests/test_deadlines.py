"""enquiries.deadlines: a reminder ENQUIRY_REMINDER_DAYS working days before the limit and an overdue flag after
it, each once, to the assignee or else the department's handlers."""

from datetime import timedelta

import pytest

from govhall.core.workdays import add_working_days
from govhall.enquiries import deadlines, services
from govhall.enquiries.models import Enquiry
from govhall.enquiries.tests.factories import clerk, enquiry, other_department
from govhall.notices.models import Notification

pytestmark = pytest.mark.django_db


def test_reminded_once_before_the_limit(settings):
    settings.ENQUIRY_REMINDER_DAYS = 1
    asked = enquiry()
    clara, otto = clerk(), clerk("otto", department=other_department())
    day_before = asked.due_on - timedelta(days=1)
    early = asked.due_on - timedelta(days=10)
    assert deadlines.send_reminders(early) == 0
    assert deadlines.send_reminders(day_before) == 1
    assert deadlines.send_reminders(day_before) == 0
    assert Notification.objects.filter(user=clara, title__contains="即将到期").count() == 1
    assert not Notification.objects.filter(user=otto).exists()


def test_overdue_flagged_once_and_told_to_the_assignee_only():
    asked = enquiry()
    clara, carl = clerk(), clerk("carl")
    services.accept(asked, actor=clara)
    after = add_working_days(asked.due_on, 1)
    assert deadlines.flag_overdue(asked.due_on) == 0
    assert deadlines.flag_overdue(after) == 1
    assert deadlines.flag_overdue(after) == 0
    assert Enquiry.objects.get().overdue_at is not None
    assert Notification.objects.filter(user=clara, title__contains="已超期").count() == 1
    assert not Notification.objects.filter(user=carl).exists()


def test_answered_enquiries_are_neither_reminded_nor_flagged():
    asked = enquiry()
    services.reply(asked, actor=clerk(), text="答复")
    assert deadlines.send_reminders(asked.due_on) == 0
    assert deadlines.flag_overdue(add_working_days(asked.due_on, 3)) == 0
