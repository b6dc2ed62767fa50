"""Alipay against the demo Alipay over loopback: the whole loop (precreate or page pay, cashier, notification, query,
refund, refund notification, bill), amounts in yuan turned into fen exactly, and every notification that is not
Alipay's own, or not for our app, refused."""

import dataclasses
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.contrib.demo.alipay import DemoAlipay
from govhall.payments import keys
from govhall.payments.alipay import Alipay
from govhall.payments.constants import CheckoutMethod, RefundState, TradeStatus
from govhall.payments.gateways import GatewayError, NotificationRefused, OrderRequest, gateway

pytestmark = pytest.mark.usefixtures("receiver")


def order(number: str = "GH20261203000002", amount: int = 1999, **extra: object) -> OrderRequest:
    return OrderRequest(
        out_trade_no=number,
        amount_fen=amount,
        description="道路运输经营许可证 工本费",
        expires_at=timezone.now() + timedelta(minutes=30),
        **extra,  # type: ignore[arg-type]
    )


def pay(url: str) -> str:
    """Open the page (following the gateway's redirect to its cashier), then press 确认支付."""
    with urllib.request.urlopen(url) as page:
        cashier = page.url
        assert "确认支付" in page.read().decode()
    with urllib.request.urlopen(urllib.request.Request(cashier, data=b"", method="POST")) as page:
        return page.read().decode()


def test_the_whole_loop_qr_pay_notify_query_refund_bill(receiver, outside_world):
    alipay = gateway("alipay")
    assert isinstance(alipay, Alipay)
    checkout = alipay.start(order(), method=CheckoutMethod.ALIPAY_QR)
    assert checkout.code_url.startswith(outside_world.url + "/alipay/pay/")
    with urllib.request.urlopen(checkout.code_url) as page:
        assert "¥19.99" in page.read().decode()
    assert alipay.query("GH20261203000002").status == TradeStatus.UNPAID
    assert "支付成功" in pay(checkout.code_url)

    [paid] = receiver.received
    assert paid.trade is not None
    assert (paid.trade.status, paid.trade.amount_fen, paid.trade.out_trade_no) == (
        TradeStatus.PAID,
        1999,
        "GH20261203000002",
    )
    assert paid.trade.notification_id and paid.trade.paid_at is not None
    assert alipay.query("GH20261203000002").status == TradeStatus.PAID

    refund = alipay.refund(
        out_trade_no="GH20261203000002", out_refund_no="RF1", amount_fen=999, total_fen=1999, reason="多收退还"
    )
    assert (refund.status, refund.amount_fen) == (RefundState.SUCCEEDED, 999)
    assert outside_world.alipay.deliver_pending() == 1
    refunded = receiver.received[-1].refund
    assert refunded is not None
    assert (refunded.out_refund_no, refunded.amount_fen, refunded.status) == ("RF1", 999, RefundState.SUCCEEDED)
    again = alipay.refund(
        out_trade_no="GH20261203000002", out_refund_no="RF1", amount_fen=999, total_fen=1999, reason="多收退还"
    )
    assert again.status == RefundState.SUCCEEDED and outside_world.alipay.deliver_pending() == 0

    rows = alipay.bill(timezone.localdate())
    assert [(row.kind, row.out_trade_no, row.amount_fen, row.out_refund_no) for row in rows] == [
        ("payment", "GH20261203000002", 1999, ""),
        ("refund", "GH20261203000002", 999, "RF1"),
    ]
    assert rows == outside_world.alipay.bill_rows(timezone.localdate())


def test_page_pay_opens_the_cashier_and_brings_the_payer_back(receiver):
    checkout = gateway("alipay").start(
        order(return_url="http://127.0.0.1:8000/pay/done"), method=CheckoutMethod.ALIPAY_PAGE
    )
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(checkout.redirect_url).query))
    assert query["method"] == "alipay.trade.page.pay" and query["sign_type"] == "RSA2"
    assert "支付成功" in (page := pay(checkout.redirect_url))
    assert 'href="http://127.0.0.1:8000/pay/done?' in page and "out_trade_no=GH20261203000002" in page
    assert len(receiver.received) == 1


