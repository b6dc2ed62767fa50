"""Alipay (支付宝开放平台, RSA2 with an Alipay public key): QR pay (alipay.trade.precreate → qr_code) and page pay
(alipay.trade.page.pay → a signed gateway URL the payer's browser opens).

Requests, their signatures and the check of every answer's signature are python-alipay-sdk's, its client pointed at
ALIPAY_URL (and dating its requests in Beijing time, as Alipay expects). Notifications are form POSTs signed RSA2 over
the sorted `k=v&…` of every field but sign and sign_type; they are checked against ALIPAY_PUBLIC_KEY and ALIPAY_APP_ID
before anything in them is read. Amounts are yuan with two decimals, turned into fen exactly (amounts.yuan_to_fen)."""

import binascii
import csv
import io
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig
from django.conf import settings

from govhall.payments import keys
from govhall.payments.amounts import fen_to_yuan, yuan_to_fen
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
    notify_url,
)

BEIJING = ZoneInfo("Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
SUCCESS = "10000"

TRADE_STATUSES = {
    "WAIT_BUYER_PAY": TradeStatus.UNPAID,
    "TRADE_SUCCESS": TradeStatus.PAID,
    "TRADE_FINISHED": TradeStatus.PAID,
    "TRADE_CLOSED": TradeStatus.CLOSED,
}


class AlipayError(GatewayError):
    """Alipay answered a business error: `code` is its sub_code (ACQ.TRADE_NOT_EXIST, isp.bill_not_exist …)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class AlipayClient(AliPay):  # type: ignore[misc]  # python-alipay-sdk has no types
    """python-alipay-sdk's client talking to `gateway_url` (ALIPAY_URL), its request timestamps in Beijing time."""

    def __init__(self, gateway_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._gateway = gateway_url

    def build_body(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().build_body(*args, **kwargs)
        data["timestamp"] = datetime.now(BEIJING).strftime(TIME_FORMAT)
        return data


@lru_cache(maxsize=4)
def _client(url: str, app_id: str, private_key: str, public_key: str, timeout: int) -> AlipayClient:
    return AlipayClient(
        url,
        config=AliPayConfig(timeout=timeout),
        appid=app_id,
        app_private_key_string=keys.private_pem(keys.private_key(private_key)),
        alipay_public_key_string=keys.public_key_pem(public_key),
        sign_type="RSA2",
    )


def _beijing(text: str) -> datetime:
    return datetime.strptime(text.strip(), TIME_FORMAT).replace(tzinfo=BEIJING)


def trade_from(data: Mapping[str, str], notification_id: str = "") -> Trade:
    """A trade from a query answer or a notification (total_amount in yuan)."""
    paid = data.get("gmt_payment") or data.get("send_pay_date")
    return Trade(
        out_trade_no=str(data["out_trade_no"]),
        status=TRADE_STATUSES[str(data["trade_status"])],
        amount_fen=yuan_to_fen(str(data["total_amount"])),
        gateway_trade_no=str(data.get("trade_no") or ""),
        paid_at=_beijing(paid) if paid else None,
        notification_id=notification_id,
    )


def parse_trade_bill(archive: bytes) -> list[BillRow]:
    """The trade bill (业务明细): a ZIP of GBK CSV files; the rows are in the one named …_业务明细.csv, between the
    header line and the '#' lines after it. 业务类型 交易 is a payment (订单金额), 退款 a refund (商家实收, negative)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        for info in files.infolist():
            name = info.filename if info.flag_bits & 0x800 else info.filename.encode("cp437").decode("gbk", "replace")
            if name.endswith("_业务明细.csv"):
                text = files.read(info).decode("gbk")
                break
        else:
            raise ValueError("no 业务明细 file in the bill")
    lines = list(csv.reader(io.StringIO(text)))
    start = next(index for index, line in enumerate(lines) if line and not line[0].startswith("#"))
    header = [name.strip() for name in lines[start]]
    found: list[BillRow] = []
    for line in lines[start + 1 :]:
        if not line or line[0].startswith("#"):
            break
        row = dict(zip(header, (value.strip() for value in line), strict=False))
        refund = row["业务类型"] == "退款"
        found.append(
            BillRow(
                out_trade_no=row["商户订单号"],
                gateway_trade_no=row["支付宝交易号"],
                kind="refund" if refund else "payment",
                amount_fen=yuan_to_fen(row["商家实收（元）"].removeprefix("-") if refund else row["订单金额（元）"]),
                at=_beijing(row["完成时间"]),
                out_refund_no=row.get("退款批次号/请求号", "") if refund else "",
            )
        )
    return found


class Alipay(PaymentGateway):
    name = "支付宝"
    channel = PaymentChannel.ALIPAY
    methods = (CheckoutMethod.ALIPAY_QR, CheckoutMethod.ALIPAY_PAGE)
    required_settings = ("ALIPAY_URL", "ALIPAY_APP_ID", "ALIPAY_PRIVATE_KEY", "ALIPAY_PUBLIC_KEY")

    def check(self) -> list[str]:
        missing = super().check()
        if missing:
            return missing
        try:
            keys.private_key(settings.ALIPAY_PRIVATE_KEY)
        except ValueError:
            missing.append("ALIPAY_PRIVATE_KEY is not an RSA private key")
        try:
            keys.public_key(settings.ALIPAY_PUBLIC_KEY)
        except ValueError:
            missing.append("ALIPAY_PUBLIC_KEY is not an RSA public key")
        return missing

    def start(self, order: OrderRequest, *, method: str) -> Checkout:
        biz = {
            "out_trade_no": order.out_trade_no,
            "total_amount": fen_to_yuan(order.amount_fen),
            "subject": order.description[:256],
            "time_expire": order.expires_at.astimezone(BEIJING).strftime(TIME_FORMAT),
        }
        if method == CheckoutMethod.ALIPAY_QR:
            answer = self._api("alipay.trade.precreate", biz, notify_url=notify_url(self.channel))
            return Checkout(method=method, code_url=str(answer.get("qr_code") or self._missing("qr_code")))
        if method == CheckoutMethod.ALIPAY_PAGE:
            biz["product_code"] = "FAST_INSTANT_TRADE_PAY"
            query = self._client().client_api(
                "alipay.trade.page.pay", biz, notify_url=notify_url(self.channel), return_url=order.return_url or None
            )
            return Checkout(method=method, redirect_url=f"{settings.ALIPAY_URL}?{query}")
        raise GatewayError(f"支付宝不支持这种支付方式：{method}")

    def query(self, out_trade_no: str) -> Trade:
        try:
            answer = self._api("alipay.trade.query", {"out_trade_no": out_trade_no})
        except AlipayError as error:
            if error.code != "ACQ.TRADE_NOT_EXIST":
                raise
            # A QR nobody scanned (or a page nobody signed in on): Alipay has no trade yet — unpaid.
            return Trade(out_trade_no=out_trade_no, status=TradeStatus.UNPAID, amount_fen=0)
        try:
            return trade_from(answer)
        except (KeyError, ValueError) as error:
            raise GatewayError(f"支付宝的查单应答不完整：{error}") from error

    def close(self, out_trade_no: str) -> None:
        try:
            self._api("alipay.trade.close", {"out_trade_no": out_trade_no})
        except AlipayError as error:
            if error.code != "ACQ.TRADE_NOT_EXIST":  # a QR never scanned: Alipay has no trade to close
                raise

    def refund(
        self, *, out_trade_no: str, out_refund_no: str, amount_fen: int, total_fen: int, reason: str
    ) -> RefundResult:
        """Alipay refunds at once: code 10000 is a refund made (fund_change N: this out_request_no was made before)."""
        biz = {
            "out_trade_no": out_trade_no,
            "refund_amount": fen_to_yuan(amount_fen),
            "out_request_no": out_refund_no,
            "refund_reason": reason[:256],
        }
        answer = self._api("alipay.trade.refund", biz)
        return RefundResult(
            out_trade_no=out_trade_no,
            out_refund_no=out_refund_no,
            status=RefundState.SUCCEEDED,
            amount_fen=amount_fen,
            gateway_refund_no=str(answer.get("trade_no") or ""),
        )

    def bill(self, day: date) -> list[BillRow]:
        try:
            answer = self._api(
                "alipay.data.dataservice.bill.downloadurl.query", {"bill_type": "trade", "bill_date": day.isoformat()}
            )
        except AlipayError as error:
            if error.code == "isp.bill_not_exist":  # no trade that day
                return []
            raise
        url = str(answer.get("bill_download_url") or self._missing("bill_download_url"))
        if not url.startswith(("https://", "http://")):
            raise GatewayError(f"支付宝给出的账单地址不对：{url}")
        try:
            with urllib.request.urlopen(url, timeout=settings.PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
                archive = response.read()
        except OSError as error:
            raise GatewayError(f"无法下载支付宝账单：{error}") from error
        try:
            return parse_trade_bill(archive)
        except (KeyError, ValueError, StopIteration, zipfile.BadZipFile) as error:
            raise GatewayError(f"支付宝的账单格式不对：{error}") from error

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes) -> Notification:
        try:
            pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError) as error:
            raise NotificationRefused("通知不是 UTF-8 表单。") from error
        data = dict(pairs)
        if len(data) != len(pairs):
            raise NotificationRefused("通知中有重复的字段。")
        sign = data.pop("sign", "")
        if not sign or data.get("sign_type", "RSA2") != "RSA2":
            raise NotificationRefused("通知没有 RSA2 签名。")
        try:
            verified = bool(self._client().verify(dict(data), sign))
        except (AliPayException, ValueError, TypeError, binascii.Error):
            verified = False
        if not verified:
            raise NotificationRefused("支付宝签名验证失败。")
        if data.get("app_id") != settings.ALIPAY_APP_ID:
            raise NotificationRefused("通知不是发给本应用（app_id）的。")
        notification_id = data.get("notify_id", "")
        try:
            if data.get("out_biz_no") and data.get("refund_fee"):
                return Notification(
                    refund=RefundResult(
                        out_trade_no=data["out_trade_no"],
                        out_refund_no=data["out_biz_no"],
                        status=RefundState.SUCCEEDED,
                        amount_fen=yuan_to_fen(data["refund_fee"]),  # Alipay states the total refunded so far
                        gateway_refund_no=data.get("trade_no", ""),
                        notification_id=notification_id,
                        cumulative=True,
                    )
                )
            return Notification(trade=trade_from(data, notification_id))
        except (KeyError, ValueError) as error:
            raise NotificationRefused(f"通知格式不正确：{error}") from error

    def acknowledge(self, ok: bool, message: str = "") -> Acknowledgement:
        if ok:
            return Acknowledgement(status=200, content_type="text/plain; charset=utf-8", body=b"success")
        return Acknowledgement(status=400, content_type="text/plain; charset=utf-8", body=b"failure")

    def _client(self) -> AlipayClient:
        return _client(
            settings.ALIPAY_URL,
            settings.ALIPAY_APP_ID,
            settings.ALIPAY_PRIVATE_KEY,
            settings.ALIPAY_PUBLIC_KEY,
            settings.PROVIDER_TIMEOUT_SECONDS,
        )

    def _missing(self, name: str) -> str:
        raise GatewayError(f"支付宝的应答缺少 {name}。")

    def _api(self, method: str, biz: dict[str, str], **extra: Any) -> dict[str, Any]:
        """Call `method` at ALIPAY_URL; its verified answer when code is 10000, else AlipayError."""
        try:
            answer = self._client().server_api(method, biz, **extra)
        except AliPayValidationError as error:
            raise GatewayError("支付宝应答的签名验证失败。") from error
        except AliPayException as error:
            raise GatewayError(f"支付宝拒绝了请求：{error}") from error
        except urllib.error.HTTPError as error:
            error.close()
            raise GatewayError(f"支付宝网关应答 HTTP {error.code}。") from error
        except OSError as error:
            raise GatewayError(f"无法连接支付宝：{error}") from error
        except (ValueError, KeyError, AttributeError) as error:
            raise GatewayError(f"支付宝的应答格式不对：{error}") from error
        if not isinstance(answer, dict):
            raise GatewayError("支付宝的应答格式不对。")
        if answer.get("code") != SUCCESS:
            code = str(answer.get("sub_code") or answer.get("code") or "")
            raise AlipayError(f"支付宝：{answer.get('sub_msg') or answer.get('msg') or '请求失败'}（{code}）", code)
        return answer
