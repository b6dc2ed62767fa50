"""enquiries.hotline: an order the hotline sent, once replied and closed, is reported to the (demo) 12345 hotline over
loopback — after commit, once per event, signed; a refused notice is retried with the outbox's backoff and given up
after MAX_ATTEMPTS; nothing is owed for enquiries that did not come from the hotline."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from govhall.contrib.demo.hotline import DemoHotline
from govhall.enquiries import hotline, inbound, services
from govhall.enquiries.models import HotlineDelivery
from govhall.enquiries.tests.factories import SECRET, clerk, enquiry, item
from govhall.notices.sending import undelivered_lines

pytestmark = pytest.mark.django_db(transaction=True)


def from_hotline(order_id: str = "12345-1"):  # type: ignore[no-untyped-def]
    made, _created = inbound.receive(
        inbound.Order(
            order_id=order_id,
            kind="consult",
            title="补办营业执照",
            content="来电询问。",
            caller_name="王小明",
            caller_phone="13812345678",
            item_code=item().implementation_code,
        )
    )
    return made


def test_reply_and_close_are_told_to_the_hotline_once_each(demo_hotline: DemoHotline):
    made = from_hotline()
    services.reply(made, actor=clerk(), text="请带身份证到窗口补领。")
    services.close(made, actor=clerk())
    notices = list(demo_hotline.notices.values())
    assert [notice["event"] for notice in notices] == ["replied", "closed"]
    assert notices[0]["order_id"] == "12345-1" and notices[0]["reply"] == "请带身份证到窗口补领。"
    assert set(HotlineDelivery.objects.values_list("status", flat=True)) == {"sent"}
    # Sending again what was sent does nothing (the row is no longer pending).
    for delivery in HotlineDelivery.objects.all():
        assert hotline.send_hotline_delivery.call(delivery.pk) == "skipped"
    assert len(demo_hotline.notices) == 2


def test_nothing_is_sent_when_the_reply_rolls_back(demo_hotline: DemoHotline):
    made = from_hotline()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.reply(made, actor=clerk(), text="答复")
        raise RuntimeError("rolled back")
    assert not HotlineDelivery.objects.exists() and not demo_hotline.notices


def test_a_refused_notice_is_retried_then_delivered(demo_hotline: DemoHotline):
    demo_hotline.refuse_next = 1
    made = from_hotline()
    services.reply(made, actor=clerk(), text="答复")
    delivery = HotlineDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1 and "503" in delivery.last_error
    assert hotline.retry_due() == 0  # not due yet
    assert hotline.retry_due(now=timezone.now() + timedelta(minutes=2)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(demo_hotline.notices) == 1


def test_given_up_after_max_attempts(demo_hotline: DemoHotline):
    demo_hotline.refuse_next = hotline.MAX_ATTEMPTS
    made = from_hotline()
    services.reply(made, actor=clerk(), text="答复")
    later = timezone.now()
    for _ in range(hotline.MAX_ATTEMPTS - 1):
        later += timedelta(hours=1)
        hotline.retry_due(now=later)
    delivery = HotlineDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == hotline.MAX_ATTEMPTS
    assert not demo_hotline.notices
    # The operator sees it in `manage.py undelivered`.
    assert any(line.startswith(f"12345 {delivery.pk} failed") for line in undelivered_lines())


def test_a_notice_with_a_wrong_secret_is_refused_by_the_hotline(demo_hotline: DemoHotline, settings):
    settings.HOTLINE_SECRET = "not-" + SECRET
    made = from_hotline()
    services.reply(made, actor=clerk(), text="答复")
    assert "401" in HotlineDelivery.objects.get().last_error and not demo_hotline.notices


def test_web_enquiries_owe_the_hotline_nothing(demo_hotline: DemoHotline):
    asked = enquiry()
    services.reply(asked, actor=clerk(), text="答复")
    assert not HotlineDelivery.objects.exists()
