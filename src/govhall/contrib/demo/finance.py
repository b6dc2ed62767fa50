"""The demo finance department's non-tax revenue system (政府非税收入), served by outside.py under /finance/ and
speaking the protocol of govhall.payments.nontax (signed JSON; the access key is the one of "/finance/" in the
server's keys):

- POST /finance/orders, /finance/orders/query, /finance/orders/close, /finance/refunds, /finance/bill — the API;
- GET /finance/counter — a small "bank counter" page: a person types the 20-digit 缴款码 and pays (POST); the
  finance system then POSTs a signed notification to the order's notify_url (once; a notification that does not
  get through is left for GovHall to find by querying, as a real one would be after its retries).

Orders live in memory (`ledger(server)`), so the demo forgets them on restart; the tests clear it per test."""

import html
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from django.utils import timezone

from govhall.core.providers import signature

MAX_BODY = 64 * 1024
MAX_SKEW_SECONDS = 300
PREFIX = "/finance"


def check_digit(digits: str) -> str:
    """The Luhn check digit of `digits`."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def valid_code(code: str) -> bool:
    return len(code) == 20 and code.isascii() and code.isdigit() and check_digit(code[:-1]) == code[-1]


@dataclass
class Ledger:
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)  # out_trade_no → order
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)  # out_refund_no → refund
    serial: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self.lock:
            self.orders.clear()
            self.refunds.clear()

    def create(self, data: dict[str, Any]) -> dict[str, Any]:
        number = str(data["out_trade_no"])
        amount = data["amount_fen"]
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise Refused(HTTPStatus.BAD_REQUEST, "amount_fen must be a positive whole number")
        with self.lock:
            found = self.orders.get(number)
            if found is None:
                self.serial += 1
                body = f"51{datetime.now(UTC):%y%m%d}{self.serial:011d}"
                found = self.orders[number] = {
                    "out_trade_no": number,
                    "payment_code": body + check_digit(body),
                    "amount_fen": amount,
                    "description": str(data.get("description", ""))[:127],
                    "notify_url": str(data.get("notify_url", "")),
                    "status": "unpaid",
                    "trade_no": "",
                    "paid_at": "",
                }
            elif found["amount_fen"] != amount:
                raise Refused(HTTPStatus.CONFLICT, "out_trade_no used with another amount")
        return {"out_trade_no": number, "payment_code": found["payment_code"]}

    def get(self, number: str) -> dict[str, Any]:
        found = self.orders.get(number)
        if found is None:
            raise Refused(HTTPStatus.NOT_FOUND, "no such order")
        return found

    def query(self, number: str) -> dict[str, Any]:
        found = self.get(number)
        keys = ("out_trade_no", "status", "amount_fen", "trade_no", "paid_at")
        return {key: found[key] for key in keys}

    def close(self, number: str) -> dict[str, Any]:
        with self.lock:
            found = self.orders.get(number)
            if found is None:
                return {"status": "closed"}  # never made here: nothing can be paid
            if found["status"] == "paid":
                raise Refused(HTTPStatus.CONFLICT, "order already paid")
            found["status"] = "closed"
        return {"status": "closed"}

    def pay(self, code: str) -> dict[str, Any]:
        """A bank counter takes the money for a 缴款码."""
        if not valid_code(code):
            raise Refused(HTTPStatus.BAD_REQUEST, "缴款码应为 20 位数字且校验位正确。")
        with self.lock:
            found = next((order for order in self.orders.values() if order["payment_code"] == code), None)
            if found is None:
                raise Refused(HTTPStatus.NOT_FOUND, "没有该缴款码。")
            if found["status"] == "closed":
                raise Refused(HTTPStatus.CONFLICT, "该缴款码已失效。")
            if found["status"] == "unpaid":
                found["status"] = "paid"
                found["trade_no"] = f"FS{uuid.uuid4().hex[:18].upper()}"
                found["paid_at"] = datetime.now(UTC).isoformat()
            return dict(found)

    def refund(self, data: dict[str, Any]) -> dict[str, Any]:
        number, refund_no = str(data["out_trade_no"]), str(data["out_refund_no"])
        amount = data["amount_fen"]
        with self.lock:
            seen = self.refunds.get(refund_no)
            if seen is not None:
                return {"status": "succeeded", "refund_no": seen["refund_no"], "amount_fen": seen["amount_fen"]}
            order = self.orders.get(number)
            if order is None or order["status"] != "paid":
                raise Refused(HTTPStatus.CONFLICT, "order not paid")
            done = sum(r["amount_fen"] for r in self.refunds.values() if r["out_trade_no"] == number)
            if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= order["amount_fen"] - done:
                raise Refused(HTTPStatus.BAD_REQUEST, "refund amount exceeds what is left")
            refund = {
                "out_trade_no": number,
                "out_refund_no": refund_no,
                "refund_no": f"FR{uuid.uuid4().hex[:18].upper()}",
                "amount_fen": amount,
                "at": datetime.now(UTC).isoformat(),
            }
            self.refunds[refund_no] = refund
        return {"status": "succeeded", "refund_no": refund["refund_no"], "amount_fen": amount}

    def bill(self, day: date) -> dict[str, Any]:
        def on_day(moment: str) -> bool:
            return bool(moment) and timezone.localdate(datetime.fromisoformat(moment)) == day

        rows = [
            {
                "kind": "payment",
                "out_trade_no": o["out_trade_no"],
                "trade_no": o["trade_no"],
                "amount_fen": o["amount_fen"],
                "at": o["paid_at"],
            }
            for o in self.orders.values()
            if o["paid_at"] and on_day(o["paid_at"])
        ]
        rows += [
            {
                "kind": "refund",
                "out_trade_no": r["out_trade_no"],
                "out_refund_no": r["out_refund_no"],
                "trade_no": r["refund_no"],
                "amount_fen": r["amount_fen"],
                "at": r["at"],
            }
            for r in self.refunds.values()
            if on_day(r["at"])
        ]
        return {"rows": rows}


class Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def ledger(server: Any) -> Ledger:
    """The finance system's books, kept on the demo server."""
    found = getattr(server, "finance_ledger", None)
    if found is None:
        found = server.finance_ledger = Ledger()
    return found


