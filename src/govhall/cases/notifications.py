"""Keeping people informed: every state change of a case notifies the applicant in the in-app inbox, by SMS and by
email. The task is enqueued in the event's own transaction (cases.events; the database queue is the outbox) and runs
in the task worker. Each channel has a Delivery row whose state is committed before the provider is called
(pending → sending → sent; failures back to pending with a growing delay, failed after MAX_ATTEMPTS). The provider call
never runs inside a transaction or under a row lock. A delivery a dead worker left `sending` is sent again after
TASK_LEASE_SECONDS with the same SMS idempotency key / email Message-ID, so the copy is dropped; failed and stuck
deliveries are listed by `manage.py undelivered`."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from govhall.accounts.providers import sms_sender
from govhall.cases import documents
from govhall.cases.constants import Act
from govhall.cases.models import CaseEvent, Delivery, Notification
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.core.outbox import enqueue, stores_rows

MAX_ATTEMPTS = 5
MESSAGES = {
    Act.SUBMIT: "已收到您的申请，办件编号 {number}。",
    Act.ACCEPT: "您的申请已受理，承诺 {deadline} 前办结。",
    Act.REQUEST_CORRECTION: "您的申请需要补正：{reason}。请登录补正后重新提交。",
    Act.NOT_ACCEPT: "您的申请不予受理：{reason}。如有异议，可依法申请行政复议或提起行政诉讼。",
    Act.SUSPEND: "您的申请进入特别程序（{reason}），期间不计入办理时限。",
    Act.RESUME: "特别程序已结束，您的申请继续办理。",
    Act.EXTEND: "您的申请办理期限已依法延长：{reason}。",
    Act.APPROVE: "您的申请已准予许可。",
    Act.DENY: "您的申请不予许可：{reason}。如有异议，可依法申请行政复议或提起行政诉讼。",
    Act.CONCLUDE: "您的申请已办结，请登录查看结果。",
    Act.DELIVER: "办理结果已送达。",
    Act.WITHDRAW: "您已撤回申请。",
    Act.REVOKE: "经事后核查，您的许可已依法撤销：{reason}。如有异议，可依法申请行政复议或提起行政诉讼。",
}
DELIVERED = {
    "online": "您的申请已办结，办理结果可登录“我的办件”下载。",
    "post": "您的申请已办结，办理结果已交寄，快递单号 {waybill}。",
    "pickup": "您已在窗口领取办理结果。",
}


def wanted(event: CaseEvent) -> bool:
    """Does the event notify the applicant? (cases.events enqueues notify_applicant in the event's transaction.)"""
    if event.act not in MESSAGES or event.detail.get("commitment"):
        return False  # acts the system chains on a signed commitment: the delivery notice tells the outcome once
    # Delivered online at once on conclusion: one notice, not two.
    return not (event.act == Act.CONCLUDE and event.case.delivery_method == "online")


@task()
def notify_applicant(event_id: int) -> int:
    """Create the inbox message for the event (once) and send it by SMS and email. Returns how many were sent now."""
    event = CaseEvent.objects.select_related("case__item", "case__applicant").get(pk=event_id)
    case = event.case
    template = MESSAGES[Act(event.act)]
    if event.act == Act.DELIVER:
        template = DELIVERED.get(str(event.detail.get("method", "")), template)
    text = template.format(
        waybill=event.detail.get("waybill", ""),
        number=case.number,
        deadline=f"{case.promised_deadline:%Y-%m-%d}" if case.promised_deadline else "法定期限",
        reason=event.reason or "详见办件页面",
    )
    notification, _ = Notification.objects.get_or_create(
        event=event,
        defaults={
            "user": case.applicant,
            "case": case,
            "title": f"【{case.item.name}】{Act(event.act).label}",
            "body": f"{text}（办件编号 {case.number}）",
        },
    )
    # The documents the event issues go with the email (written now if the document task has not run yet), outside
    # any transaction.
    emailed = Delivery.objects.filter(notification=notification, via=Delivery.Via.EMAIL, state=Delivery.State.SENT)
    files = documents.attachments(event) if case.applicant.email and not emailed.exists() else []
    sent, failed = send_by_sms_and_email(notification, case.applicant, files)
    if failed:
        # The database queue defers the retry; a backend that cannot defer (tasks run inline) leaves it to the
        # periodic sweep (retry_pending_deliveries).
        delay = retry_delay(Delivery.objects.filter(notification=notification))
        if delay is not None and stores_rows(notify_applicant):
            notify_applicant.using(run_after=timezone.now() + delay).enqueue(event_id)
    return sent


def retry_delay(deliveries: QuerySet[Delivery]) -> timedelta | None:
    """How long to wait before the next try of these deliveries' pending ones (None: none is to be retried)."""
    attempts = deliveries.filter(state=Delivery.State.PENDING).values_list("attempts", flat=True)
    return timedelta(seconds=30 * 2 ** max(attempts)) if attempts else None


def send_by_sms_and_email(
    notification: Notification, person: Any, files: list[tuple[str, bytes]] | None = None
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
            sms_sender().send(
                phone=address,
                text=f"【{settings.SMS_SIGNATURE}】{notification.body}",
                idempotency_key=delivery.idempotency_key,
            )
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
    worker) — case notices with their documents, other notices (ratings) as they are; campaign notices have their own
    sweep (outreach.notices). Returns how many were sent now."""
    pending = due().filter(notification__outreach_contact__isnull=True)
    sent = 0
    for notification_id in set(pending.values_list("notification_id", flat=True)):
        notification = Notification.objects.select_related("user").get(pk=notification_id)
        if notification.event_id is not None:
            sent += notify_applicant.call(notification.event_id)
        else:
            sent += send_by_sms_and_email(notification, notification.user)[0]
    return sent


def send_again(*, deliveries: list[Delivery], actor: Any) -> int:
    """An operator sends notice deliveries again now, the same idempotency key: given-up ones with a fresh round of
    attempts, pending ones (waiting for their next retry, e.g. after the SMTP server is fixed) without waiting for the
    retry delay. Sent ones are left alone. Returns how many were queued."""
    ids = [delivery.pk for delivery in deliveries if delivery.state in (Delivery.State.FAILED, Delivery.State.PENDING)]
    with transaction.atomic():
        Delivery.objects.filter(pk__in=ids, state=Delivery.State.FAILED).update(
            state=Delivery.State.PENDING, attempts=0
        )
        for delivery_id in ids:
            audit.record(
                actor=actor, action="cases.resend_notice", channel=Channel.ADMIN, detail={"delivery": delivery_id}
            )
        if ids:
            enqueue(retry_pending_deliveries)  # in this transaction: the queue is the outbox
    return len(ids)
