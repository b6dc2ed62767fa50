"""cases.events publishes each recorded event to the handlers subscribed in the apps' AppConfig.ready, in a fixed
order, inside the event's transaction: an event records exactly its follow-up tasks, and a rolled-back one none."""

from pathlib import Path

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from govhall.accounts.tests.factories import person
from govhall.bundles import following as bundles
from govhall.cases import documents, events, exemptions, licensing, notifications
from govhall.cases.models import Case
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.instant import handlers as instant
from govhall.integrations import webhooks
from govhall.integrations.tests.factories import endpoint
from govhall.payments import orders as payments

pytestmark = pytest.mark.django_db

NOTIFY = "govhall.cases.notifications.notify_applicant"
DOCUMENTS = "govhall.cases.documents.issue_documents"
WEBHOOK = "govhall.integrations.webhooks.send_event"


@pytest.fixture(autouse=True)
def queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")


def queued() -> list[str]:
    return list(DBTaskResult.objects.order_by("enqueued_at", "id").values_list("task_path", flat=True))


def test_the_apps_subscribe_in_a_fixed_order():
    assert events.subscribers() == [
        notifications.on_event,
        documents.on_event,
        licensing.on_event,
        exemptions.on_event,
        webhooks.on_event,
        payments.on_event,
        instant.on_event,
        bundles.on_event,  # last: a bundle's next part is filed after its earlier part's own follow-ups
    ]
    events.subscribe(notifications.on_event)  # an app's ready() run again subscribes nothing twice
    assert len(events.subscribers()) == 8


def test_a_submission_records_exactly_its_follow_ups_in_order_inside_its_transaction(monkeypatch):
    endpoint(DepartmentFactory(name="区行政审批局"), "http://127.0.0.1:9/hooks")  # the factories' item's department
    seen = []

    def watching(event):  # type: ignore[no-untyped-def]
        seen.append((event.act, connection.in_atomic_block, queued()))

    monkeypatch.setattr(events, "_handlers", [*events.subscribers(), watching])
    submitted_case(applicant=person("alice", phone="13812341234"))
    assert seen == [("submit", True, [NOTIFY, DOCUMENTS, WEBHOOK])]  # in the transaction, after the others
    assert queued() == [NOTIFY, DOCUMENTS, WEBHOOK]


def test_an_event_no_subscriber_wants_records_nothing():
    case = submitted_case(applicant=person("alice", phone="13812341234"))  # no endpoint for this department
    assert queued() == [NOTIFY, DOCUMENTS]
    DBTaskResult.objects.all().delete()
    event = case.events.get()
    event.act = "pass_step"  # no notice, no document, no webhook endpoint
    events.recorded(event)
    assert queued() == []


def test_a_rolled_back_event_enqueues_none():
    endpoint(DepartmentFactory(name="区行政审批局"), "http://127.0.0.1:9/hooks")
    applicant = person("alice", phone="13812341234")
    with pytest.raises(RuntimeError), transaction.atomic():
        submitted_case(applicant=applicant)
        assert queued() == [NOTIFY, DOCUMENTS, WEBHOOK]
        raise RuntimeError("the request failed after the event")
    assert not Case.objects.exists()
    assert queued() == []


def test_cases_import_nothing_of_the_apps_that_follow_their_events():
    cases = Path(events.__file__).parent
    sources = [path for path in cases.rglob("*.py") if "tests" not in path.parts]
    assert [path.name for path in sources if "govhall.integrations" in path.read_text(encoding="utf-8")] == []
