"""Sending a notice by channel: every message (a case's, a rating's, a campaign's) is in the person's in-app inbox
(Notification) and goes to their phone and email, each channel at most once. Each channel has a Delivery row whose
state is committed before the provider is called (pending → sending → sent; failures back to pending with a growing
delay — core.outbox.backoff —, failed after MAX_ATTEMPTS). The provider call never runs inside a transaction or under a
row lock. A delivery a dead worker left `sending` is sent again after TASK_LEASE_SECONDS with the same SMS idempotency
key / email Message-ID, so the copy is dropped; failed and stuck deliveries are listed by `manage.py undelivered`.

The app that made a notice may send it again its own way when the sweep finds it due (`resend_with`, registered in
its AppConfig.ready: cases attach the event's documents, outreach has its own sweep), so this module knows no app
above it."""

from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from govhall.core.outbox import backoff
from govhall.notices.models import Delivery, Notification
from govhall.notices.providers import sms_sender
from govhall.notices.sms import sms_text

MAX_ATTEMPTS = 5

# (which notices, how to send one again — None: the app's own sweep does), in registration order.
_resenders: list[tuple[Q, Callable[[Notification], int] | None]] = []


def resend_with(condition: Q, resend: Callable[[Notification], int] | None) -> None:
    """Register how the sweep sends again the due notices matching `condition` (a filter on Notification): `resend`
    returns how many channels it sent now; None leaves them to the registering app's own sweep. Call it from the
    app's AppConfig.ready; a second registration of the same condition is ignored."""
    if all(registered != condition for registered, _ in _resenders):
        _resenders.append((condition, resend))


def retry_delay(deliveries: QuerySet[Delivery]) -> timedelta | None:
    """How long to wait before the next try of these deliveries' pending ones (None: none is to be retried)."""
    attempts = deliveries.filter(state=Delivery.State.PENDING).values_list("attempts", flat=True)
    return backoff(max(attempts)) if attempts else None


class Addressee(Protocol):
    """Whom a notice is sent to (accounts.User; notices imports no app above it)."""

    @property
    def phone(self) -> str: ...

    @property
    def email(self) -> str: ...


def send_by_sms_and_email(
    notification: Notification, person: Addressee, files: list[tuple[str, bytes]] | None = None
) -> tuple[int, bool]:
    """Send a notice (already in the person's inbox) to their phone and email, each at most once. Returns how many
    were sent now and whether any failed (to be retried). Every kind of notice — cases, ratings, outreach — uses it.
    Call it outside any transaction: each delivery commits its state before the provider is called."""
    sent = 0
    failed = False
    for via, address in ((Delivery.Via.SMS, person.phone), (Delivery.Via.EMAIL, person.email)):
        if not address:
            continue
        result = _deliver(notification, via, address, files)
        sent += result is True
        failed |= result is False
    return sent, failed


def _deliver(
    notification: Notification, via: str, address: str, files: list[tuple[str, bytes]] | None = None
) -> bool | None:
    """True if sent now, None if there was nothing to send (sent before, given up, or being sent by a live worker),
    False if it failed (to be retried)."""
    delivery = _claim(notification, via)
    if delivery is None:
        return None
    try:
        if via == Delivery.Via.SMS:
            sms_sender().send(phone=address, text=sms_text(notification.body), idempotency_key=delivery.idempotency_key)
        else:
            message = EmailMessage(
                notification.title,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
                headers={"Message-ID": delivery.message_id},
            )
            for filename, content in files or []:
                message.attach(filename, content, "application/pdf")
            message.send()
    except Exception as error:
        gave_up = delivery.attempts >= MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
            state=Delivery.State.FAILED if gave_up else Delivery.State.PENDING, last_error=str(error)[:300]
        )
        return False
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _claim(notification: Notification, via: str) -> Delivery | None:
    """Record the attempt (→ sending) and commit it, before anything is sent. None if there is nothing to send."""
    with transaction.atomic():
        delivery, _ = Delivery.objects.get_or_create(notification=notification, via=via)
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if not due().filter(pk=delivery.pk).exists():
            return None
        delivery.state = Delivery.State.SENDING
        delivery.attempts += 1
        delivery.sending_at = timezone.now()
        delivery.save(update_fields=["state", "attempts", "sending_at"])
    return delivery


def due() -> QuerySet[Delivery]:
    """Deliveries to send now: pending ones within MAX_ATTEMPTS, and those left sending by a worker that died (their
    lease ran out; they go again with the same key)."""
    stale = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return Delivery.objects.filter(
        Q(state=Delivery.State.PENDING, attempts__lt=MAX_ATTEMPTS)
        | Q(state=Delivery.State.SENDING, sending_at__lt=stale)
    )


# More lists for `manage.py undelivered`, from apps above notices (integrations: webhook deliveries), registered in
# their AppConfig.ready: each returns one line per thing an operator must look at.
_undelivered_lists: list[Callable[[], list[str]]] = []


def list_undelivered_with(lister: Callable[[], list[str]]) -> None:
    """Register another list of undelivered things for `manage.py undelivered` (ignored if registered already)."""
    if lister not in _undelivered_lists:
        _undelivered_lists.append(lister)


def undelivered_lines() -> list[str]:
    """Every line `manage.py undelivered` shows before the stuck tasks: notices first, then the registered lists."""
    lines = []
    for delivery in undelivered().select_related("notification__case").order_by("pk"):
        case = delivery.notification.case
        lines.append(
            f"notice {delivery.pk} {delivery.via} {delivery.state} attempts={delivery.attempts} "
            f"case={case.number if case else '-'} notification={delivery.notification_id} "
            f"error={delivery.last_error or '-'}"
        )
    for lister in _undelivered_lists:
        lines.extend(lister())
    return lines


def undelivered() -> QuerySet[Delivery]:
    """What an operator must look at: deliveries given up, and those pending or sending for longer than a lease."""
    stale = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return Delivery.objects.filter(
        Q(state=Delivery.State.FAILED)
        | Q(state=Delivery.State.PENDING, created_at__lt=stale)
        | Q(state=Delivery.State.SENDING, sending_at__lt=stale)
    )


@task()
def retry_pending_deliveries() -> int:
    """Periodic sweep: send the deliveries that are due again (failed within MAX_ATTEMPTS, or left sending by a dead
    worker) — each notice the way its app registered (resend_with: case notices with their documents; campaign
    notices by outreach's own sweep), other notices (ratings) as they are. Returns how many were sent now."""
    sent = 0
    remaining = set(due().values_list("notification_id", flat=True))
    # Each registered kind of notice in one query (in registration order), not one query per notice and kind.
    for condition, resend in _resenders:
        matching = Notification.objects.filter(condition, pk__in=list(remaining)).select_related("user").order_by("pk")
        for notification in matching:
            remaining.discard(notification.pk)
            sent += resend(notification) if resend is not None else 0
    for notification in Notification.objects.filter(pk__in=remaining).select_related("user").order_by("pk"):
        sent += send_by_sms_and_email(notification, notification.user)[0]
    return sent
