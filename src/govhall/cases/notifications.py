"""The applicant's notices of a case: what each act tells them (MESSAGES) and the task that makes the inbox message
once per event and sends it through notices.sending (SMS and email, each channel once, retried with a growing delay).
`on_event` is subscribed to cases.events in CasesConfig.ready: it enqueues the task in the event's own transaction
(the database queue is the outbox); `resend` is how notices' sweep sends a case notice again (with its documents)."""

from collections.abc import Callable

from django.tasks import task
from django.utils import timezone

from govhall.cases import documents
from govhall.cases.constants import Act
from govhall.cases.fees import yuan
from govhall.cases.models import CaseEvent
from govhall.core.outbox import enqueue, stores_rows
from govhall.notices.models import Delivery, Notification
from govhall.notices.sending import retry_delay, send_by_sms_and_email

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
    Act.REVOKE: "您的许可已依法撤销：{reason}。如有异议，可依法申请行政复议或提起行政诉讼。",
    Act.REQUEST_PAYMENT: "请缴费：{fees}，合计 {amount} 元。请登录“我的办件”在线缴费，缴费后继续办理（等待缴费期间不计入办理时限）。",
    Act.RECEIVE_PAYMENT: "已缴费 {amount} 元，您的申请继续办理。",
}
WAIVED = "您的费用已依规减免，申请继续办理。"
# A revocation that a failed 事后核查 (告知承诺制) made says so.
REVOKED_BY_POST_CHECK = "经事后核查，您的许可已依法撤销：{reason}。如有异议，可依法申请行政复议或提起行政诉讼。"
DELIVERED = {
    "online": "您的申请已办结，办理结果可登录“我的办件”下载。",
    "post": "您的申请办理结果已签收，快递单号 {waybill}。",
    "pickup": "您已在窗口领取办理结果。",
}


# Predicates of apps above cases that tell an event's news themselves (a bundle's one notice for its parts' submission
# and conclusion): registered in their AppConfig.ready, so cases imports none of them.
_covered: list[Callable[[CaseEvent], bool]] = []


def cover(predicate: Callable[[CaseEvent], bool]) -> None:
    """Events for which `predicate` is true get no notice of their own here (another notice tells them)."""
    if predicate not in _covered:
        _covered.append(predicate)


def wanted(event: CaseEvent) -> bool:
    """Does the event notify the applicant?"""
    if any(predicate(event) for predicate in _covered):
        return False
    if event.act not in MESSAGES or event.detail.get("commitment"):
        return False  # acts the system chains on a signed commitment: the delivery notice tells the outcome once
    if event.act == Act.REQUEST_PAYMENT and not event.detail.get("total_fen"):
        return False  # all of it waived: the notice of the payment received says so
    # Delivered online at once on conclusion: one notice, not two.
    return not (event.act == Act.CONCLUDE and event.case.delivery_method == "online")


def on_event(event: CaseEvent) -> None:
    """Subscribed to cases.events: in the event's transaction, enqueue the applicant's notice if the event has one."""
    if wanted(event):
        enqueue(notify_applicant, event.pk)


@task()
def notify_applicant(event_id: int) -> int:
    """Create the inbox message for the event (once) and send it by SMS and email. Returns how many were sent now."""
    event = CaseEvent.objects.select_related("case__item", "case__applicant").get(pk=event_id)
    case = event.case
    template = MESSAGES[Act(event.act)]
    if event.act == Act.DELIVER:
        template = DELIVERED.get(str(event.detail.get("method", "")), template)
    if event.act == Act.REVOKE and event.detail.get("post_check"):
        template = REVOKED_BY_POST_CHECK
    if event.act == Act.RECEIVE_PAYMENT and event.detail.get("waived"):
        template = WAIVED
    lines = event.detail.get("lines") or []
    text = template.format(
        amount=yuan(int(event.detail.get("total_fen") or event.detail.get("amount_fen") or 0)),
        fees="、".join(f"{line['name']} {yuan(int(line['amount_fen']))} 元" for line in lines),
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


def resend(notification: Notification) -> int:
    """notices' sweep sends a case notice again this way (registered in CasesConfig.ready), with the event's
    documents."""
    return int(notify_applicant.call(notification.event_id)) if notification.event_id is not None else 0