def notify(order: dict[str, Any], key: tuple[str, str]) -> bool:
    """POST the signed payment notification to the order's notify_url; True when GovHall answered SUCCESS."""
    if not order["notify_url"].startswith(("http://", "https://")):
        return False
    payload = {
        "notification_id": f"FN{uuid.uuid4().hex.upper()}",
        "out_trade_no": order["out_trade_no"],
        "payment_code": order["payment_code"],
        "status": "paid",
        "amount_fen": order["amount_fen"],
        "trade_no": order["trade_no"],
        "paid_at": order["paid_at"],
    }
    return post_signed(order["notify_url"], payload, key)


def post_signed(url: str, payload: dict[str, Any], key: tuple[str, str]) -> bool:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 (the notify URL GovHall gave)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Access-Key-Id": key[0],
            "X-Timestamp": timestamp,
            "X-Nonce": uuid.uuid4().hex,
            "X-Signature": signature(key[1], timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return bool(json.loads(response.read()).get("code") == "SUCCESS")
    except (OSError, ValueError):
        return False


def answer(handler: BaseHTTPRequestHandler) -> None:
    """Serve one request under /finance/ (called by outside.py's handler)."""
    books = ledger(handler.server)
    path = urllib.parse.urlsplit(handler.path).path
    key: tuple[str, str] = handler.server.keys.get(f"{PREFIX}/", ("", ""))  # type: ignore[attr-defined]
    try:
        length = int(handler.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        body = handler.rfile.read(length)
        if path == f"{PREFIX}/counter":
            _counter(handler, books, body, key)
            return
        _check_signature(handler, body, key)
        data = json.loads(body) if body else {}
        result = _route(books, handler.command, path, data)
        status = HTTPStatus.OK
    except Refused as refused:
        status, result = refused.status, {"error": str(refused)}
    except (ValueError, KeyError, TypeError) as error:
        status, result = HTTPStatus.BAD_REQUEST, {"error": f"bad request: {error}"}
    _send(handler, status, "application/json; charset=utf-8", json.dumps(result, ensure_ascii=False).encode())


def _route(books: Ledger, method: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
    if method != "POST":
        raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, "POST only")
    if path == f"{PREFIX}/orders":
        return books.create(data)
    if path == f"{PREFIX}/orders/query":
        return books.query(str(data["out_trade_no"]))
    if path == f"{PREFIX}/orders/close":
        return books.close(str(data["out_trade_no"]))
    if path == f"{PREFIX}/refunds":
        return books.refund(data)
    if path == f"{PREFIX}/bill":
        return books.bill(date.fromisoformat(str(data["day"])))
    raise Refused(HTTPStatus.NOT_FOUND, "no such service")


def _check_signature(handler: BaseHTTPRequestHandler, body: bytes, key: tuple[str, str]) -> None:
    import hmac

    key_id, secret = key
    timestamp = handler.headers.get("X-Timestamp", "")
    if not key_id or handler.headers.get("X-Access-Key-Id") != key_id:
        raise Refused(HTTPStatus.UNAUTHORIZED, "unknown access key")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
        raise Refused(HTTPStatus.UNAUTHORIZED, "timestamp missing or too old")
    if not hmac.compare_digest(handler.headers.get("X-Signature", ""), signature(secret, timestamp, body)):
        raise Refused(HTTPStatus.UNAUTHORIZED, "bad signature")


PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>非税缴款（演示银行柜台）</title>
<style>body{{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
input{{font-size:1.2rem;width:100%;box-sizing:border-box;padding:.5rem}}button{{font-size:1.1rem;margin-top:1rem;padding:.5rem 1.5rem}}
.error{{color:#b00020}}.ok{{color:#1b5e20}}</style></head><body>
<h1>非税收入缴款</h1><p>演示银行柜台：输入 20 位缴款码，核对金额后缴款。</p>{message}
<form method="post"><label for="code">缴款码</label>
<input id="code" name="code" inputmode="numeric" autocomplete="off" maxlength="20" required value="{code}">
<button type="submit">缴款</button></form></body></html>"""


def _counter(handler: BaseHTTPRequestHandler, books: Ledger, body: bytes, key: tuple[str, str]) -> None:
    message, code, status = "", "", HTTPStatus.OK
    if handler.command == "POST":
        code = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("code", [""])[0].strip()[:40]
        try:
            order = books.pay(code)
            delivered = notify(order, key)
            message = (
                f'<p class="ok" role="status">缴款成功：{html.escape(order["description"])}，'
                f"金额 {order['amount_fen'] // 100}.{order['amount_fen'] % 100:02d} 元，"
                f"交易号 {html.escape(order['trade_no'])}。{'已通知政务服务平台。' if delivered else '通知暂未送达。'}</p>"
            )
        except Refused as refused:
            status = refused.status
            message = f'<p class="error" role="alert">{html.escape(str(refused))}</p>'
    elif handler.command != "GET":
        status = HTTPStatus.METHOD_NOT_ALLOWED
    page = PAGE.format(message=message, code=html.escape(code))
    _send(handler, status, "text/html; charset=utf-8", page.encode())


def _send(handler: BaseHTTPRequestHandler, status: HTTPStatus, content_type: str, data: bytes) -> None:
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        return
