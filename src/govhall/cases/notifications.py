"""Keeping people informed: every state change of a case notifies the applicant in the in-app inbox, by SMS and by
email. Sending runs in the task worker after the change is committed; each channel is sent at most once per message
(a Delivery row, locked while sending, records success), and failures are retried with a growing delay."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from govhall.accounts.providers import sms_sender
from govhall.cases import documents
from govhall.cases.constants import Act
from govhall.cases.models import CaseEvent, Delivery, Notification

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
    """Does the event notify the applicant? (cases.events enqueues notify_applicant once the event is committed.)"""
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
    # the delivery's transaction.
    emailed = Delivery.objects.filter(notification=notification, via=Delivery.Via.EMAIL, sent_at__isnull=False)
    files = documents.attachments(event) if case.applicant.email and not emailed.exists() else []
    sent, failed = send_by_sms_and_email(notification, case.applicant, files)
    if failed:
        attempts = Delivery.objects.filter(notification=notification, sent_at__isnull=True).values_list(
            "attempts", flat=True
        )
        # The database queue defers the retry; a backend that cannot defer (tasks run inline) leaves it to the
        # periodic sweep (retry_pending_deliveries).
        if attempts and max(attempts) < MAX_ATTEMPTS and notify_applicant.get_backend().supports_defer:
            delay = timedelta(seconds=30 * 2 ** max(attempts))
            notify_applicant.using(run_after=timezone.now() + delay).enqueue(event_id)
    return sent


def send_by_sms_and_email(
    notification: Notification, person: Any, files: list[tuple[str, bytes]] | None = None
) -> tuple[int, bool]:
    """Send a notice (already in the person's inbox) to their phone and email, each at most once. Returns how many
    were sent now and whether any failed (to be retried). Every kind of notice — cases, ratings, outreach — uses it."""
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
    """True if sent now, None if sent before, False if it failed (to be retried)."""
    with transaction.atomic():
        delivery, _ = Delivery.objects.get_or_create(notification=notification, via=via)
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.sent_at is not None or delivery.attempts >= MAX_ATTEMPTS:
            return None
        delivery.attempts += 1
        try:
            if via == Delivery.Via.SMS:
                sms_sender().send(phone=address, text=f"【广安区政务服务】{notification.body}")
            else:
                message = EmailMessage(notification.title, notification.body, settings.DEFAULT_FROM_EMAIL, [address])
                for filename, content in files or []:
                    message.attach(filename, content, "application/pdf")
                message.send()
        except Exception as error:
            delivery.last_error = str(error)[:300]
            delivery.save(update_fields=["attempts", "last_error"])
            return False
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["attempts", "sent_at"])
        return True


@task()
def retry_pending_deliveries() -> int:
    """Periodic sweep: resend notices whose delivery failed and is still within MAX_ATTEMPTS."""
    pending = (
        Delivery.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, notification__event__isnull=False)
        .values_list("notification__event_id", flat=True)
        .distinct()
    )
    return sum(notify_applicant.call(event_id) for event_id in pending)
