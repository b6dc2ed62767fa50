"""Notices on every state change: the in-app inbox, SMS through the provider, and email through a real local SMTP
server (aiosmtpd on a free port)."""

import json
import socket
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from govhall.accounts.constants import Role
from govhall.accounts.tests.factories import staff
from govhall.cases import services
from govhall.cases.models import Delivery, Notification
from govhall.cases.notifications import notify_applicant, retry_pending_deliveries
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.catalog.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def smtp_mailer(port: int) -> dict:
    options = {"host": "127.0.0.1", "port": port, "timeout": 2}
    return {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}}


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = smtp_mailer(port)  # the test runner swaps in an in-memory mailer
    yield handler
    controller.stop()


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


def test_a_posted_result_names_its_waybill(outbox, settings, tmp_path, django_capture_on_commit_callbacks):
    from govhall.accounts.tests.factories import person
    from govhall.cases import decisions
    from govhall.catalog.tests.factories import published_item

    settings.COURIER_OUTBOX_FILE = str(tmp_path / "waybills.jsonl")
    item = published_item(express_out=True)
    approver = staff("approver", Role.APPROVER, department=item.department)
    case = services.submit_case(
        applicant=person("alice"),
        item=item,
        idempotency_key="p",
        channel="web",
        application=services.Application(delivery_method="post", delivery_address="广安区金安大道 1 号"),
    )
    case = reviewed(services.act_on(case=case, act="accept", actor=approver, channel="window"), approver)
    for act in ("approve", "conclude"):
        case = services.act_on(case=case, act=act, actor=approver, channel="window")
    with django_capture_on_commit_callbacks(execute=True):
        case = decisions.deliver(case=case, actor=approver)
    notice = Notification.objects.get(event__act="deliver")
    assert case.tracking_number and case.tracking_number in notice.body


def test_the_delivery_is_recorded_as_sending_before_the_provider_is_called(
    outbox, monkeypatch, django_capture_on_commit_callbacks
):
    from govhall.accounts.providers import HttpSmsSender

    seen = []
    real_send = HttpSmsSender.send

    def watching(self, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(Delivery.objects.get(via="sms").state)
        return real_send(self, **kwargs)

    monkeypatch.setattr(HttpSmsSender, "send", watching)
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case()
    assert seen == ["sending"]
    delivery = Delivery.objects.get(via="sms", notification__case=case)
    assert delivery.state == "sent" and delivery.sent_at is not None and delivery.attempts == 1


def test_a_delivery_a_dead_worker_left_sending_goes_again_with_the_same_key_and_is_dropped(
    smtp, outbox, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    event = case.events.get()
    assert notify_applicant.call(event.pk) == 2
    # The worker died after the provider took both messages but before it recorded them.
    Delivery.objects.update(state="sending", sent_at=None, sending_at=timezone.now())
    assert notify_applicant.call(event.pk) == 0  # within the lease: another worker may be sending right now
    Delivery.objects.update(sending_at=timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS + 1))
    assert retry_pending_deliveries.call() == 2  # after it: sent again…
    sms = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert len(sms) == 1 and sms[0]["key"] == Delivery.objects.get(via="sms").idempotency_key  # …the gateway drops it
    email = Delivery.objects.get(via="email")
    assert [m["Message-ID"] for m in smtp.messages] == [email.message_id] * 2  # the receiver drops the same Message-ID
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_the_demo_sms_gateway_drops_a_message_whose_key_it_has_seen(outbox):
    from govhall.accounts.providers import HttpSmsSender

    first = HttpSmsSender().send(phone="13812341234", text="一", idempotency_key="k1")
    assert HttpSmsSender().send(phone="13812341234", text="一", idempotency_key="k1") == first
    assert HttpSmsSender().send(phone="13812341234", text="二", idempotency_key="k2") != first
    assert HttpSmsSender().send(phone="13812341234", text="码") != HttpSmsSender().send(phone="13812341234", text="码")
    assert len(outbox.read_text(encoding="utf-8").splitlines()) == 4


def test_a_delivery_given_up_is_listed_for_an_operator_and_can_be_sent_again(
    settings, outbox, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from govhall.cases.notifications import MAX_ATTEMPTS, send_again

    settings.MAILERS = smtp_mailer(9)  # nothing listens there
    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    for _ in range(MAX_ATTEMPTS):
        notify_applicant.call(case.events.get().pk)
    email = Delivery.objects.get(via="email")
    assert email.state == "failed" and email.attempts == MAX_ATTEMPTS
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("undelivered", "--check", stdout=out)
    assert f"notice {email.pk} email failed attempts={MAX_ATTEMPTS} case={case.number}" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):  # the sweep runs at once here (tasks run inline)
        assert send_again(deliveries=[email], actor=None) == 1
    email.refresh_from_db()
    assert email.state == "pending" and email.attempts == 1  # a fresh round: the address still refuses


def test_an_operator_sends_a_pending_delivery_now_once_smtp_is_fixed(
    settings, smtp, outbox, django_capture_on_commit_callbacks
):
    """A delivery failing and waiting for its next retry (listed by `undelivered` once older than a lease) is sent at
    once when the operator sends it again after fixing the mail server, exactly once; a sent one is left alone."""
    from govhall.cases.notifications import send_again

    working = settings.MAILERS
    settings.MAILERS = smtp_mailer(9)  # broken: nothing listens there
    case = submitted_case()
    case.applicant.email = "alice@example.cn"
    case.applicant.save(update_fields=["email"])
    notify_applicant.call(case.events.get().pk)
    email = Delivery.objects.get(via="email")
    sms = Delivery.objects.get(via="sms")
    assert email.state == "pending" and email.attempts == 1 and "refused" in email.last_error.lower()
    settings.MAILERS = working  # the operator fixes SMTP
    with django_capture_on_commit_callbacks(execute=True):
        assert send_again(deliveries=[email, sms], actor=None) == 1
    email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 2
    assert len(smtp.messages) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_again(deliveries=[email], actor=None) == 0
    retry_pending_deliveries.call()
    assert len(smtp.messages) == 1
