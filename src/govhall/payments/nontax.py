"""The finance department's non-tax revenue system (政府非税收入), NON_TAX_PROVIDER. Every call is signed JSON over
HTTP (core.providers.signed_request: X-Access-Key-Id, X-Timestamp, X-Nonce, X-Signature = HMAC-SHA256 of
"timestamp\\nbody" with the access key's secret) to NON_TAX_URL:

- POST /orders {out_trade_no, amount_fen, description, expires_at, notify_url} → {payment_code} — a 20-digit 缴款码
  (the last digit a Luhn check digit) the payer types at a bank counter or in online banking; idempotent by
  out_trade_no;
- POST /orders/query {out_trade_no} → {out_trade_no, status: unpaid|paid|closed, amount_fen, trade_no, paid_at};
- POST /orders/close {out_trade_no} → {status: closed} (HTTP 409 once paid);
- POST /refunds {out_trade_no, out_refund_no, amount_fen, reason} → {status, refund_no, amount_fen}; idempotent by
  out_refund_no;
- POST /bill {day} → {rows: [{kind, out_trade_no, out_refund_no, trade_no, amount_fen, at}]}.

When a bank confirms a payment the finance system POSTs a notification to NON_TAX_NOTIFY_URL, signed the same way
with the same key: {notification_id, out_trade_no, payment_code, status: "paid", amount_fen, trade_no, paid_at}. It
expects JSON {"code": "SUCCESS"} (else it may try again). The demo finance system is govhall.contrib.demo.finance."""

import hmac
import json
import time
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings

from govhall.core.providers import ProviderError, signature, signed_request
from govhall.payments.constants import CheckoutMethod, PaymentChannel, RefundState, TradeStatus
from govhall.payments.gateways import (
    Acknowledgement,
    BillRow,
    Checkout,
    GatewayError,
    Notification,
    NotificationRefused,
    OrderRequest,
    PaymentGateway,
    RefundResult,
    Trade,
)

MAX_SKEW_SECONDS = 300
STATUSES = {"unpaid": TradeStatus.UNPAID, "paid": TradeStatus.PAID, "closed": TradeStatus.CLOSED}
REFUND_STATUSES = {
    "processing": RefundState.PROCESSING,
    "succeeded": RefundState.SUCCEEDED,
    "failed": RefundState.FAILED,
}


def _when(text: object) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        raise ValueError("a time without its zone")
    return moment


