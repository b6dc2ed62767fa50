"""WeChat Pay API v3 (微信支付 APIv3) for a direct merchant (直连商户): Native pay (a QR's code_url) and H5 pay (h5_url).

Requests are signed `WECHATPAY2-SHA256-RSA2048` with the merchant key; every answer's signature is checked against the
platform public key (微信支付公钥, or a 平台证书) of WECHAT_PAY_PLATFORM_SERIAL; notifications are checked the same way,
within five minutes, and only then is their resource decrypted (AEAD_AES_256_GCM with the APIv3 key). Signing,
verifying and decrypting are the wechatpayv3 SDK's utilities; the HTTP is ours, because the SDK's client has its
gateway address fixed and fetches platform certificates from it while being constructed (docs/payments-gateways.md)."""

import binascii
import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from wechatpayv3.utils import aes_decrypt, build_authorization, rsa_verify

from govhall.payments import keys
from govhall.payments.amounts import yuan_to_fen
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

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
MAX_SKEW_SECONDS = 300
BEIJING = ZoneInfo("Asia/Shanghai")

TRADE_STATES = {
    "SUCCESS": TradeStatus.PAID,
    "REFUND": TradeStatus.REFUNDED,
    "NOTPAY": TradeStatus.UNPAID,
    "USERPAYING": TradeStatus.UNPAID,
    "PAYERROR": TradeStatus.UNPAID,
    "CLOSED": TradeStatus.CLOSED,
    "REVOKED": TradeStatus.CLOSED,
}
REFUND_STATES = {
    "SUCCESS": RefundState.SUCCEEDED,
    "PROCESSING": RefundState.PROCESSING,
    "CLOSED": RefundState.FAILED,
    "ABNORMAL": RefundState.FAILED,
}


