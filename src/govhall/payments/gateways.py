"""The payment gateways GovHall speaks to (providers, core.providers): WeChat Pay API v3 (WECHAT_PAY_PROVIDER),
Alipay (ALIPAY_PROVIDER) and the finance department's non-tax revenue system (NON_TAX_PROVIDER). Each subclass speaks
its gateway's real protocol; `govhall.contrib.demo` plays the gateways over loopback in development and the tests.

The contract, in plain data so gateways know nothing of GovHall's models:
- `start(order, method=…)` creates the gateway's order and answers how to pay (a QR's content, a page to open, a payment
  code); the same out_trade_no twice answers the same way (gateways are idempotent by out_trade_no).
- `verify_notification(headers, body)` checks the signature (and decrypts, for WeChat) BEFORE anything is read, and
  answers the trade or refund as the gateway states it; a forged, malformed, wrongly addressed or stale notification
  raises NotificationRefused. Whether it moves money state is payments.services' business (idempotency, amount and
  order checks), never the gateway's.
- `acknowledge(ok)` is the answer the gateway expects (WeChat: 200/204 or 4xx/5xx JSON {"code": "FAIL"}; Alipay: the
  plain text "success"; non-tax: JSON).
- `query`, `close`, `refund`, `bill` as their names say; GatewayError when the gateway cannot be reached or refuses."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from django.conf import settings

from govhall.core import providers
from govhall.core.providers import Provider
from govhall.payments.constants import PaymentChannel


class GatewayError(Exception):
    """The gateway could not be reached, or refused the request (the message says which)."""


class NotificationRefused(Exception):
    """A notification that is not the gateway's, or not well formed: answered 4xx, nothing changes."""


@dataclass(frozen=True)
class OrderRequest:
    out_trade_no: str  # our PaymentOrder.number, unique, ≤ 32 characters [0-9A-Za-z_-]
    amount_fen: int
    description: str  # what the payer sees ("食品经营许可证 工本费"), ≤ 127 characters
    expires_at: datetime  # aware; the gateway stops taking payment after it
    client_ip: str = ""  # H5 pay needs the payer's IP
    return_url: str = ""  # where the payer's browser goes back to after paying (Alipay page pay, WeChat H5)


@dataclass(frozen=True)
class Checkout:
    method: str  # CheckoutMethod
    code_url: str = ""  # a QR's content (WeChat Native code_url, Alipay precreate qr_code)
    redirect_url: str = ""  # a page to open (WeChat h5_url, Alipay page pay URL)
    payment_code: str = ""  # 非税缴款码, typed at a bank counter or in online banking


@dataclass(frozen=True)
class Trade:
    """A trade as the gateway states it, from a notification or a query."""

    out_trade_no: str
    status: str  # TradeStatus
    amount_fen: int  # what the gateway says the order is for (total)
    gateway_trade_no: str = ""
    paid_at: datetime | None = None
    notification_id: str = ""  # the gateway's id of the notification (WeChat id, Alipay notify_id): replays repeat it


@dataclass(frozen=True)
class RefundResult:
    """A refund as the gateway states it, from the refund call, a refund notification or a query."""

    out_trade_no: str
    out_refund_no: str
    status: str  # "processing" | "succeeded" | "failed" (payments.constants.RefundState values)
    amount_fen: int
    gateway_refund_no: str = ""
    notification_id: str = ""
    # True when amount_fen is the total refunded on the trade so far (Alipay's refund_fee), not this refund's amount.
    cumulative: bool = False


@dataclass(frozen=True)
class Notification:
    """A verified notification: exactly one of trade / refund is set."""

    trade: Trade | None = None
    refund: RefundResult | None = None


@dataclass(frozen=True)
class BillRow:
    """One line of the gateway's daily bill (对账单)."""

    out_trade_no: str
    gateway_trade_no: str
    kind: str  # "payment" | "refund"
    amount_fen: int
    at: datetime
    out_refund_no: str = ""


@dataclass(frozen=True)
class Acknowledgement:
    status: int
    content_type: str
    body: bytes


class PaymentGateway(Provider):
    channel: ClassVar[str] = ""  # PaymentChannel
    methods: ClassVar[tuple[str, ...]] = ()  # the CheckoutMethods it offers

    def start(self, order: OrderRequest, *, method: str) -> Checkout:
        raise NotImplementedError

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes) -> Notification:
        raise NotImplementedError

    def acknowledge(self, ok: bool, message: str = "") -> Acknowledgement:
        raise NotImplementedError

    def query(self, out_trade_no: str) -> Trade:
        raise NotImplementedError

    def close(self, out_trade_no: str) -> None:
        raise NotImplementedError

    def refund(
        self, *, out_trade_no: str, out_refund_no: str, amount_fen: int, total_fen: int, reason: str
    ) -> RefundResult:
        raise NotImplementedError

    def bill(self, day: date) -> list[BillRow]:
        raise NotImplementedError


GATEWAY_KINDS = {
    PaymentChannel.WECHAT: "wechat_pay",
    PaymentChannel.ALIPAY: "alipay",
    PaymentChannel.NON_TAX: "non_tax",
}


def gateway(channel: str) -> PaymentGateway:
    """The configured gateway of a channel (wechat, alipay, non_tax)."""
    return providers.get(GATEWAY_KINDS[PaymentChannel(channel)], PaymentGateway)


def notify_url(channel: str) -> str:
    """Where the gateway of `channel` sends its asynchronous notifications: {PAYMENT_NOTIFY_BASE_URL}/payments/notify/
    <channel>/ (the endpoint that calls verify_notification, then acknowledge)."""
    return f"{settings.PAYMENT_NOTIFY_BASE_URL}/payments/notify/{PaymentChannel(channel)}/"
