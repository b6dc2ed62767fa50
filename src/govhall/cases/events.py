"""What follows a case event: the applicant's notices, the documents the event issues and the department systems told
by webhook. Every service that records an event calls `recorded` once, inside the event's transaction: the follow-up
tasks are written to the database queue in that same transaction (the queue is the outbox, core.outbox), so a
committed event always has its follow-ups and a rolled-back one has none. The tasks run later in the task worker; the
sending itself is recorded per delivery before each call to the outside world."""

from govhall.cases import documents, notifications
from govhall.cases.models import CaseEvent
from govhall.core.outbox import enqueue
from govhall.integrations import webhooks


def recorded(event: CaseEvent) -> None:
    if notifications.wanted(event):
        enqueue(notifications.notify_applicant, event.pk)
    if documents.wanted(event):
        enqueue(documents.issue_documents, event.pk)
    webhooks.enqueue_if_wanted(event.pk, event.case.department_id)
