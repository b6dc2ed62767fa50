"""WechatPayV3 against the demo WeChat Pay over loopback: the whole loop (order, cashier, notification, query, refund,
refund notification, bill), and every notification that is not WeChat Pay's own, fresh and for us refused."""

import dataclasses
import json
import time
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.contrib.demo.wechatpay import DemoWechatPay
from govhall.payments import keys
from govhall.payments.constants import CheckoutMethod, RefundState, TradeStatus
from govhall.payments.gateways import GatewayError, NotificationRefused, OrderRequest, gateway
from govhall.payments.wechat import WechatPayV3

pytestmark = pytest.mark.usefixtures("receiver")


def order(number: str = "GH20261203000001", amount: int = 1230, **extra: object) -> OrderRequest:
    return OrderRequest(
        out_trade_no=number,
        amount_fen=amount,
        description="食品经营许可证 工本费",
        expires_at=timezone.now() + timedelta(minutes=30),
        **extra,  # type: ignore[arg-type]
    )


def pay(url: str) -> str:
    """What a person does on the cashier page: look, then press 确认支付."""
    with urllib.request.urlopen(url) as page:
        assert "确认支付" in page.read().decode()
    with urllib.request.urlopen(urllib.request.Request(url.split("?")[0], data=b"", method="POST")) as page:
        return page.read().decode()


def test_the_whole_loop_order_pay_notify_query_refund_bill(receiver, outside_world):
    wechat = gateway("wechat")
    assert isinstance(wechat, WechatPayV3)
    checkout = wechat.start(order(), method=CheckoutMethod.WECHAT_NATIVE)
    assert checkout.code_url.startswith(outside_world.url + "/wechatpay/pay/")
    with urllib.request.urlopen(checkout.code_url) as page:
        text = page.read().decode()
    assert "¥12.30" in text and "食品经营许可证 工本费" in text
    assert "支付成功" in pay(checkout.code_url)

    [paid] = receiver.received
    assert paid.trade is not None and paid.refund is None
    assert (paid.trade.out_trade_no, paid.trade.status, paid.trade.amount_fen) == (
        "GH20261203000001",
        TradeStatus.PAID,
        1230,
    )
    assert paid.trade.gateway_trade_no.startswith("4200") and paid.trade.notification_id
    assert paid.trade.paid_at is not None and paid.trade.paid_at.tzinfo is not None

    queried = wechat.query("GH20261203000001")
    assert (queried.status, queried.amount_fen, queried.gateway_trade_no) == (
        TradeStatus.PAID,
        1230,
        paid.trade.gateway_trade_no,
    )

    refund = wechat.refund(
        out_trade_no="GH20261203000001", out_refund_no="RF1", amount_fen=500, total_fen=1230, reason="多收退还"
    )
    assert (refund.status, refund.amount_fen, refund.out_refund_no) == (RefundState.PROCESSING, 500, "RF1")
    assert outside_world.wechatpay.deliver_pending() == 1
    refunded = receiver.received[-1].refund
    assert refunded is not None
    assert (refunded.status, refunded.amount_fen, refunded.out_trade_no) == (
        RefundState.SUCCEEDED,
        500,
        "GH20261203000001",
    )
    assert wechat.query("GH20261203000001").status == TradeStatus.REFUNDED

    rows = wechat.bill(timezone.localdate())
    assert [(row.kind, row.out_trade_no, row.amount_fen, row.out_refund_no) for row in rows] == [
        ("payment", "GH20261203000001", 1230, ""),
        ("refund", "GH20261203000001", 500, "RF1"),
    ]
    assert rows == outside_world.wechatpay.bill_rows(timezone.localdate())


def test_the_same_order_twice_answers_the_same_code_and_another_amount_is_refused():
    wechat = gateway("wechat")
    first = wechat.start(order(), method=CheckoutMethod.WECHAT_NATIVE)
    assert wechat.start(order(), method=CheckoutMethod.WECHAT_NATIVE) == first
    with pytest.raises(GatewayError, match="INVALID_REQUEST"):
        wechat.start(order(amount=999), method=CheckoutMethod.WECHAT_NATIVE)