class WechatPayError(GatewayError):
    """WeChat Pay answered an error: `code` is its error code (ORDER_NOT_EXIST, NO_STATEMENT_EXIST …)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


@lru_cache(maxsize=8)
def _private_key(pem: str) -> rsa.RSAPrivateKey:
    return keys.private_key(pem)


@lru_cache(maxsize=8)
def _public_key(pem: str) -> rsa.RSAPublicKey:
    return keys.public_key(pem)


def _number(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"not an amount in fen: {value!r}")
    return value


def trade_from(data: Mapping[str, Any], notification_id: str = "") -> Trade:
    """A transaction (query answer or decrypted notification resource) as a Trade."""
    success_time = data.get("success_time")
    return Trade(
        out_trade_no=str(data["out_trade_no"]),
        status=TRADE_STATES[str(data["trade_state"])],
        amount_fen=_number(data["amount"]["total"]),
        gateway_trade_no=str(data.get("transaction_id") or ""),
        paid_at=datetime.fromisoformat(success_time) if success_time else None,
        notification_id=notification_id,
    )


def refund_from(data: Mapping[str, Any], notification_id: str = "") -> RefundResult:
    """A refund (refund answer or decrypted refund notification) as a RefundResult."""
    return RefundResult(
        out_trade_no=str(data["out_trade_no"]),
        out_refund_no=str(data["out_refund_no"]),
        status=REFUND_STATES[str(data.get("refund_status") or data["status"])],
        amount_fen=_number(data["amount"]["refund"]),
        gateway_refund_no=str(data.get("refund_id") or ""),
        notification_id=notification_id,
    )


def parse_trade_bill(text: str) -> list[BillRow]:
    """The trade bill (交易账单, bill_type=ALL): a header line, one line per payment or refund with every value
    written "`value" (so a line splits on ",`", commas inside values included), then the totals after 总交易单数.
    Refund lines have 交易状态 REFUND."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if not lines:
        return []
    header = [name.strip() for name in lines[0].split(",")]
    found: list[BillRow] = []
    for line in lines[1:]:
        if line.startswith("总交易单数"):
            break
        row = dict(zip(header, (value.strip() for value in line.removeprefix("`").split(",`")), strict=False))
        at = datetime.strptime(row["交易时间"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
        if row["交易状态"] == "REFUND":
            found.append(
                BillRow(
                    out_trade_no=row["商户订单号"],
                    gateway_trade_no=row["微信订单号"],
                    kind="refund",
                    amount_fen=yuan_to_fen(row["退款金额"]),
                    at=at,
                    out_refund_no=row["商户退款单号"],
                )
            )
        else:
            found.append(
                BillRow(
                    out_trade_no=row["商户订单号"],
                    gateway_trade_no=row["微信订单号"],
                    kind="payment",
                    amount_fen=yuan_to_fen(row["订单金额"]),
                    at=at,
                )
            )
    return found


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    """Header names in lower case, whether given as HTTP headers or as Django's META (HTTP_WECHATPAY_SERIAL)."""
    found = {}
    for name, value in headers.items():
        lowered = name.lower()
        if lowered.startswith("http_"):
            lowered = lowered.removeprefix("http_").replace("_", "-")
        found[lowered] = str(value)
    return found


class WechatPayV3(PaymentGateway):
    name = "微信支付 APIv3"
    channel = PaymentChannel.WECHAT
    methods = (CheckoutMethod.WECHAT_NATIVE, CheckoutMethod.WECHAT_H5)
    required_settings = (
        "WECHAT_PAY_URL",
        "WECHAT_PAY_MCHID",
        "WECHAT_PAY_APPID",
        "WECHAT_PAY_PRIVATE_KEY",
        "WECHAT_PAY_CERT_SERIAL",
        "WECHAT_PAY_APIV3_KEY",
        "WECHAT_PAY_PLATFORM_PUBLIC_KEY",
        "WECHAT_PAY_PLATFORM_SERIAL",
    )

    def check(self) -> list[str]:
        missing = super().check()
        if missing:
            return missing
        try:
            _private_key(settings.WECHAT_PAY_PRIVATE_KEY)
        except ValueError:
            missing.append("WECHAT_PAY_PRIVATE_KEY is not an RSA private key")
        try:
            _public_key(settings.WECHAT_PAY_PLATFORM_PUBLIC_KEY)
        except ValueError:
            missing.append("WECHAT_PAY_PLATFORM_PUBLIC_KEY is not an RSA public key or certificate")
        if len(settings.WECHAT_PAY_APIV3_KEY.encode()) != 32:
            missing.append("WECHAT_PAY_APIV3_KEY must be 32 bytes")
        return missing

    # --- paying ------------------------------------------------------------------------------------------------

    def start(self, order: OrderRequest, *, method: str) -> Checkout:
        payload: dict[str, Any] = {
            "appid": settings.WECHAT_PAY_APPID,
            "mchid": settings.WECHAT_PAY_MCHID,
            "description": order.description[:127],
            "out_trade_no": order.out_trade_no,
            "time_expire": order.expires_at.astimezone(BEIJING).isoformat(timespec="seconds"),
            "notify_url": notify_url(self.channel),
            "amount": {"total": order.amount_fen, "currency": "CNY"},
        }
        if method == CheckoutMethod.WECHAT_NATIVE:
            answer = self._call("POST", "/v3/pay/transactions/native", payload)
            return Checkout(method=method, code_url=self._field(answer, "code_url"))
        if method == CheckoutMethod.WECHAT_H5:
            if not order.client_ip:
                raise GatewayError("微信 H5 支付需要付款人的 IP 地址。")
            payload["scene_info"] = {"payer_client_ip": order.client_ip, "h5_info": {"type": "Wap"}}
            answer = self._call("POST", "/v3/pay/transactions/h5", payload)
            url = self._field(answer, "h5_url")
            if order.return_url:
                url += "&redirect_url=" + urllib.parse.quote(order.return_url, safe="")
            return Checkout(method=method, redirect_url=url)
        raise GatewayError(f"微信支付不支持这种支付方式：{method}")

    def query(self, out_trade_no: str) -> Trade:
        path = f"/v3/pay/transactions/out-trade-no/{urllib.parse.quote(out_trade_no, safe='')}"
        answer = self._call("GET", f"{path}?mchid={urllib.parse.quote(settings.WECHAT_PAY_MCHID)}")
        try:
            return trade_from(answer)
        except (KeyError, TypeError, ValueError) as error:
            raise GatewayError(f"微信支付的查单应答不完整：{error}") from error

    def close(self, out_trade_no: str) -> None:
        path = f"/v3/pay/transactions/out-trade-no/{urllib.parse.quote(out_trade_no, safe='')}/close"
        self._call("POST", path, {"mchid": settings.WECHAT_PAY_MCHID})

    def refund(
        self, *, out_trade_no: str, out_refund_no: str, amount_fen: int, total_fen: int, reason: str
    ) -> RefundResult:
        payload = {
            "out_trade_no": out_trade_no,
            "out_refund_no": out_refund_no,
            "reason": reason[:80],
            "notify_url": notify_url(self.channel),
            "amount": {"refund": amount_fen, "total": total_fen, "currency": "CNY"},
        }
        answer = self._call("POST", "/v3/refund/domestic/refunds", payload)
        try:
            return refund_from(answer)
        except (KeyError, TypeError, ValueError) as error:
            raise GatewayError(f"微信支付的退款应答不完整：{error}") from error

    def bill(self, day: date) -> list[BillRow]:
        try:
            answer = self._call("GET", f"/v3/bill/tradebill?bill_date={day.isoformat()}&bill_type=ALL")
        except WechatPayError as error:
            if error.code == "NO_STATEMENT_EXIST":  # no trade that day
                return []
            raise
        base = settings.WECHAT_PAY_URL.rstrip("/")
        url = self._field(answer, "download_url")
        if not url.startswith(base + "/"):  # our signature goes to WeChat Pay only
            raise GatewayError(f"微信支付给出的账单地址不在 {base}：{url}")
        data = self._call("GET", url.removeprefix(base), raw=True)
        if answer.get("hash_type") == "SHA1" and hashlib.sha1(data).hexdigest() != answer.get("hash_value"):  # noqa: S324 (WeChat's own digest)
            raise GatewayError("微信支付的账单文件与其摘要不符。")
        try:
            return parse_trade_bill(data.decode("utf-8"))
        except (KeyError, ValueError) as error:
            raise GatewayError(f"微信支付的账单格式不对：{error}") from error

    # --- notifications -----------------------------------------------------------------------------------------

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes) -> Notification:
        found = _lowered(headers)
        self._verify_signature(found, body, refuse=NotificationRefused)
        try:
            envelope = json.loads(body)
            resource = envelope["resource"]
            if envelope.get("resource_type") != "encrypt-resource" or resource.get("algorithm") != "AEAD_AES_256_GCM":
                raise NotificationRefused("通知不是加密资源（AEAD_AES_256_GCM）。")
            plain = aes_decrypt(
                nonce=str(resource["nonce"]),
                ciphertext=str(resource["ciphertext"]),
                associated_data=str(resource.get("associated_data") or ""),
                apiv3_key=settings.WECHAT_PAY_APIV3_KEY,
            )
            if plain is None:
                raise NotificationRefused("通知的资源无法用 APIv3 密钥解密。")
            data = json.loads(plain)
            if data.get("mchid") != settings.WECHAT_PAY_MCHID:
                raise NotificationRefused("通知不是发给本商户号的。")
            event, notification_id = str(envelope.get("event_type") or ""), str(envelope["id"])
            if event.startswith("REFUND."):
                return Notification(refund=refund_from(data, notification_id))
            if event.startswith("TRANSACTION."):
                if data.get("appid") != settings.WECHAT_PAY_APPID:
                    raise NotificationRefused("通知不是发给本应用（appid）的。")
                return Notification(trade=trade_from(data, notification_id))
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
            raise NotificationRefused(f"通知格式不正确：{error}") from error
        raise NotificationRefused(f"不认识的通知类型：{event}")

    def acknowledge(self, ok: bool, message: str = "") -> Acknowledgement:
        if ok:
            return Acknowledgement(status=204, content_type="application/json", body=b"")
        body = json.dumps({"code": "FAIL", "message": message or "失败"}, ensure_ascii=False).encode()
        return Acknowledgement(status=400, content_type="application/json; charset=utf-8", body=body)

    # --- the wire ----------------------------------------------------------------------------------------------

    def _verify_signature(self, headers: Mapping[str, str], body: bytes, *, refuse: type[Exception]) -> None:
        """The Wechatpay-* headers sign `body` with the platform key of WECHAT_PAY_PLATFORM_SERIAL, recently."""
        if headers.get("wechatpay-serial") != settings.WECHAT_PAY_PLATFORM_SERIAL:
            raise refuse(f"未知的微信支付平台证书序列号：{headers.get('wechatpay-serial', '')!r}")
        if headers.get("wechatpay-signature-type", SIGNATURE_TYPE) != SIGNATURE_TYPE:
            raise refuse("不支持的签名类型。")
        timestamp, nonce = headers.get("wechatpay-timestamp", ""), headers.get("wechatpay-nonce", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
            raise refuse("时间戳缺失或与现在相差超过五分钟。")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise refuse("报文不是 UTF-8。") from error
        key = _public_key(settings.WECHAT_PAY_PLATFORM_PUBLIC_KEY)
        if not nonce or not rsa_verify(timestamp, nonce, text, headers.get("wechatpay-signature", ""), key):
            raise refuse("微信支付签名验证失败。")

    def _field(self, answer: Mapping[str, Any], name: str) -> str:
        value = answer.get(name)
        if not isinstance(value, str) or not value:
            raise GatewayError(f"微信支付的应答缺少 {name}。")
        return value

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None, *, raw: bool = False) -> Any:
        """Send a signed request; the verified JSON answer ({} for 204), or the bytes of a download (`raw`)."""
        body = "" if payload is None else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        authorization = build_authorization(
            path,
            method,
            settings.WECHAT_PAY_MCHID,
            settings.WECHAT_PAY_CERT_SERIAL,
            _private_key(settings.WECHAT_PAY_PRIVATE_KEY),
            data=body,
        )
        request = urllib.request.Request(  # noqa: S310 (the URL is a setting, http(s))
            settings.WECHAT_PAY_URL.rstrip("/") + path,
            data=body.encode() if payload is not None else None,
            method=method,
            headers={
                "Authorization": authorization,
                "Accept": "application/json",
                "Content-Type": "application/json",
                "User-Agent": "GovHall",
                "Wechatpay-Serial": settings.WECHAT_PAY_PLATFORM_SERIAL,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
                answer, answer_headers = response.read(), response.headers
        except urllib.error.HTTPError as error:
            detail = error.read()[:500]
            error.close()
            try:
                problem = json.loads(detail)
                code, message = str(problem.get("code", "")), str(problem.get("message", ""))
            except (ValueError, AttributeError):
                code, message = "", detail.decode("utf-8", "replace")
            raise WechatPayError(f"微信支付拒绝了请求（HTTP {error.code} {code}）：{message}", code) from error
        except OSError as error:
            raise GatewayError(f"无法连接微信支付：{error}") from error
        if raw:  # bill files are not signed; their digest is checked instead
            return answer
        self._verify_signature(
            {name.lower(): value for name, value in answer_headers.items()}, answer, refuse=GatewayError
        )
        try:
            return json.loads(answer) if answer else {}
        except ValueError as error:
            raise GatewayError("微信支付的应答不是 JSON。") from error
