"""Telling people: `tell` puts a message in the person's inbox and, in the same transaction, enqueues the task that
sends it by SMS and email (the queue is the outbox, core.outbox); `send_again` is the operator's resend. Cases,
ratings (evaluation) and the back office call these; how a message goes out by channel is notices.sending."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.tasks import task

from govhall.core import audit
from govhall.core.constants import Channel
from govhall.core.outbox import enqueue
from govhall.notices.models import Delivery, Notification
from govhall.notices.sending import retry_pending_deliveries, send_by_sms_and_email


def tell(
    *, user: AbstractBaseUser, case: models.Model | None = None, title: str, body: str, send: bool = True
) -> Notification:
    """Call inside the transaction making the change. `case` (a cases.Case) links the message to a case. `send` also
    sends it by SMS and email from the task worker (the inbox alone for staff)."""
    # By id: notices sits below accounts and cases, so it knows their models only as Django's base types.
    notification = Notification.objects.create(
        user_id=user.pk, case_id=case.pk if case is not None else None, title=title[:200], body=body
    )
    if send:
        enqueue(send_notice, notification.pk)
    return notification


@task()
def send_notice(notification_id: int) -> int:
    """Send the message by SMS and email; returns how many were sent now (a retry sends only what failed)."""
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    sent, _failed = send_by_sms_and_email(notification, notification.user)
    return sent


def send_again(*, deliveries: list[Delivery], actor: audit.Actor) -> int:
    """An operator sends notice deliveries again now, the same idempotency key: given-up ones with a fresh round of
    attempts, pending ones (waiting for their next retry, e.g. after the SMTP server is fixed) without waiting for the
    retry delay. Sent ones are left alone. Returns how many were queued."""
    ids = [delivery.pk for delivery in deliveries if delivery.state in (Delivery.State.FAILED, Delivery.State.PENDING)]
    with transaction.atomic():
        Delivery.objects.filter(pk__in=ids, state=Delivery.State.FAILED).update(
            state=Delivery.State.PENDING, attempts=0
        )
        for delivery_id in ids:
            # The action keeps its first name: audit rows written before the move are found by the same search.
            audit.record(
                actor=actor, action="cases.resend_notice", channel=Channel.ADMIN, detail={"delivery": delivery_id}
            )
        if ids:
            enqueue(retry_pending_deliveries)  # in this transaction: the queue is the outbox
    return len(ids)