def test_h5_needs_the_payers_address_and_brings_them_back(receiver):
    wechat = gateway("wechat")
    with pytest.raises(GatewayError, match="IP"):
        wechat.start(order(), method=CheckoutMethod.WECHAT_H5)
    checkout = wechat.start(
        order(client_ip="203.0.113.7", return_url="http://127.0.0.1:8000/pay/done?n=1"), method=CheckoutMethod.WECHAT_H5
    )
    assert "redirect_url=http%3A%2F%2F127.0.0.1%3A8000%2Fpay%2Fdone%3Fn%3D1" in checkout.redirect_url
    with urllib.request.urlopen(checkout.redirect_url) as page:
        assert 'value="http://127.0.0.1:8000/pay/done?n=1"' in page.read().decode()
    with pytest.raises(GatewayError):
        wechat.start(order(), method=CheckoutMethod.ALIPAY_QR)


def test_a_closed_order_cannot_be_paid(receiver):
    wechat = gateway("wechat")
    checkout = wechat.start(order(), method=CheckoutMethod.WECHAT_NATIVE)
    wechat.close("GH20261203000001")
    assert wechat.query("GH20261203000001").status == TradeStatus.CLOSED
    request = urllib.request.Request(checkout.code_url, data=b"", method="POST")
    with urllib.request.urlopen(request) as page:
        assert "订单已关闭" in page.read().decode()
    assert receiver.received == []


def test_an_unknown_order_and_a_day_without_trades():
    wechat = gateway("wechat")
    with pytest.raises(GatewayError, match="ORDER_NOT_EXIST"):
        wechat.query("GH-NO-SUCH-ORDER")
    assert wechat.bill(timezone.localdate() - timedelta(days=3)) == []


def test_a_notification_govhall_did_not_accept_is_sent_again(receiver, outside_world):
    receiver.refuse = 1
    checkout = gateway("wechat").start(order(), method=CheckoutMethod.WECHAT_NATIVE)
    pay(checkout.code_url)
    assert receiver.received == [] and len(outside_world.wechatpay.outbox.pending) == 1
    assert outside_world.wechatpay.deliver_pending() == 1
    [again] = receiver.received
    assert again.trade is not None and again.trade.status == TradeStatus.PAID


def test_the_bill_shows_planted_differences(outside_world):
    wechat = gateway("wechat")
    for number in ("GH-A", "GH-B"):
        pay(wechat.start(order(number), method=CheckoutMethod.WECHAT_NATIVE).code_url)
    demo = outside_world.wechatpay
    demo.change_bill_amount("GH-A", 1200)
    demo.drop_from_bill("GH-B")
    demo.plant_bill_row(out_trade_no="GH-UNKNOWN", amount_fen=88)
    rows = {row.out_trade_no: row.amount_fen for row in wechat.bill(timezone.localdate())}
    assert rows == {"GH-A": 1200, "GH-UNKNOWN": 88}


# --- notifications ---------------------------------------------------------------------------------------------


def verify(headers: dict[str, str], body: bytes):  # type: ignore[no-untyped-def]
    return gateway("wechat").verify_notification(headers=headers, body=body)


def test_a_notification_is_verified_then_decrypted_and_replays_keep_their_id(outside_world):
    headers, body = outside_world.wechatpay.signed_notification("GH-1", 1999)
    first, again = verify(headers, body), verify(headers, body)
    assert first == again and first.trade is not None
    assert (first.trade.amount_fen, first.trade.status) == (1999, TradeStatus.PAID)
    resent = verify(*outside_world.wechatpay.signed_notification("GH-1", 1999)).trade
    assert resent is not None and resent.notification_id == first.trade.notification_id
    assert json.loads(body)["id"] == first.trade.notification_id
    # Django's request.META spelling works too.
    meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    assert verify(meta, body) == first


@pytest.mark.parametrize("state", ["NOTPAY", "CLOSED", "REFUND"])
def test_other_trade_states_are_mapped(outside_world, state):
    notification = verify(*outside_world.wechatpay.signed_notification("GH-1", 100, state))
    assert notification.trade is not None
    assert notification.trade.status == {"NOTPAY": "unpaid", "CLOSED": "closed", "REFUND": "refunded"}[state]


def test_a_forged_signature_is_refused(outside_world):
    other = DemoWechatPay(
        dataclasses.replace(outside_world.wechatpay.merchant, wechat_platform_key=keys.new_private_pem())
    )
    with pytest.raises(NotificationRefused, match="签名"):
        verify(*other.signed_notification("GH-1", 1230))


def test_a_tampered_body_is_refused(outside_world):
    headers, body = outside_world.wechatpay.signed_notification("GH-1", 1230)
    tampered = body.replace(b'"summary":"', b'"summary":"!')
    with pytest.raises(NotificationRefused, match="签名"):
        verify(headers, tampered)


