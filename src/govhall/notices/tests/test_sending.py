"""Sending a notice by channel: each delivery recorded before the provider is called, sent again with the same key
after a dead worker, retried and given up."""

import json

import pytest

from govhall.cases.notifications import notify_applicant
from govhall.cases.tests.factories import submitted_case
from govhall.notices.models import Delivery
from govhall.notices.sending import retry_pending_deliveries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")
    return tmp_path / "sms.jsonl"


def test_the_delivery_is_recorded_as_sending_before_the_provider_is_called(
    outbox, monkeypatch, django_capture_on_commit_callbacks
):
    from govhall.notices.providers import HttpSmsSender

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
    from govhall.notices.providers import HttpSmsSender

    first = HttpSmsSender().send(phone="13812341234", text="一", idempotency_key="k1")
    assert HttpSmsSender().send(phone="13812341234", text="一", idempotency_key="k1") == first
    assert HttpSmsSender().send(phone="13812341234", text="二", idempotency_key="k2") != first
    assert HttpSmsSender().send(phone="13812341234", text="码") != HttpSmsSender().send(phone="13812341234", text="码")
    assert len(outbox.read_text(encoding="utf-8").splitlines()) == 4
