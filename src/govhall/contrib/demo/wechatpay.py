"""The demo WeChat Pay API v3, under /wechatpay of the demo outside world (outside.py), for one direct merchant.

It checks every API request's `Authorization: WECHATPAY2-SHA256-RSA2048 …` against the merchant's public key (401
SIGN_ERROR otherwise) and signs every answer with its platform key (Wechatpay-* headers). Native and H5 orders
(idempotent by out_trade_no) get a cashier page, /wechatpay/pay/<token>, as code_url or h5_url; paying there sends the
notification (resource AEAD_AES_256_GCM-encrypted with the APIv3 key, envelope signed) to the order's notify_url.
Query, close, refunds (answered PROCESSING, the REFUND.SUCCESS notification queued) and the trade bill (CSV, every
value "`…", as WeChat writes it) work as the real API. Tests and the benchmark build notifications directly with
`signed_notification` / `signed_refund_notification`, and plant bill differences with `plant_bill_row`,
`change_bill_amount` and `drop_from_bill`."""

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
import uuid
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from wechatpayv3.utils import rsa_sign

from govhall.contrib.demo.paydesk import (
    DemoGateway,
    DemoMerchant,
    Outbox,
    Refused,
    Reply,
    cashier_page,
    now,
    read_body,
    send,
)
from govhall.payments import keys
from govhall.payments.amounts import fen_to_yuan
from govhall.payments.gateways import BillRow

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
MAX_SKEW_SECONDS = 300
BILL_HEADER = [
    "交易时间",
    "公众账号ID",
    "商户号",
    "特约商户号",
    "设备号",
    "微信订单号",
    "商户订单号",
    "用户标识",
    "交易类型",
    "交易状态",
    "付款银行",
    "货币种类",
    "应结订单金额",
    "代金券金额",
    "微信退款单号",
    "商户退款单号",
    "退款金额",
    "充值券退款金额",
    "退款类型",
    "退款状态",
    "商品名称",
    "商户数据包",
    "手续费",
    "费率",
    "订单金额",
    "申请退款金额",
    "费率备注",
]
STATE_DESCRIPTIONS = {"SUCCESS": "支付成功", "NOTPAY": "未支付", "CLOSED": "已关闭", "REFUND": "转入退款"}


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _error(status: int, code: str, message: str) -> Refused:
    return Refused(status, code, message)


