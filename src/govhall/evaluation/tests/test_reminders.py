"""One reminder per unrated concluded case, by inbox and SMS, while it may still be rated."""

import pytest

from govhall.evaluation.models import RatingReminder
from govhall.evaluation.tasks import send_rating_reminders
from govhall.evaluation.tests.factories import concluded_case, rated
from govhall.notices.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def test_an_unrated_case_is_reminded_once(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    waiting = concluded_case(days_ago=4)
    concluded_case(days_ago=1)  # too soon
    concluded_case(days_ago=31)  # the window has closed
    rated(concluded_case(days_ago=5), score=5)  # rated already
    with django_capture_on_commit_callbacks(execute=True):
        assert send_rating_reminders.call() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_rating_reminders.call() == 0
    reminder = RatingReminder.objects.get()
    assert reminder.case == waiting
    notice = Notification.objects.get(title__startswith="【请评价】")
    assert notice.user == waiting.applicant and waiting.number in notice.body
    assert Delivery.objects.get(notification=notice, via="sms").sent_at is not None
    assert len((tmp_path / "sms.jsonl").read_text().splitlines()) == 1
