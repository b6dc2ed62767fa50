"""Notices on every state change: the in-app inbox, SMS through the provider, and email through a real local SMTP
server (aiosmtpd on a free port)."""

from email.header import decode_header, make_header

import pytest

from govhall.accounts.tests.factories import staff
from govhall.cases import services
from govhall.cases.notifications import notify_applicant
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.notices.models import Delivery, Notification
from govhall.notices.sending import retry_pending_deliveries
from govhall.notices.tests.mail import smtp_mailer
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    return tmp_path / "sms.jsonl"


def test_each_state_change_reaches_the_inbox_sms_and_email(smtp, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    clerk = staff("clerk", Role.WINDOW_CLERK, department=DepartmentFactory(name="区行政审批局"))
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_case(case=case, actor=clerk, channel="window")
    titles = list(Notification.objects.filter(user=case.applicant).values_list("title", flat=True))
    assert titles == ["【食品经营许可（新办）】受理", "【食品经营许可（新办）】申报"]
    accepted = Notification.objects.get(title__endswith="受理")
    assert "承诺" in accepted.body and case.number in accepted.body
    assert "您的申请已受理" in outbox.read_text(encoding="utf-8")
    assert len(smtp.messages) == 1  # the email address was added after the submission notice went out
    assert smtp.messages[0]["To"] == "alice@example.cn"
    subject = str(make_header(decode_header(smtp.messages[0]["Subject"])))
    assert subject == "【食品经营许可（新办）】受理"


def test_a_retry_never_sends_twice(smtp, outbox, django_capture_on_commit_callbacks):
    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    event = case.events.get()
    assert notify_applicant.call(event.pk) == 2
    assert notify_applicant.call(event.pk) == 0
    assert len(smtp.messages) == 1
    assert outbox.read_text(encoding="utf-8").count("已收到您的申请") == 1
    assert Notification.objects.count() == 1


def test_a_failed_email_is_recorded_and_retried_later(settings, outbox):
    settings.MAILERS = smtp_mailer(9)  # nothing listens there
    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    event = case.events.get()
    notify_applicant.call(event.pk)
    email = Delivery.objects.get(via="email")
    assert email.sent_at is None and email.attempts == 1 and email.last_error
    assert Delivery.objects.get(via="sms").sent_at is not None
    assert retry_pending_deliveries.call() == 0  # still failing: counted, not sent
    assert Delivery.objects.get(via="email").attempts == 2
    assert outbox.read_text(encoding="utf-8").count("已收到您的申请") == 1


def test_a_decision_on_commitment_and_an_online_delivery_are_told_once(outbox, django_capture_on_commit_callbacks):
    from govhall.accounts.tests.factories import person
    from govhall.catalog.tests.factories import published_item

    item = published_item(commitment_allowed=True, post_check_days=5)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.submit_case(
            applicant=person("alice"),
            item=item,
            idempotency_key="c",
            channel="web",
            application=services.Application(commitment=True),
        )
    titles = list(Notification.objects.filter(case=case).order_by("pk").values_list("body", flat=True))
    assert len(titles) == 2
    assert titles[0].startswith("已收到您的申请") and "可登录“我的办件”下载" in titles[1]


def test_a_posted_result_names_its_waybill_when_signed_for(
    outbox, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from govhall.delivery.services import post_result
    from govhall.delivery.tests.factories import advance, concluded_post_case

    case, approver = concluded_post_case(address="广安区金安大道 1 号")
    shipment = post_result(case=case, actor=approver)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            advance(client, shipment.waybill)
    notice = Notification.objects.get(event__act="deliver")
    assert shipment.waybill in notice.body and "已签收" in notice.body


@pytest.mark.parametrize(("detail", "told"), [({"post_check": True}, "经事后核查，您的许可"), ({}, "您的许可")])
def test_a_revocation_speaks_of_a_post_check_only_after_one(detail, told):
    from govhall.cases.constants import Act, CaseState
    from govhall.cases.models import CaseEvent

    case = submitted_case()
    event = CaseEvent.objects.create(
        case=case,
        act=Act.REVOKE,
        from_state=CaseState.DELIVERED,
        to_state=CaseState.REVOKED,
        channel="window",
        reason="经营场所不存在",
        detail=detail,
    )
    notify_applicant.call(event.pk)
    body = Notification.objects.get(event=event).body
    assert body.startswith(f"{told}已依法撤销：经营场所不存在。")
