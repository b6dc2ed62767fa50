"""The operator sends notices again (notices.services.send_again); tell() puts a message in the inbox and queues it."""

import pytest

from govhall.cases.notifications import notify_applicant
from govhall.cases.tests.factories import submitted_case
from govhall.notices.models import Delivery
from govhall.notices.sending import MAX_ATTEMPTS, retry_pending_deliveries
from govhall.notices.services import send_again, tell
from govhall.notices.tests.mail import smtp_mailer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    return tmp_path / "sms.jsonl"


def test_a_delivery_given_up_is_listed_for_an_operator_and_can_be_sent_again(
    settings, outbox, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    settings.MAILERS = smtp_mailer(9)  # nothing listens there
    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    for _ in range(MAX_ATTEMPTS):
        notify_applicant.call(case.events.get().pk)
    email = Delivery.objects.get(via="email")
    assert email.state == "failed" and email.attempts == MAX_ATTEMPTS
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("undelivered", "--check", stdout=out)
    assert f"notice {email.pk} email failed attempts={MAX_ATTEMPTS} case={case.number}" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):  # the sweep runs at once here (tasks run inline)
        assert send_again(deliveries=[email], actor=None) == 1
    email.refresh_from_db()
    assert email.state == "pending" and email.attempts == 1  # a fresh round: the address still refuses


def test_an_operator_sends_a_pending_delivery_now_once_smtp_is_fixed(
    settings, smtp, outbox, django_capture_on_commit_callbacks
):
    """A delivery failing and waiting for its next retry (listed by `undelivered` once older than a lease) is sent at
    once when the operator sends it again after fixing the mail server, exactly once; a sent one is left alone."""
    working = settings.MAILERS
    settings.MAILERS = smtp_mailer(9)  # broken: nothing listens there
    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    notify_applicant.call(case.events.get().pk)
    email = Delivery.objects.get(via="email")
    sms = Delivery.objects.get(via="sms")
    assert email.state == "pending" and email.attempts == 1 and "refused" in email.last_error.lower()
    settings.MAILERS = working  # the operator fixes SMTP
    with django_capture_on_commit_callbacks(execute=True):
        assert send_again(deliveries=[email, sms], actor=None) == 1
    email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 2
    assert len(smtp.messages) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_again(deliveries=[email], actor=None) == 0
    retry_pending_deliveries.call()
    assert len(smtp.messages) == 1


def test_tell_puts_the_message_in_the_inbox_and_queues_its_sending_in_the_same_transaction(
    settings, outbox, django_capture_on_commit_callbacks
):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from govhall.accounts.tests.factories import person

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    alice = person("alice", phone="13812341234")
    with pytest.raises(RuntimeError), transaction.atomic():
        tell(user=alice, title="【评价回复】", body="谢谢。")
        raise RuntimeError("the change failed")
    assert not DBTaskResult.objects.exists()
    notice = tell(user=alice, title="【评价回复】" + "长" * 300, body="谢谢。")
    assert len(notice.title) == 200 and notice.case is None
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("govhall.notices.services.send_notice", {"args": [notice.pk], "kwargs": {}})
    ]
    tell(user=alice, title="仅站内", body="内部。", send=False)
    assert DBTaskResult.objects.count() == 1
