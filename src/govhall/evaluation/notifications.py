"""Telling people about ratings through the cases' notification machinery: a Notification row (the in-app inbox) made in
the same transaction as the change, then — after commit, in the task worker — SMS and email, each sent at most once per
message (cases.notifications' Delivery rows make retries idempotent)."""

from django.db import transaction
from django.tasks import task

from govhall.accounts.models import User
from govhall.cases.models import Case, Notification
from govhall.cases.notifications import send_by_sms_and_email


def tell(*, user: User, case: Case | None, title: str, body: str, send: bool = True) -> Notification:
    """Call inside the transaction making the change. `send` also sends it by SMS and email after commit (the inbox
    alone for staff)."""
    notification = Notification.objects.create(user=user, case=case, title=title[:200], body=body)
    if send:
        notification_id = notification.pk
        transaction.on_commit(lambda: send_notice.enqueue(notification_id))
    return notification


@task()
def send_notice(notification_id: int) -> int:
    """Send the message by SMS and email; returns how many were sent now (a retry sends only what failed)."""
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    sent, _failed = send_by_sms_and_email(notification, notification.user)
    return sent
