"""The demo Alipay open platform, under /alipay of the demo outside world (outside.py), for one app.

/alipay/gateway.do takes GET or form POST requests signed RSA2 by the app (sorted `k=v&…` of every field but sign;
notifications leave sign_type out too) and refuses others with HTTP 401; it answers `{"<method>_response": {…}, "sign": "…"}` signed with its
own key. alipay.trade.precreate answers a qr_code and alipay.trade.page.pay sends the browser on to the cashier page,
/alipay/pay/<token>, where a person "pays"; the signed form notification then goes to the order's notify_url (retried
until GovHall answers the plain text `success`). alipay.trade.query / close / refund (refunds at once; the refund's
notification, with refund_fee and out_biz_no, is queued) and alipay.data.dataservice.bill.downloadurl.query (a ZIP of
GBK CSV, as Alipay's 业务明细) work as the real ones. Tests and the benchmark build notifications with
`signed_notification` / `signed_refund_notification` and plant bill differences with `plant_bill_row`,
`change_bill_amount` and `drop_from_bill`."""

import base64
import csv
import hashlib
import io
import json
import secrets
import urllib.parse
import uuid
import zipfile
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.hashes import SHA256

from govhall.contrib.demo.paydesk import (
    BEIJING,
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
from govhall.payments.amounts import fen_to_yuan, yuan_to_fen
from govhall.payments.gateways import BillRow

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
SELLER_ID = "2088000000000156"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
BILL_HEADER = [
    "支付宝交易号",
    "商户订单号",
    "业务类型",
    "商品名称",
    "创建时间",
    "完成时间",
    "门店编号",
    "门店名称",
    "操作员",
    "终端号",
    "对方账户",
    "订单金额（元）",
    "商家实收（元）",
    "支付宝红包（元）",
    "集分宝（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "券核销金额（元）",
    "券名称",
    "商家红包消费金额（元）",
    "卡消费金额（元）",
    "退款批次号/请求号",
    "服务费（元）",
    "分润（元）",
    "备注",
]


def signing_string(fields: dict[str, str], *, leave_out: tuple[str, ...] = ("sign", "sign_type")) -> str:
    """What RSA2 signs: the fields sorted by name, `k=v` joined with &, but sign and sign_type (notifications and
    return URLs) or but sign alone (requests, leave_out=("sign",))."""
    return "&".join(f"{name}={fields[name]}" for name in sorted(fields) if name not in leave_out)


class DemoAlipay(DemoGateway):
    PAID_AT = "paid_at"
    REFUNDED_AT = "at"
    TRADE_ID = "trade_no"
    title = "支付宝（演示）"

    def __init__(self, merchant: DemoMerchant) -> None:
        self.merchant = merchant
        self._app_public = keys.private_key(merchant.alipay_app_key).public_key()
        self._key = keys.private_key(merchant.alipay_gateway_key)
        super().__init__(Outbox(lambda status, body: status == 200 and body.strip() == b"success"))

    # --- for tests and the benchmark ---------------------------------------------------------------------------

    def sign(self, text: str) -> str:
        return base64.b64encode(self._key.sign(text.encode(), PKCS1v15(), SHA256())).decode()

    def signed_form(self, fields: dict[str, str]) -> tuple[dict[str, str], bytes]:
        """(headers, body) of a form POST carrying `fields`, sign_type RSA2 and their signature."""
        signed = {**fields, "sign_type": "RSA2"}
        signed["sign"] = self.sign(signing_string(signed))
        return {"Content-Type": FORM}, urllib.parse.urlencode(signed).encode()

    def signed_notification(
        self,
        out_trade_no: str,
        amount_fen: int,
        status: str = "TRADE_SUCCESS",
        *,
        notification_id: str | None = None,
        paid_at: datetime | None = None,
        extra: dict[str, str] | None = None,
    ) -> tuple[dict[str, str], bytes]:
        """(headers, body) of the trade notification Alipay would send for this order; the notify_id is stable for
        the same order and status (Alipay's retries repeat it). `extra` overrides or adds fields before signing."""
        at = (paid_at or now()).astimezone(BEIJING).strftime(TIME_FORMAT)
        yuan = fen_to_yuan(amount_fen)
        fields = {
            "notify_time": now().strftime(TIME_FORMAT),
            "notify_type": "trade_status_sync",
            "notify_id": notification_id or uuid.uuid5(uuid.NAMESPACE_URL, f"ali:{out_trade_no}:{status}").hex,
            "app_id": self.merchant.alipay_app_id,
            "auth_app_id": self.merchant.alipay_app_id,
            "charset": "utf-8",
            "version": "1.0",
            "trade_no": self.trade_id(out_trade_no),
            "out_trade_no": out_trade_no,
            "buyer_id": "2088000000000001",
            "buyer_logon_id": "dem***@example.com",
            "seller_id": SELLER_ID,
            "trade_status": status,
            "total_amount": yuan,
            "receipt_amount": yuan,
            "invoice_amount": yuan,
            "buyer_pay_amount": yuan,
            "point_amount": "0.00",
            "subject": str(self.orders.get(out_trade_no, {}).get("subject", "")),
            "gmt_create": at,
            "fund_bill_list": json.dumps([{"amount": yuan, "fundChannel": "ALIPAYACCOUNT"}]),
        }
        if status != "WAIT_BUYER_PAY":
            fields["gmt_payment"] = at
        fields |= extra or {}
        return self.signed_form(fields)

    def signed_refund_notification(
        self, out_trade_no: str, out_refund_no: str, refunded_fen: int, total_fen: int, **kwargs: Any
    ) -> tuple[dict[str, str], bytes]:
        """(headers, body) of the notification after a refund: refund_fee is the total refunded so far, out_biz_no
        the refund's out_request_no, trade_status TRADE_CLOSED once everything is refunded."""
        status = "TRADE_CLOSED" if refunded_fen >= total_fen else "TRADE_SUCCESS"
        extra = {
            "refund_fee": fen_to_yuan(refunded_fen),
            "gmt_refund": now().strftime(TIME_FORMAT) + ".000",
            "out_biz_no": out_refund_no,
            **kwargs.pop("extra", {}),
        }
        notification_id = (
            kwargs.pop("notification_id", None) or uuid.uuid5(uuid.NAMESPACE_URL, f"ali-refund:{out_refund_no}").hex
        )
        return self.signed_notification(
            out_trade_no, total_fen, status, notification_id=notification_id, extra=extra, **kwargs
        )

    # --- the HTTP side -----------------------------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler, base_url: str) -> None:
        path, _, query = handler.path.removeprefix("/alipay").partition("?")
        base = f"{base_url}/alipay"
        after = None
        try:
            body = read_body(handler)
            if path.startswith("/pay/"):
                reply, after = self._cashier(handler.command, path.removeprefix("/pay/"), body)
            elif path.startswith("/bill/") and handler.command == "GET":
                with self.lock:
                    bill = self.bills.get(path.removeprefix("/bill/"))
                reply = Reply(200, "application/zip", bill) if bill else Reply(404, "text/plain", b"no such bill")
            elif path == "/gateway.do":
                text = query if handler.command == "GET" else body.decode()
                reply = self._gateway(dict(urllib.parse.parse_qsl(text, keep_blank_values=True)), base)
            else:
                reply = Reply(404, "text/plain", b"no such page")
        except Refused as refused:
            answer = {
                "error_response": {"code": refused.code, "msg": str(refused), "sub_code": "isv.invalid-signature"}
            }
            reply = Reply(refused.status, body=json.dumps(answer, ensure_ascii=False).encode())
        except (ValueError, KeyError, TypeError) as error:
            answer = {"error_response": {"code": "40002", "msg": "Invalid Arguments", "sub_msg": str(error)}}
            reply = Reply(400, body=json.dumps(answer, ensure_ascii=False).encode())
        if after is not None:
            after()  # the notification reaches the merchant before the payer sees 支付成功
        send(handler, reply)

    def _gateway(self, params: dict[str, str], base: str) -> Reply:
        if params.get("app_id") != self.merchant.alipay_app_id:
            raise Refused(401, "40002", "app_id 不对")
        if params.get("sign_type") != "RSA2":
            raise Refused(401, "40002", "sign_type 必须是 RSA2")
        try:
            signature = base64.b64decode(params.get("sign", ""), validate=True)
            message = signing_string(params, leave_out=("sign",)).encode()
            self._app_public.verify(signature, message, PKCS1v15(), SHA256())
        except (InvalidSignature, ValueError) as error:
            raise Refused(401, "40002", "验签出错") from error
        method, biz = params["method"], json.loads(params.get("biz_content") or "{}")
        if method == "alipay.trade.page.pay":
            order = self._create(biz, params)
            return Reply(302, "text/plain", b"", {"Location": f"{base}/pay/{order['token']}"})
        handlers = {
            "alipay.trade.precreate": lambda: self._precreate(biz, params, base),
            "alipay.trade.query": lambda: self._query(biz),
            "alipay.trade.close": lambda: self._close(biz),
            "alipay.trade.refund": lambda: self._refund(biz),
            "alipay.data.dataservice.bill.downloadurl.query": lambda: self._bill(biz, base),
        }
        if method not in handlers:
            raise ValueError(f"unknown method {method}")
        answer = handlers[method]()
        inner = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
        response_name = method.replace(".", "_") + "_response"
        raw = f'{{"{response_name}":{inner},"sign":"{self.sign(inner)}"}}'
        return Reply(200, body=raw.encode())

    def _failed(self, sub_code: str, sub_msg: str) -> dict[str, str]:
        return {"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg}

    def trade_id(self, out_trade_no: str) -> str:
        return "2026" + str(int(hashlib.sha256(f"ali:{out_trade_no}".encode()).hexdigest()[:20], 16))[:24].zfill(24)

    def _create(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        no, total = str(biz["out_trade_no"]), yuan_to_fen(str(biz["total_amount"]))
        with self.lock:
            order = self.orders.get(no)
            if order is None:
                expires = biz.get("time_expire")
                order = self.orders[no] = {
                    "out_trade_no": no,
                    "trade_no": self.trade_id(no),
                    "subject": str(biz["subject"]),
                    "total": total,
                    "notify_url": params.get("notify_url", ""),
                    "return_url": params.get("return_url", ""),
                    "expires": datetime.strptime(expires, TIME_FORMAT).replace(tzinfo=BEIJING) if expires else None,
                    "status": "WAIT_BUYER_PAY",
                    "token": secrets.token_urlsafe(16),
                    "paid_at": None,
                    "refunded": 0,
                    # Alipay knows a precreated trade only once someone scans its QR (or signs in on the page).
                    "scanned": False,
                }
            elif order["total"] != total:
                raise ValueError("同一商户订单号的金额不同")
        return order

    def _precreate(self, biz: dict[str, Any], params: dict[str, str], base: str) -> dict[str, str]:
        try:
            order = self._create(biz, params)
        except ValueError:
            return self._failed("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
        if order["status"] != "WAIT_BUYER_PAY":
            return self._failed("ACQ.TRADE_HAS_SUCCESS", "交易已被支付")
        return {
            "code": "10000",
            "msg": "Success",
            "out_trade_no": order["out_trade_no"],
            "qr_code": f"{base}/pay/{order['token']}",
        }

    def _query(self, biz: dict[str, Any]) -> dict[str, str]:
        order = self.orders.get(str(biz.get("out_trade_no")))
        if order is None or not order["scanned"]:
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        answer = {
            "code": "10000",
            "msg": "Success",
            "trade_no": order["trade_no"],
            "out_trade_no": order["out_trade_no"],
            "buyer_logon_id": "dem***@example.com",
            "trade_status": order["status"],
            "total_amount": fen_to_yuan(order["total"]),
        }
        if order["paid_at"]:
            answer["send_pay_date"] = order["paid_at"].strftime(TIME_FORMAT)
        return answer

    def _close(self, biz: dict[str, Any]) -> dict[str, str]:
        order = self.orders.get(str(biz.get("out_trade_no")))
        if order is None:
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        if not order["scanned"]:
            with self.lock:
                order["status"] = "TRADE_CLOSED"  # the demo's QR stops working; Alipay answers as for no trade
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        with self.lock:
            if order["status"] != "WAIT_BUYER_PAY" and order["status"] != "TRADE_CLOSED":
                return self._failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            order["status"] = "TRADE_CLOSED"
        return {"code": "10000", "msg": "Success", "trade_no": order["trade_no"], "out_trade_no": order["out_trade_no"]}

    def _refund(self, biz: dict[str, Any]) -> dict[str, str]:
        order = self.orders.get(str(biz.get("out_trade_no")))
        if order is None:
            return self._failed("ACQ.TRADE_NOT_EXIST", "交易不存在")
        amount, no = yuan_to_fen(str(biz["refund_amount"])), str(biz.get("out_request_no") or order["out_trade_no"])
        with self.lock:
            change = "N"
            if no not in self.refunds:
                if order["paid_at"] is None:
                    return self._failed("ACQ.TRADE_STATUS_ERROR", "交易未支付")
                if amount <= 0 or amount > order["total"] - order["refunded"]:
                    return self._failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
                order["refunded"] += amount
                if order["refunded"] == order["total"]:
                    order["status"] = "TRADE_CLOSED"
                self.refunds[no] = {
                    "out_trade_no": order["out_trade_no"],
                    "trade_no": order["trade_no"],
                    "amount": amount,
                    "at": now(),
                }
                headers, body = self.signed_refund_notification(
                    order["out_trade_no"], no, order["refunded"], order["total"]
                )
                self.outbox.queue(order["notify_url"], headers, body)
                change = "Y"
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": order["trade_no"],
            "out_trade_no": order["out_trade_no"],
            "buyer_logon_id": "dem***@example.com",
            "fund_change": change,
            "refund_fee": fen_to_yuan(order["refunded"]),
            "gmt_refund_pay": self.refunds[no]["at"].strftime(TIME_FORMAT),
        }

    def _bill(self, biz: dict[str, Any], base: str) -> dict[str, str]:
        day = date.fromisoformat(str(biz["bill_date"]))
        rows = self.bill_rows(day)
        if not rows:
            return self._failed("isp.bill_not_exist", "账单不存在")
        token = secrets.token_urlsafe(16)
        archive = self._archive(day, rows)
        with self.lock:
            self.bills[token] = archive
        return {"code": "10000", "msg": "Success", "bill_download_url": f"{base}/bill/{token}"}

    def _archive(self, day: date, rows: list[BillRow]) -> bytes:
        out = io.StringIO()
        out.write(f"#支付宝业务明细查询\r\n#账号：[{SELLER_ID}0156]\r\n")
        out.write(f"#起始日期：[{day:%Y年%m月%d日} 00:00:00]\r\n#{'-' * 20}业务明细列表{'-' * 20}\r\n")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(BILL_HEADER)
        for row in rows:
            order = self.orders.get(row.out_trade_no, {})
            refund = row.kind == "refund"
            at = row.at.astimezone(BEIJING).strftime(TIME_FORMAT)
            amount = fen_to_yuan(row.amount_fen)
            total = fen_to_yuan(order.get("total", row.amount_fen))
            writer.writerow(
                [
                    f"{row.gateway_trade_no}\t",
                    f"{row.out_trade_no}\t",
                    "退款" if refund else "交易",
                    order.get("subject", ""),
                    at,
                    at,
                ]
                + [
                    "",
                    "",
                    "",
                    "",
                    "dem***@example.com",
                    total if refund else amount,
                    f"-{amount}" if refund else amount,
                ]
                + ["0.00"] * 5
                + ["", "0.00", "0.00", row.out_refund_no if refund else "", "0.00", "0.00", ""]
            )
        out.write(f"#{'-' * 20}业务明细列表结束{'-' * 20}\r\n#导出时间：[{now():%Y年%m月%d日 %H:%M:%S}]\r\n")
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as files:
            files.writestr(f"{SELLER_ID}0156_{day:%Y%m%d}_业务明细.csv", out.getvalue().encode("gbk"))
            files.writestr(f"{SELLER_ID}0156_{day:%Y%m%d}_业务明细(汇总).csv", "#支付宝业务汇总查询\r\n".encode("gbk"))
        return archive.getvalue()

    def _cashier(self, method: str, token: str, body: bytes) -> tuple[Reply, Any]:
        with self.lock:
            order = next((order for order in self.orders.values() if order["token"] == token), None)
        if order is None:
            return Reply(404, "text/plain; charset=utf-8", "没有这笔订单。".encode()), None
        order["scanned"] = True
        after = self._pay(order) if method == "POST" else None
        expired = order["expires"] is not None and now() > order["expires"]
        state = (
            "交易已关闭"
            if order["status"] == "TRADE_CLOSED" and not order["paid_at"]
            else "订单已过期"
            if expired
            else ""
        )
        back_url = ""
        if order["return_url"] and order["paid_at"]:
            _, signed = self.signed_form(
                {
                    "app_id": self.merchant.alipay_app_id,
                    "method": "alipay.trade.page.pay.return",
                    "charset": "utf-8",
                    "timestamp": now().strftime(TIME_FORMAT),
                    "out_trade_no": order["out_trade_no"],
                    "trade_no": order["trade_no"],
                    "total_amount": fen_to_yuan(order["total"]),
                    "seller_id": SELLER_ID,
                }
            )
            separator = "&" if "?" in order["return_url"] else "?"
            back_url = f"{order['return_url']}{separator}{signed.decode()}"
        reply = cashier_page(
            title=self.title,
            merchant=f"应用 {self.merchant.alipay_app_id}",
            description=order["subject"],
            amount_fen=order["total"],
            state=state,
            paid=order["paid_at"] is not None,
            back_url=back_url,
        )
        return reply, after

    def _pay(self, order: dict[str, Any]) -> Any:
        with self.lock:
            if order["status"] != "WAIT_BUYER_PAY" or (order["expires"] is not None and now() > order["expires"]):
                return None
            order["status"], order["paid_at"] = "TRADE_SUCCESS", now()
            headers, body = self.signed_notification(order["out_trade_no"], order["total"], paid_at=order["paid_at"])
            delivery = self.outbox.queue(order["notify_url"], headers, body)
            if not self.auto_notify or not order["notify_url"]:
                return None
        return lambda: self.outbox.deliver(delivery)