def test_an_unknown_serial_is_refused(outside_world):
    headers, body = outside_world.wechatpay.signed_notification("GH-1", 1230)
    with pytest.raises(NotificationRefused, match="序列号"):
        verify({**headers, "Wechatpay-Serial": "PUB_KEY_ID_SOMEONE_ELSE"}, body)


def test_a_stale_or_missing_timestamp_is_refused(outside_world):
    stale = int(time.time()) - 301
    with pytest.raises(NotificationRefused, match="时间戳"):
        verify(*outside_world.wechatpay.signed_notification("GH-1", 1230, timestamp=stale))
    headers, body = outside_world.wechatpay.signed_notification("GH-1", 1230)
    with pytest.raises(NotificationRefused, match="时间戳"):
        verify({name: value for name, value in headers.items() if name != "Wechatpay-Timestamp"}, body)


def test_a_notification_for_another_merchant_or_app_is_refused(outside_world):
    merchant = outside_world.wechatpay.merchant
    for changed in ({"wechat_mchid": "1900000099"}, {"wechat_appid": "wx-someone-else"}):
        other = DemoWechatPay(dataclasses.replace(merchant, **changed))
        with pytest.raises(NotificationRefused, match="本"):
            verify(*other.signed_notification("GH-1", 1230))


def test_a_resource_sealed_with_another_apiv3_key_is_refused(outside_world):
    other = DemoWechatPay(dataclasses.replace(outside_world.wechatpay.merchant, wechat_apiv3_key="x" * 32))
    with pytest.raises(NotificationRefused, match="解密"):
        verify(*other.signed_notification("GH-1", 1230))


def test_a_signed_but_malformed_notification_is_refused(outside_world):
    demo = outside_world.wechatpay
    for body in (b"not json", b"{}", json.dumps({"id": "1", "resource_type": "plain", "resource": {}}).encode()):
        with pytest.raises(NotificationRefused):
            verify({"Content-Type": "application/json", **demo.sign(body.decode())}, body)


def test_a_refund_notification_is_a_refund_result(outside_world):
    notification = verify(*outside_world.wechatpay.signed_refund_notification("GH-1", "RF-1", 300, 1230))
    assert notification.trade is None and notification.refund is not None
    assert (notification.refund.status, notification.refund.amount_fen) == (RefundState.SUCCEEDED, 300)
    failed = verify(*outside_world.wechatpay.signed_refund_notification("GH-1", "RF-2", 300, 1230, status="ABNORMAL"))
    assert failed.refund is not None and failed.refund.status == RefundState.FAILED


def test_the_acknowledgements_are_what_wechat_pay_expects():
    wechat = gateway("wechat")
    assert wechat.acknowledge(True).status == 204
    refused = wechat.acknowledge(False, "签名不对")
    assert refused.status == 400 and json.loads(refused.body) == {"code": "FAIL", "message": "签名不对"}


# --- GovHall's own signature, and the answers' ----------------------------------------------------------------


def test_a_request_signed_with_another_merchant_key_is_refused_by_the_gateway(settings):
    settings.WECHAT_PAY_PRIVATE_KEY = keys.new_private_pem()
    with pytest.raises(GatewayError, match="401"):
        gateway("wechat").query("GH-1")


def test_an_answer_not_signed_by_the_platform_key_is_not_believed(settings):
    settings.WECHAT_PAY_PLATFORM_PUBLIC_KEY = keys.public_pem(keys.new_private_pem())
    with pytest.raises(GatewayError, match="签名"):
        gateway("wechat").start(order(), method=CheckoutMethod.WECHAT_NATIVE)


def test_an_unreachable_gateway_is_a_gateway_error(settings):
    settings.WECHAT_PAY_URL = "http://127.0.0.1:9/wechatpay"
    with pytest.raises(GatewayError, match="无法连接"):
        gateway("wechat").query("GH-1")


def test_the_check_names_a_broken_key(settings):
    assert WechatPayV3().check() == []
    settings.WECHAT_PAY_PRIVATE_KEY = "not a key"
    settings.WECHAT_PAY_APIV3_KEY = "short"
    assert WechatPayV3().check() == [
        "WECHAT_PAY_PRIVATE_KEY is not an RSA private key",
        "WECHAT_PAY_APIV3_KEY must be 32 bytes",
    ]
