"""HttpSmsSender against the demo SMS gateway over loopback: the gateway checks the signature, writes the message to
the demo phone (SMS_OUTBOX_FILE) and drops a message whose out_id it has seen."""

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from govhall.core.providers import signature
from govhall.notices.providers import HttpSmsSender, SmsError


def phone(settings) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return [json.loads(line) for line in Path(settings.SMS_OUTBOX_FILE).read_text(encoding="utf-8").splitlines()]


def test_a_message_reaches_the_demo_phone(settings):
    message_id = HttpSmsSender().send(phone="13812341234", text="【测试】您好", idempotency_key="n-1")
    assert phone(settings) == [{"id": message_id, "phone": "13812341234", "text": "【测试】您好", "key": "n-1"}]


def test_the_gateway_drops_a_message_whose_out_id_it_has_seen(settings):
    sender = HttpSmsSender()
    first = sender.send(phone="13812341234", text="一", idempotency_key="k1")
    assert sender.send(phone="13812341234", text="一", idempotency_key="k1") == first
    assert sender.send(phone="13812341234", text="二", idempotency_key="k2") != first
    assert sender.send(phone="13812341234", text="码") != sender.send(phone="13812341234", text="码")
    assert len(phone(settings)) == 4


def test_a_wrong_secret_is_refused_and_nothing_is_sent(settings):
    settings.SMS_GATEWAY_KEY_SECRET = "not-the-gateways-secret"
    settings.SMS_OUTBOX_FILE = str(Path(settings.SMS_OUTBOX_FILE).with_name("refused.jsonl"))
    with pytest.raises(SmsError, match="401"):
        HttpSmsSender().send(phone="13812341234", text="一")
    assert not Path(settings.SMS_OUTBOX_FILE).exists()


@pytest.mark.parametrize("problem", ["signature", "timestamp", "key"])
def test_the_gateway_checks_key_timestamp_and_signature(settings, problem):
    body = json.dumps({"phone": "13812341234", "text": "一"}).encode()
    timestamp = str(int(time.time()) - (3600 if problem == "timestamp" else 0))
    headers = {
        "X-Access-Key-Id": "someone-else" if problem == "key" else settings.SMS_GATEWAY_KEY_ID,
        "X-Timestamp": timestamp,
        "X-Signature": signature(settings.SMS_GATEWAY_KEY_SECRET, timestamp, body + b" " * (problem == "signature")),
    }
    request = urllib.request.Request(settings.SMS_GATEWAY_URL, data=body, method="POST", headers=headers)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    refused.value.close()
    assert refused.value.code == 401


def test_a_gateway_that_is_down_is_an_sms_error(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms/send"
    with pytest.raises(SmsError):
        HttpSmsSender().send(phone="13812341234", text="一")
