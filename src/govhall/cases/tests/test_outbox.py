"""The database queue is the outbox: an event's follow-up tasks are written in the event's own transaction (a
rolled-back event leaves none, a committed one always has them), and the worker then sends each notice once. These
tests use the real DatabaseBackend, not the tests' ImmediateBackend."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from govhall.accounts.tests.factories import person
from govhall.cases.models import Case, CaseDocument
from govhall.cases.notifications import notify_applicant
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.integrations.tests.factories import endpoint
from govhall.notices.models import Delivery, Notification

pytestmark = pytest.mark.django_db

NOTIFY = "govhall.cases.notifications.notify_applicant"
DOCUMENTS = "govhall.cases.documents.issue_documents"
WEBHOOK = "govhall.integrations.webhooks.send_event"


@pytest.fixture(autouse=True)
def queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")


def alice():  # type: ignore[no-untyped-def]
    return person("alice", phone="13812341234", email="alice@example.cn")


def test_a_rolled_back_event_leaves_no_task_rows():
    applicant = alice()
    with pytest.raises(RuntimeError), transaction.atomic():
        submitted_case(applicant=applicant)
        assert DBTaskResult.objects.count() == 2  # written inside the transaction…
        raise RuntimeError("the request failed after the event")
    assert not Case.objects.exists()
    assert not DBTaskResult.objects.exists()  # …and gone with it


def test_a_committed_event_has_its_follow_ups_written_in_its_own_transaction(django_capture_on_commit_callbacks):
    endpoint(DepartmentFactory(name="区行政审批局"), "http://127.0.0.1:9/hooks")  # the factories' item's department
    item, applicant = published_item(), alice()  # set-up first: saving an item drops cached slot answers on commit
    with django_capture_on_commit_callbacks() as waiting:
        submitted_case(applicant=applicant, item=item)
    assert waiting == []  # nothing waits for the commit, so nothing is lost if the process dies after it
    queued = sorted(DBTaskResult.objects.filter(status=TaskResultStatus.READY).values_list("task_path", flat=True))
    assert queued == [DOCUMENTS, NOTIFY, WEBHOOK]


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks, as it does in production
def test_the_worker_sends_each_notice_once_and_a_second_run_sends_nothing(settings):
    case = submitted_case(applicant=alice())
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    lines = [json.loads(line) for line in Path(settings.SMS_OUTBOX_FILE).read_text(encoding="utf-8").splitlines()]
    assert [line["phone"] for line in lines] == ["13812341234"]
    [message] = mail.outbox
    email = Delivery.objects.get(via="email")
    assert message.extra_headers["Message-ID"] == email.message_id == f"<delivery-{email.pk}@127.0.0.1>"
    assert [attachment[0] for attachment in message.attachments] == [f"申报回执-{case.number}.pdf"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}
    assert Notification.objects.count() == 1 and CaseDocument.objects.count() == 1
    # A task run again (the reaper after a crash, a retry) sends nothing twice.
    assert notify_applicant.call(case.events.get().pk) == 0
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    assert len(Path(settings.SMS_OUTBOX_FILE).read_text(encoding="utf-8").splitlines()) == 1
    assert len(mail.outbox) == 1
