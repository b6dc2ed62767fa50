"""Sending a campaign: the inbox message, SMS and email go out once per person after commit, held-out people get
nothing, and a retried task sends nothing twice."""

import json
from datetime import date

import pytest
from django.core import mail

from govhall.accounts.tests.factories import person
from govhall.core.models import AuditEvent
from govhall.notices.models import Delivery, Notification
from govhall.notices.providers import HttpSmsSender
from govhall.outreach import selectors
from govhall.outreach.constants import ContactGroup
from govhall.outreach.models import Contact
from govhall.outreach.notices import retry_outreach_deliveries, send_campaign
from govhall.outreach.services import start_campaign
from govhall.outreach.tests.factories import at, filed, online_item, supervisor

pytestmark = pytest.mark.django_db

MAY = selectors.Period(start=date(2026, 5, 1), end=date(2026, 5, 31))
SITE = "https://zwfw.example.gov.cn"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    settings.SITE_URL = SITE
    return tmp_path / "sms.jsonl"


def sms_lines(outbox):
    if not outbox.exists():
        return []
    return [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def campaign(django_capture_on_commit_callbacks):
    pension = online_item(1, "城乡居民养老保险参保登记")
    alice = person("alice", phone="13800000001", email="alice@example.cn")
    bob = person("bob", number=1, phone="13800000002")
    filed(alice, pension, at("2026-05-03"))
    filed(bob, pension, at("2026-05-04"))
    with django_capture_on_commit_callbacks(execute=True):
        return start_campaign(
            actor=supervisor(),
            items=[pension],
            period=MAY,
            message="您办理过的事项已可全程网办。",
            holdout_percent=0,
            channel="web",
        )


def test_each_person_is_told_once_in_the_inbox_by_sms_and_email(campaign, outbox):
    notices = Notification.objects.order_by("user__username")
    assert [n.user.username for n in notices] == ["alice", "bob"]
    notice = notices[0]
    assert notice.case is None
    assert notice.title == "【引导网办】城乡居民养老保险参保登记可全程网办"
    code = campaign.items.get().implementation_code
    assert notice.body.startswith("您办理过的事项已可全程网办。\n城乡居民养老保险参保登记：")
    assert f"办事指南 {SITE}/items/{code}/" in notice.body
    assert f"在线申报 {SITE}/cases/apply/{code}/" in notice.body
    assert sorted(line["phone"] for line in sms_lines(outbox)) == ["13800000001", "13800000002"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.cn"]
    alice = Contact.objects.get(person__username="alice")
    assert alice.sent_at is not None and alice.channels == "inbox,sms,email"
    assert alice.notification == notice
    assert Contact.objects.get(person__username="bob").channels == "inbox,sms"
    campaign.refresh_from_db()
    assert campaign.sent_at is not None
    assert AuditEvent.objects.filter(action="outreach.send_campaign").count() == 1


def test_a_retry_never_sends_twice(campaign, outbox):
    assert send_campaign.call(campaign.pk) == 0
    assert retry_outreach_deliveries.call() == 0
    assert Notification.objects.count() == 2
    assert len(sms_lines(outbox)) == 2
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 3
    assert AuditEvent.objects.filter(action="outreach.send_campaign").count() == 1


def test_a_failed_channel_is_sent_once_by_the_retry(monkeypatch, django_capture_on_commit_callbacks, outbox):
    pension = online_item(1, "城乡居民养老保险参保登记")
    alice = person("alice", phone="13800000001")
    filed(alice, pension, at("2026-05-03"))

    def unreachable(self, *, phone, text, idempotency_key=""):
        raise ConnectionError("gateway unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(HttpSmsSender, "send", unreachable)
        with django_capture_on_commit_callbacks(execute=True):
            start_campaign(
                actor=supervisor(),
                items=[pension],
                period=MAY,
                message="可全程网办。",
                holdout_percent=0,
                channel="web",
            )
    delivery = Delivery.objects.get()
    assert delivery.sent_at is None and delivery.attempts == 1
    assert delivery.last_error == "gateway unreachable"
    assert Contact.objects.get().channels == "inbox"
    assert retry_outreach_deliveries.call() == 1
    assert retry_outreach_deliveries.call() == 0
    assert len(sms_lines(outbox)) == 1
    assert Contact.objects.get().channels == "inbox,sms"
    assert Notification.objects.count() == 1


def test_the_held_out_baseline_is_not_told(django_capture_on_commit_callbacks, outbox):
    pension = online_item(1, "城乡居民养老保险参保登记")
    for n in range(4):
        filed(person(f"p{n}", number=n), pension, at("2026-05-03"))
    with django_capture_on_commit_callbacks(execute=True):
        campaign = start_campaign(
            actor=supervisor(), items=[pension], period=MAY, message="可全程网办。", holdout_percent=50, channel="web"
        )
    held = Contact.objects.filter(campaign=campaign, group=ContactGroup.HOLDOUT)
    assert held.count() == 2
    assert not Notification.objects.filter(user__in=held.values("person")).exists()
    assert Notification.objects.count() == 2
    assert all(contact.sent_at is None for contact in held)
