"""What follows a case event once it is committed: the applicant's notices, the documents the event issues and the
department systems told by webhook. Every service that records an event calls `recorded` once."""

from govhall.cases import documents, notifications
from govhall.cases.models import CaseEvent
from govhall.integrations import webhooks


def recorded(event: CaseEvent) -> None:
    notifications.schedule(event)
    documents.schedule(event)
    webhooks.schedule(event)