def test_close_refuses_a_paid_trade_and_the_same_order_answers_the_same_qr(receiver):
    alipay = gateway("alipay")
    first = alipay.start(order(), method=CheckoutMethod.ALIPAY_QR)
    assert alipay.start(order(), method=CheckoutMethod.ALIPAY_QR) == first
    urllib.request.urlopen(first.code_url).close()  # scanned: Alipay now has the trade
    alipay.close("GH20261203000002")
    assert alipay.query("GH20261203000002").status == TradeStatus.CLOSED
    alipay.close("GH-NEVER-SCANNED")  # Alipay has no trade for a QR nobody scanned: nothing to close
    paid = alipay.start(order("GH-PAID"), method=CheckoutMethod.ALIPAY_QR)
    pay(paid.code_url)
    with pytest.raises(GatewayError, match=r"ACQ\.TRADE_STATUS_ERROR"):
        alipay.close("GH-PAID")


def test_a_refund_beyond_what_was_paid_and_an_unknown_trade_are_refused():
    alipay = gateway("alipay")
    pay(alipay.start(order(), method=CheckoutMethod.ALIPAY_QR).code_url)
    with pytest.raises(GatewayError, match="退款金额超限"):
        alipay.refund(out_trade_no="GH20261203000002", out_refund_no="R9", amount_fen=2000, total_fen=1999, reason="")
    with pytest.raises(GatewayError, match=r"ACQ\.TRADE_NOT_EXIST"):
        alipay.refund(out_trade_no="GH-NO-SUCH", out_refund_no="R8", amount_fen=1, total_fen=1, reason="")
    assert alipay.query("GH-NO-SUCH").status == TradeStatus.UNPAID  # no trade: nobody has paid
    assert alipay.bill(timezone.localdate() - timedelta(days=3)) == []


def test_a_notification_govhall_did_not_accept_is_sent_again(receiver, outside_world):
    receiver.refuse = 2
    pay(gateway("alipay").start(order(), method=CheckoutMethod.ALIPAY_QR).code_url)
    assert outside_world.alipay.deliver_pending() == 0
    assert outside_world.alipay.deliver_pending() == 1
    assert len(receiver.received) == 1 and outside_world.alipay.outbox.delivered[0].attempts == 3


def test_the_bill_shows_planted_differences(outside_world):
    alipay = gateway("alipay")
    for number in ("GH-A", "GH-B"):
        pay(alipay.start(order(number), method=CheckoutMethod.ALIPAY_QR).code_url)
    outside_world.alipay.change_bill_amount("GH-A", 1)
    outside_world.alipay.drop_from_bill("GH-B")
    outside_world.alipay.plant_bill_row(out_trade_no="GH-UNKNOWN", amount_fen=10)
    assert {row.out_trade_no: row.amount_fen for row in alipay.bill(timezone.localdate())} == {
        "GH-A": 1,
        "GH-UNKNOWN": 10,
    }


# --- notifications ---------------------------------------------------------------------------------------------


def verify(headers: dict[str, str], body: bytes):  # type: ignore[no-untyped-def]
    return gateway("alipay").verify_notification(headers=headers, body=body)


def test_a_notification_is_verified_and_replays_keep_their_id(outside_world):
    headers, body = outside_world.alipay.signed_notification("GH-1", 1230)
    first, again = verify(headers, body), verify(headers, body)
    assert first == again and first.trade is not None
    assert (first.trade.status, first.trade.amount_fen) == (TradeStatus.PAID, 1230)
    assert first.trade.notification_id == dict(urllib.parse.parse_qsl(body.decode()))["notify_id"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("WAIT_BUYER_PAY", "unpaid"), ("TRADE_SUCCESS", "paid"), ("TRADE_FINISHED", "paid"), ("TRADE_CLOSED", "closed")],
)
def test_trade_statuses_are_mapped(outside_world, status, expected):
    notification = verify(*outside_world.alipay.signed_notification("GH-1", 100, status))
    assert notification.trade is not None and notification.trade.status == expected


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [("0.30", 30), ("0.3", 30), ("19.99", 1999), ("0.07", 7), ("1", 100), ("1000000.01", 100000001), ("0.00", 0)],
)
def test_amounts_in_yuan_become_fen_exactly(outside_world, yuan, fen):
    """19.99 × 100 in floating point is 1998.9999…; 0.1 + 0.2 is 0.30000000000000004. Decimal has neither."""
    notification = verify(*outside_world.alipay.signed_notification("GH-1", 0, extra={"total_amount": yuan}))
    assert notification.trade is not None and notification.trade.amount_fen == fen


