"""Telling people about ratings through the cases' notification machinery: a Notification row (the in-app inbox) and
the task that sends it by SMS and email, both made in the same transaction as the change (the queue is the outbox);
the task worker sends each channel at most once per message (cases.notifications' Delivery rows)."""

from django.tasks import task

from govhall.accounts.models import User
from govhall.cases.models import Case, Notification
from govhall.cases.notifications import send_by_sms_and_email
from govhall.core.outbox import enqueue


def tell(*, user: User, case: Case | None, title: str, body: str, send: bool = True) -> Notification:
    """Call inside the transaction making the change. `send` also sends it by SMS and email from the task worker (the
    inbox alone for staff)."""
    notification = Notification.objects.create(user=user, case=case, title=title[:200], body=body)
    if send:
        enqueue(send_notice, notification.pk)
    return notification


@task()
def send_notice(notification_id: int) -> int:
    """Send the message by SMS and email; returns how many were sent now (a retry sends only what failed)."""
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    sent, _failed = send_by_sms_and_email(notification, notification.user)
    return sent