def _fen(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("amount_fen must be a whole number of fen")
    return value


class NonTaxGateway(PaymentGateway):
    name = "non_tax"
    channel: ClassVar[str] = PaymentChannel.NON_TAX
    methods: ClassVar[tuple[str, ...]] = (CheckoutMethod.NON_TAX_CODE,)
    required_settings = ("NON_TAX_URL", "NON_TAX_KEY_ID", "NON_TAX_KEY_SECRET", "NON_TAX_NOTIFY_URL")

    def _call(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            return signed_request(
                f"{settings.NON_TAX_URL.rstrip('/')}{path}",
                key_id=settings.NON_TAX_KEY_ID,
                secret=settings.NON_TAX_KEY_SECRET,
                payload=payload,
            )
        except ProviderError as error:
            raise GatewayError(str(error)) from error

    def start(self, order: OrderRequest, *, method: str) -> Checkout:
        if method != CheckoutMethod.NON_TAX_CODE:
            raise GatewayError(f"the non-tax system offers no {method}")
        answer = self._call(
            "/orders",
            {
                "out_trade_no": order.out_trade_no,
                "amount_fen": order.amount_fen,
                "description": order.description,
                "expires_at": order.expires_at.isoformat(),
                "notify_url": settings.NON_TAX_NOTIFY_URL,
            },
        )
        code = str(answer.get("payment_code", ""))
        if not (len(code) == 20 and code.isdigit()):
            raise GatewayError("the non-tax system answered no payment code")
        return Checkout(method=method, payment_code=code)

    def _trade(self, data: Mapping[str, Any], notification_id: str = "") -> Trade:
        try:
            return Trade(
                out_trade_no=str(data["out_trade_no"]),
                status=STATUSES[str(data["status"])],
                amount_fen=_fen(data["amount_fen"]),
                gateway_trade_no=str(data.get("trade_no") or ""),
                paid_at=_when(data.get("paid_at")),
                notification_id=notification_id,
            )
        except (KeyError, ValueError, TypeError) as error:
            raise GatewayError(f"the non-tax system answered a malformed trade: {error}") from error

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes) -> Notification:
        key_id, secret = settings.NON_TAX_KEY_ID, settings.NON_TAX_KEY_SECRET
        timestamp = str(headers.get("X-Timestamp", ""))
        if not key_id or not secret or headers.get("X-Access-Key-Id") != key_id:
            raise NotificationRefused("unknown access key")
        if not (timestamp.isascii() and timestamp.isdigit()) or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
            raise NotificationRefused("timestamp missing or too old")
        if not hmac.compare_digest(str(headers.get("X-Signature", "")), signature(secret, timestamp, body)):
            raise NotificationRefused("bad signature")
        try:
            data = json.loads(body)
            notification_id = str(data["notification_id"])[:128]
            if not isinstance(data, dict) or not notification_id:
                raise ValueError("no notification id")
            return Notification(trade=self._trade(data, notification_id))
        except (ValueError, KeyError, TypeError, GatewayError) as error:
            raise NotificationRefused(f"malformed notification: {error}") from error

    def acknowledge(self, ok: bool, message: str = "") -> Acknowledgement:
        answer = {"code": "SUCCESS"} if ok else {"code": "FAIL", "message": message[:200]}
        return Acknowledgement(
            status=200 if ok else 400,
            content_type="application/json; charset=utf-8",
            body=json.dumps(answer, ensure_ascii=False).encode(),
        )

    def query(self, out_trade_no: str) -> Trade:
        return self._trade(self._call("/orders/query", {"out_trade_no": out_trade_no}))

    def close(self, out_trade_no: str) -> None:
        answer = self._call("/orders/close", {"out_trade_no": out_trade_no})
        if answer.get("status") != "closed":
            raise GatewayError(f"the non-tax system did not close {out_trade_no}: {answer.get('status')}")

    def refund(
        self, *, out_trade_no: str, out_refund_no: str, amount_fen: int, total_fen: int, reason: str
    ) -> RefundResult:
        answer = self._call(
            "/refunds",
            {"out_trade_no": out_trade_no, "out_refund_no": out_refund_no, "amount_fen": amount_fen, "reason": reason},
        )
        try:
            return RefundResult(
                out_trade_no=out_trade_no,
                out_refund_no=out_refund_no,
                status=REFUND_STATUSES[str(answer["status"])],
                amount_fen=_fen(answer["amount_fen"]),
                gateway_refund_no=str(answer.get("refund_no") or ""),
            )
        except (KeyError, ValueError, TypeError) as error:
            raise GatewayError(f"the non-tax system answered a malformed refund: {error}") from error

    def bill(self, day: date) -> list[BillRow]:
        answer = self._call("/bill", {"day": day.isoformat()})
        try:
            return [
                BillRow(
                    out_trade_no=str(row["out_trade_no"]),
                    gateway_trade_no=str(row.get("trade_no") or ""),
                    kind=str(row["kind"]),
                    amount_fen=_fen(row["amount_fen"]),
                    at=_when(row["at"]) or datetime.fromisoformat("1970-01-01T00:00:00+00:00"),
                    out_refund_no=str(row.get("out_refund_no") or ""),
                )
                for row in answer["rows"]
            ]
        except (KeyError, ValueError, TypeError) as error:
            raise GatewayError(f"the non-tax system answered a malformed bill: {error}") from error