@pytest.mark.parametrize("yuan", ["0.300", "-1.00", "1e2", " 1.00", "1,00", "NaN", "", "01.00", "0.1+0.2"])
def test_an_amount_that_is_not_yuan_with_two_decimals_is_refused(outside_world, yuan):
    with pytest.raises(NotificationRefused, match="格式"):
        verify(*outside_world.alipay.signed_notification("GH-1", 0, extra={"total_amount": yuan}))


def test_a_forged_signature_is_refused(outside_world):
    other = DemoAlipay(dataclasses.replace(outside_world.alipay.merchant, alipay_gateway_key=keys.new_private_pem()))
    with pytest.raises(NotificationRefused, match="签名"):
        verify(*other.signed_notification("GH-1", 1230))


def test_a_tampered_amount_is_refused(outside_world):
    headers, body = outside_world.alipay.signed_notification("GH-1", 1230)
    assert b"total_amount=12.30" in body
    with pytest.raises(NotificationRefused, match="签名"):
        verify(headers, body.replace(b"total_amount=12.30", b"total_amount=0.01"))


def test_a_notification_for_another_app_is_refused(outside_world):
    other = DemoAlipay(dataclasses.replace(outside_world.alipay.merchant, alipay_app_id="2021000000000999"))
    with pytest.raises(NotificationRefused, match="app_id"):
        verify(*other.signed_notification("GH-1", 1230))


def test_an_unsigned_duplicated_or_rsa1_notification_is_refused(outside_world):
    headers, body = outside_world.alipay.signed_notification("GH-1", 1230)
    fields = dict(urllib.parse.parse_qsl(body.decode()))
    unsigned = urllib.parse.urlencode({k: v for k, v in fields.items() if k != "sign"}).encode()
    for bad in (
        unsigned,
        body + b"&trade_status=TRADE_SUCCESS",
        body.replace(b"sign_type=RSA2", b"sign_type=RSA"),
        b"\xff",
    ):
        with pytest.raises(NotificationRefused):
            verify(headers, bad)


def test_a_refund_notification_is_a_refund_result(outside_world):
    notification = verify(*outside_world.alipay.signed_refund_notification("GH-1", "RF-1", 500, 1230))
    assert notification.refund is not None and notification.trade is None
    assert (notification.refund.out_refund_no, notification.refund.amount_fen) == ("RF-1", 500)


def test_the_acknowledgements_are_the_plain_text_alipay_expects():
    assert gateway("alipay").acknowledge(True).body == b"success"
    assert gateway("alipay").acknowledge(False).body == b"failure"


# --- GovHall's own signature, and the answers' ----------------------------------------------------------------


def test_a_request_signed_with_another_app_key_is_refused_by_the_gateway(settings):
    settings.ALIPAY_PRIVATE_KEY = keys.new_private_pem()
    with pytest.raises(GatewayError, match="401"):
        gateway("alipay").query("GH-1")


def test_an_answer_not_signed_by_alipay_is_not_believed(settings):
    settings.ALIPAY_PUBLIC_KEY = keys.public_pem(keys.new_private_pem())
    with pytest.raises(GatewayError, match="签名"):
        gateway("alipay").start(order(), method=CheckoutMethod.ALIPAY_QR)


def test_the_check_names_a_broken_key(settings):
    assert Alipay().check() == []
    settings.ALIPAY_PUBLIC_KEY = "not a key"
    assert Alipay().check() == ["ALIPAY_PUBLIC_KEY is not an RSA public key"]


def test_a_qr_nobody_scanned_is_unpaid_as_alipay_answers_it(outside_world):
    """Alipay has no trade for a precreated QR until someone scans it: query answers ACQ.TRADE_NOT_EXIST, which is
    unpaid, not a failure; closing it is done (and its QR no longer pays)."""
    alipay = gateway("alipay")
    checkout = alipay.start(order("GH20261203000007"), method=CheckoutMethod.ALIPAY_QR)
    assert alipay.query("GH20261203000007").status == TradeStatus.UNPAID
    alipay.close("GH20261203000007")
    with urllib.request.urlopen(checkout.code_url) as page:
        assert "交易已关闭" in page.read().decode()