class DemoWechatPay(DemoGateway):
    PAID_AT = "success_time"
    REFUNDED_AT = "success_time"
    TRADE_ID = "transaction_id"
    title = "微信支付（演示）"

    def __init__(self, merchant: DemoMerchant) -> None:
        self.merchant = merchant
        self._merchant_public = keys.private_key(merchant.wechat_merchant_key).public_key()
        self._platform = keys.private_key(merchant.wechat_platform_key)
        super().__init__(Outbox(lambda status, body: 200 <= status < 300))

    # --- for tests and the benchmark ---------------------------------------------------------------------------

    def sign(self, body: str, *, timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
        """The Wechatpay-* headers signing `body` with the platform key."""
        stamp, nonce = str(int(time.time()) if timestamp is None else timestamp), nonce or secrets.token_hex(16)
        return {
            "Wechatpay-Timestamp": stamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": rsa_sign(self._platform, f"{stamp}\n{nonce}\n{body}\n"),
            "Wechatpay-Serial": self.merchant.wechat_platform_serial,
            "Wechatpay-Signature-Type": SIGNATURE_TYPE,
        }

    def encrypt(self, resource: dict[str, Any], associated_data: str) -> dict[str, str]:
        nonce = secrets.token_hex(6)
        sealed = AESGCM(self.merchant.wechat_apiv3_key.encode()).encrypt(
            nonce.encode(), _json(resource), associated_data.encode()
        )
        return {
            "original_type": associated_data,
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(sealed).decode(),
            "associated_data": associated_data,
            "nonce": nonce,
        }

    def _envelope(
        self, event: str, summary: str, resource: dict[str, Any], kind: str, notification_id: str, timestamp: int | None
    ) -> tuple[dict[str, str], bytes]:
        envelope = {
            "id": notification_id,
            "create_time": now().isoformat(timespec="seconds"),
            "resource_type": "encrypt-resource",
            "event_type": event,
            "summary": summary,
            "resource": self.encrypt(resource, kind),
        }
        body = _json(envelope)
        return {"Content-Type": "application/json", **self.sign(body.decode(), timestamp=timestamp)}, body

    def signed_notification(
        self,
        out_trade_no: str,
        amount_fen: int,
        state: str = "SUCCESS",
        *,
        notification_id: str | None = None,
        transaction_id: str | None = None,
        paid_at: datetime | None = None,
        timestamp: int | None = None,
    ) -> tuple[dict[str, str], bytes]:
        """(headers, body) of the payment notification WeChat Pay would send for this order. The id is stable for
        the same order and state, as WeChat's retries repeat it; `timestamp` (epoch seconds) to make it stale."""
        resource = {
            "mchid": self.merchant.wechat_mchid,
            "appid": self.merchant.wechat_appid,
            "out_trade_no": out_trade_no,
            "transaction_id": transaction_id or self.trade_id(out_trade_no),
            "trade_type": "NATIVE",
            "trade_state": state,
            "trade_state_desc": STATE_DESCRIPTIONS.get(state, state),
            "bank_type": "OTHERS",
            "attach": "",
            "success_time": (paid_at or now()).isoformat(timespec="seconds"),
            "payer": {"openid": "oDemoPayer0000000000000000001"},
            "amount": {"total": amount_fen, "payer_total": amount_fen, "currency": "CNY", "payer_currency": "CNY"},
        }
        notification_id = notification_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"wx:{out_trade_no}:{state}"))
        return self._envelope(f"TRANSACTION.{state}", "支付成功", resource, "transaction", notification_id, timestamp)

    def signed_refund_notification(
        self,
        out_trade_no: str,
        out_refund_no: str,
        amount_fen: int,
        total_fen: int,
        *,
        status: str = "SUCCESS",
        notification_id: str | None = None,
        timestamp: int | None = None,
    ) -> tuple[dict[str, str], bytes]:
        """(headers, body) of the refund notification (REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED)."""
        resource = {
            "mchid": self.merchant.wechat_mchid,
            "out_trade_no": out_trade_no,
            "transaction_id": self.trade_id(out_trade_no),
            "out_refund_no": out_refund_no,
            "refund_id": self._refund_id(out_refund_no),
            "refund_status": status,
            "success_time": now().isoformat(timespec="seconds"),
            "user_received_account": "支付用户零钱",
            "amount": {"total": total_fen, "refund": amount_fen, "payer_total": total_fen, "payer_refund": amount_fen},
        }
        notification_id = notification_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"wx-refund:{out_refund_no}:{status}"))
        return self._envelope(f"REFUND.{status}", "退款成功", resource, "refund", notification_id, timestamp)

    # --- the HTTP side -----------------------------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler, base_url: str) -> None:
        path = handler.path.removeprefix("/wechatpay")
        base = f"{base_url}/wechatpay"
        after = None
        try:
            body = read_body(handler)
            if path.startswith("/pay/"):
                reply, after = self._cashier(handler.command, path, body)
            else:
                self._check_signature(handler, path, body)
                reply = self._api(handler.command, path, body, base)
                reply.headers.update(self.sign(reply.body.decode("utf-8", "replace")))
        except Refused as refused:
            reply = Reply(refused.status, body=_json({"code": refused.code, "message": str(refused)}))
        except (ValueError, KeyError, TypeError) as error:
            reply = Reply(400, body=_json({"code": "PARAM_ERROR", "message": f"参数错误：{error}"}))
        if after is not None:
            after()  # the notification reaches the merchant before the payer sees 支付成功
        send(handler, reply)

    def _check_signature(self, handler: BaseHTTPRequestHandler, path: str, body: bytes) -> None:
        scheme, _, params = handler.headers.get("Authorization", "").partition(" ")
        if scheme != SIGNATURE_TYPE:
            raise _error(401, "SIGN_ERROR", "Authorization 缺失或签名类型不对")
        fields = {
            name.strip(): value.strip().strip('"')
            for name, _, value in (part.partition("=") for part in params.split(","))
        }
        if fields.get("mchid") != self.merchant.wechat_mchid:
            raise _error(401, "SIGN_ERROR", "商户号不对")
        if fields.get("serial_no") != self.merchant.wechat_merchant_serial:
            raise _error(401, "SIGN_ERROR", "商户证书序列号不对")
        stamp, nonce = fields.get("timestamp", ""), fields.get("nonce_str", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > MAX_SKEW_SECONDS or not nonce:
            raise _error(401, "SIGN_ERROR", "时间戳过期")
        message = f"{handler.command}\n{path}\n{stamp}\n{nonce}\n{body.decode()}\n".encode()
        try:
            signature = base64.b64decode(fields.get("signature", ""), validate=True)
            self._merchant_public.verify(signature, message, PKCS1v15(), SHA256())
        except (InvalidSignature, ValueError) as error:
            raise _error(401, "SIGN_ERROR", "签名错误") from error

    def _api(self, method: str, path: str, body: bytes, base: str) -> Reply:
        route, _, query = path.partition("?")
        params = dict(urllib.parse.parse_qsl(query))
        if method == "POST" and route in ("/v3/pay/transactions/native", "/v3/pay/transactions/h5"):
            return self._create(json.loads(body), route.rsplit("/", 1)[1], base)
        prefix = "/v3/pay/transactions/out-trade-no/"
        if method == "GET" and route.startswith(prefix) and "/" not in route.removeprefix(prefix):
            if params.get("mchid") != self.merchant.wechat_mchid:
                raise _error(400, "PARAM_ERROR", "mchid 不对")
            return Reply(200, body=_json(self._transaction(self._order(urllib.parse.unquote(route[len(prefix) :])))))
        if method == "POST" and route.startswith(prefix) and route.endswith("/close"):
            return self._close(urllib.parse.unquote(route[len(prefix) : -len("/close")]))
        if method == "POST" and route == "/v3/refund/domestic/refunds":
            return self._refund(json.loads(body))
        if method == "GET" and route == "/v3/bill/tradebill":
            return self._trade_bill(date.fromisoformat(params["bill_date"]), base)
        if method == "GET" and route == "/v3/billdownload/file":
            with self.lock:
                bill = self.bills.get(params.get("token", ""))
            if bill is None:
                raise _error(404, "RESOURCE_NOT_EXISTS", "账单不存在")
            return Reply(200, "application/octet-stream", bill)
        raise _error(404, "RESOURCE_NOT_EXISTS", "没有这个接口")

    def _order(self, out_trade_no: str) -> dict[str, Any]:
        with self.lock:
            order = self.orders.get(out_trade_no)
        if order is None:
            raise _error(404, "ORDER_NOT_EXIST", "订单不存在")
        return order

    def trade_id(self, out_trade_no: str) -> str:
        return "4200" + str(int(hashlib.sha256(f"wx:{out_trade_no}".encode()).hexdigest()[:20], 16))[:24].zfill(24)

    def _refund_id(self, out_refund_no: str) -> str:
        return "5030" + str(int(hashlib.sha256(f"wxr:{out_refund_no}".encode()).hexdigest()[:20], 16))[:24].zfill(24)

    def _create(self, data: dict[str, Any], kind: str, base: str) -> Reply:
        if data["mchid"] != self.merchant.wechat_mchid or data["appid"] != self.merchant.wechat_appid:
            raise _error(400, "PARAM_ERROR", "mchid 或 appid 与商户不符")
        total, no = data["amount"]["total"], str(data["out_trade_no"])
        if not isinstance(total, int) or total <= 0:
            raise _error(400, "PARAM_ERROR", "amount.total 必须是正整数（分）")
        with self.lock:
            order = self.orders.get(no)
            if order is None:
                order = self.orders[no] = {
                    "out_trade_no": no,
                    "description": str(data["description"]),
                    "total": total,
                    "notify_url": str(data["notify_url"]),
                    "expires": datetime.fromisoformat(data["time_expire"]) if data.get("time_expire") else None,
                    "trade_type": "MWEB" if kind == "h5" else "NATIVE",
                    "state": "NOTPAY",
                    "token": secrets.token_urlsafe(16),
                    "transaction_id": "",
                    "success_time": None,
                    "refunded": 0,
                }
            elif order["total"] != total:
                raise _error(400, "INVALID_REQUEST", "同一商户订单号的金额不同")
            elif order["state"] != "NOTPAY":
                raise _error(400, "ORDERPAID" if order["state"] != "CLOSED" else "ORDER_CLOSED", "订单已支付或已关闭")
        page = f"{base}/pay/{order['token']}"
        if kind == "h5":
            return Reply(200, body=_json({"h5_url": f"{page}?prepay_id=wx{order['token']}"}))
        return Reply(200, body=_json({"code_url": page}))

    def _transaction(self, order: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {
            "appid": self.merchant.wechat_appid,
            "mchid": self.merchant.wechat_mchid,
            "out_trade_no": order["out_trade_no"],
            "trade_type": order["trade_type"],
            "trade_state": order["state"],
            "trade_state_desc": STATE_DESCRIPTIONS[order["state"]],
            "amount": {"total": order["total"], "currency": "CNY"},
        }
        if order["success_time"]:
            found["transaction_id"] = order["transaction_id"]
            found["success_time"] = order["success_time"].isoformat(timespec="seconds")
            found["amount"] |= {"payer_total": order["total"], "payer_currency": "CNY"}
        return found

    def _close(self, out_trade_no: str) -> Reply:
        order = self._order(out_trade_no)
        with self.lock:
            if order["state"] in ("SUCCESS", "REFUND"):
                raise _error(400, "ORDERPAID", "订单已支付")
            order["state"] = "CLOSED"
        return Reply(204)

    def _refund(self, data: dict[str, Any]) -> Reply:
        order = self._order(str(data["out_trade_no"]))
        amount, total, no = data["amount"]["refund"], data["amount"]["total"], str(data["out_refund_no"])
        with self.lock:
            refund = self.refunds.get(no)
            if refund is None:
                if order["state"] not in ("SUCCESS", "REFUND"):
                    raise _error(400, "INVALID_REQUEST", "订单未支付，不能退款")
                if total != order["total"] or not isinstance(amount, int) or amount <= 0:
                    raise _error(400, "PARAM_ERROR", "退款金额或原订单金额不对")
                if amount > order["total"] - order["refunded"]:
                    raise _error(400, "NOT_ENOUGH", "退款金额超过订单可退金额")
                order["refunded"] += amount
                order["state"] = "REFUND"
                refund = self.refunds[no] = {
                    "out_trade_no": order["out_trade_no"],
                    "transaction_id": order["transaction_id"],
                    "amount": amount,
                    "success_time": now(),
                }
                headers, body = self.signed_refund_notification(order["out_trade_no"], no, amount, order["total"])
                self.outbox.queue(str(data.get("notify_url") or order["notify_url"]), headers, body)
        answer = {
            "refund_id": self._refund_id(no),
            "out_refund_no": no,
            "transaction_id": refund["transaction_id"],
            "out_trade_no": refund["out_trade_no"],
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": refund["success_time"].isoformat(timespec="seconds"),
            "status": "PROCESSING",
            "amount": {"total": order["total"], "refund": refund["amount"], "currency": "CNY"},
        }
        return Reply(200, body=_json(answer))

    def _trade_bill(self, day: date, base: str) -> Reply:
        rows = self.bill_rows(day)
        if not rows:
            raise _error(400, "NO_STATEMENT_EXIST", "账单文件不存在（当日无交易）")
        lines = [",".join(BILL_HEADER)]
        lines += [",".join(f"`{value}" for value in self._bill_line(row)) for row in rows]
        paid = sum(row.amount_fen for row in rows if row.kind == "payment")
        refunded = sum(row.amount_fen for row in rows if row.kind == "refund")
        lines.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
        totals = [
            len(rows),
            fen_to_yuan(paid),
            fen_to_yuan(refunded),
            "0.00",
            "0.00",
            fen_to_yuan(paid),
            fen_to_yuan(refunded),
        ]
        lines.append(",".join(f"`{value}" for value in totals))
        data = ("\r\n".join(lines) + "\r\n").encode()
        token = secrets.token_urlsafe(16)
        with self.lock:
            self.bills[token] = data
        return Reply(
            200,
            body=_json(
                {
                    "hash_type": "SHA1",
                    "hash_value": hashlib.sha1(data).hexdigest(),  # noqa: S324 (WeChat's own digest)
                    "download_url": f"{base}/v3/billdownload/file?token={token}",
                }
            ),
        )

    def _bill_line(self, row: BillRow) -> list[str]:
        refund = row.kind == "refund"
        amount = fen_to_yuan(row.amount_fen)
        order = self.orders.get(row.out_trade_no, {})
        total = fen_to_yuan(order.get("total", row.amount_fen))
        return [
            row.at.strftime("%Y-%m-%d %H:%M:%S"),
            self.merchant.wechat_appid,
            self.merchant.wechat_mchid,
            "0",
            "",
            row.gateway_trade_no,
            row.out_trade_no,
            "oDemoPayer0000000000000000001",
            order.get("trade_type", "NATIVE"),
            "REFUND" if refund else "SUCCESS",
            "OTHERS",
            "CNY",
            "0.00" if refund else amount,
            "0.00",
            self._refund_id(row.out_refund_no) if refund else "0",
            row.out_refund_no if refund else "0",
            amount if refund else "0.00",
            "0.00",
            "ORIGINAL" if refund else "",
            "SUCCESS" if refund else "",
            str(order.get("description", "")),
            "",
            "0.00",
            "0.60%",
            total if refund else amount,
            amount if refund else "0.00",
            "",
        ]

    def _cashier(self, method: str, path: str, body: bytes) -> tuple[Reply, Any]:
        token, _, query = path.removeprefix("/pay/").partition("?")
        with self.lock:
            order = next((order for order in self.orders.values() if order["token"] == token), None)
        if order is None:
            return Reply(404, "text/plain; charset=utf-8", "没有这笔订单。".encode()), None
        back_url = dict(urllib.parse.parse_qsl(query)).get("redirect_url", "")
        after = None
        if method == "POST":
            back_url = dict(urllib.parse.parse_qsl(body.decode())).get("back_url", back_url)
            after = self._pay(order)
        expired = order["expires"] is not None and now() > order["expires"]
        state = "订单已关闭" if order["state"] == "CLOSED" else "订单已过期" if expired else ""
        reply = cashier_page(
            title=self.title,
            merchant=f"商户号 {self.merchant.wechat_mchid}",
            description=order["description"],
            amount_fen=order["total"],
            state=state,
            paid=order["state"] in ("SUCCESS", "REFUND"),
            back_url=back_url,
        )
        return reply, after

    def _pay(self, order: dict[str, Any]) -> Any:
        with self.lock:
            if order["state"] != "NOTPAY" or (order["expires"] is not None and now() > order["expires"]):
                return None
            order["state"], order["success_time"] = "SUCCESS", now()
            order["transaction_id"] = self.trade_id(order["out_trade_no"])
            headers, body = self.signed_notification(
                order["out_trade_no"], order["total"], paid_at=order["success_time"]
            )
            delivery = self.outbox.queue(order["notify_url"], headers, body)
            if not self.auto_notify:
                return None
        return lambda: self.outbox.deliver(delivery)
