"""`manage.py undelivered`: everything an operator must look at — given-up or stuck notices and webhooks, stuck tasks
— and nothing else."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from govhall.cases.notifications import notify_applicant
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.integrations.models import WebhookDelivery
from govhall.integrations.tests.factories import endpoint
from govhall.notices.models import Delivery

pytestmark = pytest.mark.django_db


def listed(*args: str) -> str:
    out = StringIO()
    call_command("undelivered", *args, stdout=out)
    return out.getvalue()


def test_a_clean_state_lists_nothing_and_passes_the_check(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    case = submitted_case()
    notify_applicant.call(case.events.get().pk)  # sent
    assert listed("--check").startswith("0 undelivered or stuck")


def test_stuck_notices_failed_webhooks_and_stuck_tasks_are_listed(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    long_ago = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS + 60)
    target, _ = endpoint(DepartmentFactory(name="区行政审批局"), "http://127.0.0.1:9/closed")
    case = submitted_case()
    event = case.events.get()
    notice = notify_applicant.call(event.pk)
    assert notice == 1
    Delivery.objects.update(state="sending", sent_at=None, sending_at=long_ago)  # its worker died mid-send
    hook = WebhookDelivery.objects.create(endpoint=target, event=event, state="failed", attempts=6)
    DBTaskResult.objects.filter(task_path__endswith="issue_documents").update(
        status=TaskResultStatus.RUNNING, started_at=long_ago
    )
    DBTaskResult.objects.filter(task_path__endswith="send_event").delete()
    DBTaskResult.objects.filter(task_path__endswith="notify_applicant").update(enqueued_at=long_ago)  # no worker
    out = StringIO()
    with pytest.raises(CommandError, match="4 undelivered or stuck"):
        call_command("undelivered", "--check", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"notice {Delivery.objects.get().pk} sms sending attempts=1 case={case.number}")
    assert lines[1].startswith(f"webhook {hook.pk} failed attempts=6 case={case.number}")
    tasks = sorted(line.split(" ", 2)[2] for line in lines[2:4])
    assert [task.split(" enqueued=")[0] for task in tasks] == [
        "READY govhall.cases.notifications.notify_applicant",
        "RUNNING govhall.cases.documents.issue_documents",
    ]
