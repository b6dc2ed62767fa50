"""What follows a case event once it is committed: the applicant's notices, the documents the event issues and the
department systems told by webhook. Every service that records an event calls `recorded` once; the follow-up tasks are
enqueued together in one transaction after the commit (one write to the queue, not one per kind)."""

from django.db import transaction

from govhall.cases import documents, notifications
from govhall.cases.models import CaseEvent
from govhall.integrations import webhooks


def recorded(event: CaseEvent) -> None:
    event_id, department_id = event.pk, event.case.department_id
    notify, write = notifications.wanted(event), documents.wanted(event)

    def follow_up() -> None:
        with transaction.atomic():
            if notify:
                notifications.notify_applicant.enqueue(event_id)
            if write:
                documents.issue_documents.enqueue(event_id)
            webhooks.enqueue_if_wanted(event_id, department_id)

    transaction.on_commit(follow_up)
