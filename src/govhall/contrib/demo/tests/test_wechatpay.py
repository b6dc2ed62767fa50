"""The demo WeChat Pay's own side: it refuses requests not signed by the merchant, keeps trying notifications GovHall
did not accept and then gives up, holds them when told to, and escapes what it shows."""

import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from wechatpayv3.utils import rsa_sign

from govhall.contrib.demo.paydesk import MAX_ATTEMPTS
from govhall.payments import keys
from govhall.payments.constants import CheckoutMethod
from govhall.payments.gateways import GatewayError, OrderRequest, gateway


def call(url: str, authorization: str = "") -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Authorization": authorization} if authorization else {})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def authorization(merchant, path: str, *, stamp: int | None = None, mchid: str | None = None) -> str:  # type: ignore[no-untyped-def]
    stamp = int(time.time()) if stamp is None else stamp
    signature = rsa_sign(keys.private_key(merchant.wechat_merchant_key), f"GET\n{path}\n{stamp}\nabc\n\n")
    return (
        f'WECHATPAY2-SHA256-RSA2048 mchid="{mchid or merchant.wechat_mchid}",nonce_str="abc",'
        f'signature="{signature}",timestamp="{stamp}",serial_no="{merchant.wechat_merchant_serial}"'
    )


def test_requests_not_signed_by_the_merchant_are_refused(outside_world):
    merchant, path = outside_world.wechatpay.merchant, "/v3/pay/transactions/out-trade-no/GH-1?mchid=1900000001"
    url = f"{outside_world.url}/wechatpay{path}"
    assert call(url) == (401, {"code": "SIGN_ERROR", "message": "Authorization 缺失或签名类型不对"})
    assert call(url, authorization(merchant, path, mchid="1900000002"))[0] == 401
    assert call(url, authorization(merchant, path, stamp=int(time.time()) - 600))[1]["message"] == "时间戳过期"
    assert call(url, authorization(merchant, path.replace("GH-1", "GH-2")))[1]["message"] == "签名错误"
    assert call(url, authorization(merchant, path)) == (404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"})


def test_a_notification_nobody_accepts_is_given_up_after_the_last_attempt(settings, outside_world):
    settings.PAYMENT_NOTIFY_BASE_URL = "http://127.0.0.1:9"  # nothing listens there
    order = OrderRequest("GH-1", 100, "工本费", timezone.now() + timedelta(minutes=5))
    url = gateway("wechat").start(order, method=CheckoutMethod.WECHAT_NATIVE).code_url
    urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST")).close()
    outbox = outside_world.wechatpay.outbox
    for _ in range(MAX_ATTEMPTS - 1):
        assert outside_world.wechatpay.deliver_pending() == 0
    assert outbox.pending == [] and len(outbox.given_up) == 1 and outbox.given_up[0].attempts == MAX_ATTEMPTS


def test_notifications_can_be_held_back(settings, outside_world):
    settings.PAYMENT_NOTIFY_BASE_URL = "http://127.0.0.1:9"
    outside_world.wechatpay.auto_notify = False
    order = OrderRequest("GH-1", 100, "<b>工本费</b>", timezone.now() + timedelta(minutes=5))
    url = gateway("wechat").start(order, method=CheckoutMethod.WECHAT_NATIVE).code_url
    with urllib.request.urlopen(url) as page:
        assert "&lt;b&gt;工本费&lt;/b&gt;" in page.read().decode()
    urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST")).close()
    [held] = outside_world.wechatpay.outbox.pending
    assert held.attempts == 0


def test_an_unknown_cashier_page_or_bill_is_not_found(outside_world):
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{outside_world.url}/wechatpay/pay/nothing")
    assert missing.value.code == 404
    missing.value.close()


def test_a_refund_beyond_the_order_is_refused(outside_world):
    wechat = gateway("wechat")
    order = OrderRequest("GH-1", 100, "工本费", timezone.now() + timedelta(minutes=5))
    url = wechat.start(order, method=CheckoutMethod.WECHAT_NATIVE).code_url
    with pytest.raises(GatewayError, match="INVALID_REQUEST"):
        wechat.refund(out_trade_no="GH-1", out_refund_no="R1", amount_fen=50, total_fen=100, reason="")
    urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST")).close()
    wechat.refund(out_trade_no="GH-1", out_refund_no="R1", amount_fen=60, total_fen=100, reason="")
    with pytest.raises(GatewayError, match="NOT_ENOUGH"):
        wechat.refund(out_trade_no="GH-1", out_refund_no="R2", amount_fen=41, total_fen=100, reason="")
    again = wechat.refund(out_trade_no="GH-1", out_refund_no="R1", amount_fen=60, total_fen=100, reason="")
    assert again.amount_fen == 60 and list(outside_world.wechatpay.refunds) == ["R1"]


def test_an_expired_order_cannot_be_paid(outside_world):
    order = OrderRequest("GH-OLD", 100, "工本费", timezone.now() - timedelta(minutes=1))
    url = gateway("wechat").start(order, method=CheckoutMethod.WECHAT_NATIVE).code_url
    with urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST")) as page:
        assert "订单已过期" in page.read().decode()
    assert gateway("wechat").query("GH-OLD").status == "unpaid" and outside_world.wechatpay.outbox.pending == []
