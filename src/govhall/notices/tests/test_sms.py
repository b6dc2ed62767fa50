"""The SMS signature and the operator's SMS outbox: numbers encrypted, codes masked."""

import pytest

from govhall.notices.models import OutboundSms
from govhall.notices.sms import mask_codes, record_code_message, sms_text

pytestmark = pytest.mark.django_db


def test_the_signature_comes_from_the_setting(settings):
    settings.SMS_SIGNATURE = "某市政务服务"
    assert sms_text("您的申请已受理。") == "【某市政务服务】您的申请已受理。"


def test_the_outbox_keeps_the_text_with_the_code_masked():
    assert mask_codes("您的验证码为 123456，5 分钟内有效。") == "您的验证码为 ******，5 分钟内有效。"
    record_code_message(phone="13812341234", text="验证码 654321", provider="file", provider_message_id="m1")
    kept = OutboundSms.objects.get()
    assert kept.text == "验证码 ******" and kept.phone == "13812341234"
    assert str(kept).startswith("138****1234")
